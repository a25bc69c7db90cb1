package load

// ValidationError reports bad input: a threshold, an engineer, a page or a
// period that the package refuses. Field names the offending input in the
// declarative file's and the API's terms, such as "sleep_interruptions",
// "engineers[2].time_zone" or "at".
type ValidationError struct {
	Field   string
	Message string
}

// Error returns the field and the message.
func (e *ValidationError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// ErrorCode returns "invalid", the code the HTTP layer maps to 400.
func (e *ValidationError) ErrorCode() string { return "invalid" }

// ErrorField returns the name of the field at fault.
func (e *ValidationError) ErrorField() string { return e.Field }

// ErrorMessage returns the message, which is safe to show a user.
func (e *ValidationError) ErrorMessage() string { return e.Message }

func invalid(field, msg string) *ValidationError {
	return &ValidationError{Field: field, Message: msg}
}
