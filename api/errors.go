package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

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
	if status == http.StatusTooManyRequests && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "1")
	}
	c.AbortWithStatusJSON(status, errorBody{Error: d})
}

// bindJSON decodes the request body strictly into dst: unknown fields,
// wrong types and malformed JSON are invalid input naming the field.
func bindJSON(c *gin.Context, dst any) error {
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
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
