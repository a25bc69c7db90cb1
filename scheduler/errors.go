package scheduler

// ValidationError reports bad input: a schedule, layer, override, swap or
// parsed value that the scheduler refuses. Field names the offending input
// with a JSON-path-like name such as "tiers.primary[1].shift" or
// "overrides[3].end"; it is empty for errors from the Parse functions,
// whose callers know which field they were parsing.
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

// ForbiddenError reports an actor who may not perform a swap transition,
// such as someone other than the target accepting a swap.
type ForbiddenError struct {
	Message string
}

// Error returns the message.
func (e *ForbiddenError) Error() string { return e.Message }

// ErrorCode returns "forbidden", the code the HTTP layer maps to 403.
func (e *ForbiddenError) ErrorCode() string { return "forbidden" }

// ErrorMessage returns the message, which is safe to show a user.
func (e *ForbiddenError) ErrorMessage() string { return e.Message }

// ConflictError reports a swap transition that the swap's current state
// does not allow, such as accepting a swap that was already cancelled.
type ConflictError struct {
	Message string
}

// Error returns the message.
func (e *ConflictError) Error() string { return e.Message }

// ErrorCode returns "conflict", the code the HTTP layer maps to 409.
func (e *ConflictError) ErrorCode() string { return "conflict" }

// ErrorMessage returns the message, which is safe to show a user.
func (e *ConflictError) ErrorMessage() string { return e.Message }
