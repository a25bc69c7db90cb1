package twilio

import (
	"mime"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/rotaoncall/rota"
)

// ParseWebhookForm reads the body of a Twilio webhook (SMS, voice and
// status callbacks): a form, application/x-www-form-urlencoded, as Twilio
// sends it. Each parameter must come once: twilio-go checks the signature
// over the first value of each parameter, so a second value would be read
// by no one and signed by no one. Values must be UTF-8 without NUL bytes,
// which the database cannot store. Problems are rota errors naming the
// field: Content-Type (415), body or the parameter (400).
func ParseWebhookForm(contentType string, body []byte) (url.Values, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, &rota.Error{Code: rota.EUnsupportedMedia, Field: "Content-Type",
			Message: "a Twilio webhook is a form: send Content-Type: application/x-www-form-urlencoded"}
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") && !strings.EqualFold(cs, "utf8") {
		return nil, &rota.Error{Code: rota.EUnsupportedMedia, Field: "Content-Type", Message: "a Twilio webhook form is UTF-8"}
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, rota.Invalid("body", "the body is not a form")
	}
	for name, vs := range form {
		field := name
		if field == "" || len(field) > 64 || !utf8.ValidString(field) || strings.IndexByte(field, 0) >= 0 {
			field = "body"
		}
		switch {
		case !utf8.ValidString(name) || strings.IndexByte(name, 0) >= 0:
			return nil, rota.Invalid(field, "a parameter name is not UTF-8 text")
		case len(vs) > 1:
			return nil, rota.Invalid(field, "the parameter is given %d times; Twilio sends each once", len(vs))
		case !utf8.ValidString(vs[0]) || strings.IndexByte(vs[0], 0) >= 0:
			return nil, rota.Invalid(field, "the value is not UTF-8 text")
		}
	}
	return form, nil
}
