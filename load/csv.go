package load

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// The history import's columns, in the order Rota writes them. A file may
// list them in any order, each exactly once.
var importColumns = []string{"at", "email", "alert", "channel"}

// Limits of the history import.
const (
	// MaxImportErrors is how many row errors an ImportError lists; the
	// rest are only counted.
	MaxImportErrors = 100
	// MaxAlertLength is the longest alert field, in bytes.
	MaxAlertLength = 1024
)

// ImportChannels are the channels a history file may name. Email pages
// are kept but never interrupt.
var ImportChannels = []Channel{ChannelSMS, ChannelVoice, ChannelPush, ChannelPagerDuty, ChannelEmail}

// ImportedPage is one valid row of a history file.
type ImportedPage struct {
	// Line is the row's line in the file (1 is the header).
	Line int
	At   time.Time
	// Email is the address as normalised (trimmed, lower case) and
	// EngineerID what the lookup returned for it.
	Email      string
	EngineerID string
	// Alert is the other tool's alert key or name: pages with one alert
	// interrupt an engineer once.
	Alert   string
	Channel Channel
}

// Page returns the row as a page, marked imported.
func (p ImportedPage) Page() Page {
	return Page{EngineerID: p.EngineerID, AlertID: p.Alert, At: p.At, Channel: p.Channel, Imported: true}
}

// RowError is one problem in a history file. Line is 1-based; Column is
// the 1-based number of the field (1 for the first column of the line),
// or 0 when the problem concerns the line as a whole; Field is the
// column's header name when known.
type RowError struct {
	Line    int
	Column  int
	Field   string
	Message string
}

// Error returns "line 3, column 1 (at): …".
func (e RowError) Error() string {
	switch {
	case e.Column == 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	case e.Field == "":
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("line %d, column %d (%s): %s", e.Line, e.Column, e.Field, e.Message)
}

// ImportError reports every problem found in a history file: the first
// MaxImportErrors in file order, and how many more there were.
type ImportError struct {
	Errors []RowError
	More   int
}

// Error lists the problems, one per line.
func (e *ImportError) Error() string {
	var b strings.Builder
	for i, re := range e.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(re.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\nand %d more", e.More)
	}
	return b.String()
}

// ErrorCode returns "invalid", the code the HTTP layer maps to 400.
func (e *ImportError) ErrorCode() string { return "invalid" }

// ErrorField names the column of the first problem, or "file".
func (e *ImportError) ErrorField() string {
	if len(e.Errors) > 0 && e.Errors[0].Field != "" {
		return e.Errors[0].Field
	}
	return "file"
}

// ErrorMessage returns the problems, which are safe to show a user.
func (e *ImportError) ErrorMessage() string { return e.Error() }

func (e *ImportError) add(re RowError) {
	if len(e.Errors) < MaxImportErrors {
		e.Errors = append(e.Errors, re)
	} else {
		e.More++
	}
}

// ParseCSV reads a history file: a header naming the columns at, email,
// alert and channel, then one page per row, with at in RFC 3339 (a zone
// offset is required) and channel one of ImportChannels. Fields are
// trimmed; email and channel are case-insensitive. lookup maps a
// normalised email to an engineer ID; an address it does not know is an
// error. Every row is checked before anything is returned: on any problem
// ParseCSV returns no rows and an *ImportError listing them.
func ParseCSV(r io.Reader, lookup func(email string) (engineerID string, ok bool)) ([]ImportedPage, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	errs := &ImportError{}
	fail := func() ([]ImportedPage, error) { return nil, errs }

	header, err := cr.Read()
	if err == io.EOF {
		errs.add(RowError{Line: 1, Message: "the file is empty; its first line must be the header at,email,alert,channel"})
		return fail()
	}
	if err != nil {
		return syntaxError(errs, err)
	}
	col := map[string]int{} // column name → field index
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if i == 0 {
			name = strings.TrimPrefix(name, "\ufeff")
		}
		switch {
		case !isImportColumn(name):
			errs.add(RowError{Line: 1, Column: i + 1, Message: fmt.Sprintf("unknown column %q; the columns are at, email, alert and channel", h)})
		case col[name] != 0:
			errs.add(RowError{Line: 1, Column: i + 1, Field: name, Message: fmt.Sprintf("column %s appears twice", name)})
		default:
			col[name] = i + 1
		}
	}
	for _, c := range importColumns {
		if col[c] == 0 {
			errs.add(RowError{Line: 1, Message: fmt.Sprintf("the header has no %s column; it must name at, email, alert and channel", c)})
		}
	}
	if len(errs.Errors) > 0 {
		return fail()
	}
	width := len(header)

	var out []ImportedPage
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return syntaxError(errs, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			errs.add(RowError{Line: line, Message: fmt.Sprintf("the row has %d fields, the header %d", len(rec), width)})
			continue
		}
		p := ImportedPage{Line: line}
		ok := true
		bad := func(name, msg string) {
			errs.add(RowError{Line: line, Column: col[name], Field: name, Message: msg})
			ok = false
		}
		field := func(name string) string { return strings.TrimSpace(rec[col[name]-1]) }

		if t, msg := parseImportTime(field("at")); msg != "" {
			bad("at", msg)
		} else {
			p.At = t
		}

		email := strings.ToLower(field("email"))
		switch a, err := mail.ParseAddress(email); {
		case email == "":
			bad("email", "an email address is required")
		case err != nil || a.Address != email:
			bad("email", fmt.Sprintf("%q is not an email address", email))
		default:
			id, known := lookup(email)
			if !known {
				bad("email", fmt.Sprintf("unknown email %q: no engineer has this address", email))
			}
			p.Email, p.EngineerID = email, id
		}

		switch alert := field("alert"); {
		case alert == "":
			bad("alert", "an alert is required")
		case !utf8.ValidString(alert):
			bad("alert", "the alert is not valid UTF-8")
		case len(alert) > MaxAlertLength:
			bad("alert", fmt.Sprintf("the alert is longer than %d bytes", MaxAlertLength))
		default:
			p.Alert = alert
		}

		ch := Channel(strings.ToLower(field("channel")))
		if !isImportChannel(ch) {
			bad("channel", fmt.Sprintf("unknown channel %q; it must be sms, voice, push, pagerduty or email", field("channel")))
		}
		p.Channel = ch

		if ok && len(errs.Errors) == 0 {
			out = append(out, p)
		}
	}
	if len(errs.Errors) > 0 {
		return fail()
	}
	return out, nil
}

func isImportColumn(name string) bool {
	for _, c := range importColumns {
		if name == c {
			return true
		}
	}
	return false
}

func isImportChannel(c Channel) bool {
	for _, k := range ImportChannels {
		if c == k {
			return true
		}
	}
	return false
}

// parseImportTime parses an RFC 3339 instant, or says what is wrong.
func parseImportTime(s string) (time.Time, string) {
	if s == "" {
		return time.Time{}, "a time is required"
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04"} {
			if _, err := time.Parse(layout, s); err == nil {
				return time.Time{}, fmt.Sprintf("%q has no zone offset; write it in RFC 3339, like 2026-03-02T03:00:00Z or 2026-03-02T04:00:00+01:00", s)
			}
		}
		return time.Time{}, fmt.Sprintf("%q is not an RFC 3339 time, like 2026-03-02T03:00:00Z", s)
	}
	if t.Before(minInstant) || !t.Before(maxInstant) {
		return time.Time{}, fmt.Sprintf("%q is not between 1900 and 2200", s)
	}
	return t, ""
}

// syntaxError reports a CSV syntax error as a row error; the reader
// cannot be trusted after one, so parsing stops there. Any other error is
// the reader's own and is returned wrapped.
func syntaxError(errs *ImportError, err error) ([]ImportedPage, error) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		errs.add(RowError{Line: pe.Line, Message: fmt.Sprintf("%v (at byte %d of the line)", pe.Err, pe.Column)})
		return nil, errs
	}
	return nil, fmt.Errorf("reading the history file: %w", err)
}
