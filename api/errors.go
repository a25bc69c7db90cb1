package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/rotaoncall/rota"
)

// errorBody is the one error shape: {"error": {"code", "message", "field"}}.
type errorBody struct {
	Error errorDTO `json:"error"`
}

type errorDTO struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// statusOf maps an error code to its HTTP status.
func statusOf(code string) int {
	switch code {
	case rota.EInvalid:
		return http.StatusBadRequest
	case rota.EUnauthenticated:
		return http.StatusUnauthorized
	case rota.EForbidden, rota.EPasswordChangeRequired:
		return http.StatusForbidden
	case rota.ENotFound:
		return http.StatusNotFound
	case rota.EMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case rota.EConflict:
		return http.StatusConflict
	case rota.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case rota.EUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case rota.ERateLimited:
		return http.StatusTooManyRequests
	case rota.EUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type fielded interface{ ErrorField() string }
type messaged interface{ ErrorMessage() string }

// toDTO converts any error into the wire shape; internal errors get a
// generic message.
func toDTO(err error) (int, errorDTO) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge, errorDTO{Code: rota.ETooLarge, Message: fmt.Sprintf("request body is larger than %d bytes", mbe.Limit)}
	}
	code := rota.ErrorCode(err)
	if code == rota.EInternal {
		return http.StatusInternalServerError, errorDTO{Code: rota.EInternal, Message: "internal error; the server log has details"}
	}
	var c rota.Coded
	errors.As(err, &c)
	d := errorDTO{Code: code, Message: c.Error()}
	if m, ok := c.(messaged); ok {
		d.Message = m.ErrorMessage()
	}
	if f, ok := c.(fielded); ok {
		d.Field = f.ErrorField()
	}
	return statusOf(code), d
}

// unavailableRetry is the Retry-After of a 503 that does not know better:
// long enough for a database failover, short enough that a retried alert
// still pages promptly.
const unavailableRetry = 5 * time.Second

// fail writes err as the error shape and aborts the request. Internal errors
// are logged in detail; others are the client's business.
func (s *Server) fail(c *gin.Context, err error) {
	status, d := toDTO(err)
	if status >= 500 {
		s.log.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "method", c.Request.Method, "err", err.Error(), "request_id", c.GetString(ctxRequestID))
	}
	var re *rota.Error
	if errors.As(err, &re) && re.RetryAfter > 0 {
		c.Header("Retry-After", retryAfter(re.RetryAfter))
	}
	if c.Writer.Header().Get("Retry-After") == "" {
		switch status {
		case http.StatusTooManyRequests:
			c.Header("Retry-After", "1")
		case http.StatusServiceUnavailable:
			c.Header("Retry-After", retryAfter(unavailableRetry))
		}
	}
	c.AbortWithStatusJSON(status, errorBody{Error: d})
}

// requireJSON refuses a request body not declared as JSON: a body is read
// as JSON only when its Content-Type says application/json or a +json type
// (application/vnd.api+json), with no charset but UTF-8, the one JSON has
// (RFC 8259). Anything else is 415 naming the header. Besides catching
// mistakes early, this keeps HTML forms of other sites (which can only send
// form and text types without a preflight) from posting JSON-looking
// bodies.
func requireJSON(r *http.Request) error {
	unsupported := func(format string, args ...any) error {
		return &rota.Error{Code: rota.EUnsupportedMedia, Field: "Content-Type", Message: fmt.Sprintf(format, args...)}
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return unsupported("the request has no Content-Type; send the body as JSON with Content-Type: application/json")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return unsupported("Content-Type %q is not a media type; send Content-Type: application/json", cutText(ct, 64))
	}
	if mt != "application/json" && !(strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json")) {
		return unsupported("Content-Type is %s; send the body as JSON with Content-Type: application/json", cutText(mt, 64))
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return unsupported("JSON is UTF-8; charset %q is not supported", cutText(cs, 32))
	}
	return nil
}

// cutText shortens what a client sent for an error message.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// bindJSON decodes the request body strictly into dst: a body not declared
// as JSON is 415 (see requireJSON); unknown fields, wrong types and
// malformed JSON are invalid input naming the field.
func bindJSON(c *gin.Context, dst any) error {
	if err := requireJSON(c.Request); err != nil {
		return err
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	// Token, not More: More reports false before a stray ] or }.
	if _, err := dec.Token(); err != io.EOF {
		return rota.Invalid("body", "request body has data after the JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return rota.Invalid("body", "request body is empty; send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return rota.Invalid("body", "request body is truncated JSON")
	case errors.As(err, &syn):
		return rota.Invalid("body", "malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		return rota.Invalid(field, "%s must be %s, not %s", field, jsonType(typ.Type.Kind().String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		name = cutText(name, 64)
		if name == "" {
			return rota.Invalid("body", "unknown field %q", name)
		}
		return rota.Invalid(name, "unknown field %q", name)
	}
	return rota.Invalid("body", "cannot read request body: %v", err)
}

func jsonType(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "map", "struct":
		return "an object"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "an integer"
	case "float32", "float64":
		return "a number"
	}
	return "a " + kind
}

// idParam parses a numeric path parameter.
func idParam(c *gin.Context, name string) (int64, error) {
	v := c.Param(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, rota.Errorf(rota.ENotFound, "no %s %q", strings.TrimSuffix(name, "_id"), v)
	}
	return id, nil
}

// formatID renders an id for JSON: ids are strings on the wire so that
// JavaScript never rounds them.
func formatID(id int64) string { return strconv.FormatInt(id, 10) }

// queryID reads an optional id from the query string: 0 when absent, an
// error naming the parameter when it is not an id.
func queryID(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	id := rota.ParseID(v)
	if id == 0 {
		return 0, rota.Invalid(name, "%s must be an id", name)
	}
	return id, nil
}
