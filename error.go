package rota

import (
	"errors"
	"fmt"
	"time"
)

// Error codes understood by the HTTP layer. Each maps to one HTTP status.
const (
	EInvalid         = "invalid"         // 400: bad input; Field names it
	EUnauthenticated = "unauthenticated" // 401
	EForbidden       = "forbidden"       // 403
	ENotFound        = "not_found"       // 404
	EConflict        = "conflict"        // 409
	ETooLarge        = "too_large"       // 413
	// EUnsupportedMedia is a body in a format the endpoint does not read
	// (JSON sent without Content-Type: application/json); Field names the
	// header.
	EUnsupportedMedia = "unsupported_media_type" // 415
	ERateLimited      = "rate_limited"           // 429
	EUnavailable      = "unavailable"            // 503
	EInternal         = "internal"               // 500: the message is never shown
)

// EPasswordChangeRequired is 403: the caller signed in with a one-time
// password and must choose a new one before anything else.
const EPasswordChangeRequired = "password_change_required"

// EMethodNotAllowed is 405: the path exists, but not with this method.
const EMethodNotAllowed = "method_not_allowed"

// Error is a domain error: a code, a message safe to show a user and, for
// bad input, the field at fault.
type Error struct {
	Code    string
	Message string
	Field   string
	// RetryAfter, for ERateLimited, is how long until trying again helps.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (field %s)", e.Code, e.Message, e.Field)
	}
	return e.Code + ": " + e.Message
}

// ErrorCode returns the error's code; the HTTP layer maps codes to statuses.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorField returns the name of the field at fault, if any.
func (e *Error) ErrorField() string { return e.Field }

// ErrorMessage returns the user-safe message.
func (e *Error) ErrorMessage() string { return e.Message }

// Errorf returns an Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EInvalid error naming the field at fault.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Message: fmt.Sprintf(format, args...), Field: field}
}

// Coded is implemented by errors that carry a code, including Error and the
// scheduler's validation errors (which cannot import this package).
type Coded interface {
	error
	ErrorCode() string
}

// ErrorCode returns the code of the first coded error in err's chain, or
// EInternal when there is none.
func ErrorCode(err error) string {
	var c Coded
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	return EInternal
}

// IsCode reports whether err carries the code.
func IsCode(err error, code string) bool { return err != nil && ErrorCode(err) == code }

// ErrorMessage returns the user-safe message of a coded error, or a generic
// one for internal errors.
func ErrorMessage(err error) string {
	var c Coded
	if !errors.As(err, &c) {
		return "internal error"
	}
	if m, ok := c.(interface{ ErrorMessage() string }); ok {
		return m.ErrorMessage()
	}
	return c.Error()
}
