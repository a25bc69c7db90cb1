package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/rotaoncall/rota"
)

// dbError is a database failure that carries a code for the HTTP layer:
// rota.EUnavailable when the database cannot be reached or cannot take the
// work now (retrying later helps), rota.EInvalid when it refused a value
// (retrying never helps). It keeps the driver's error for the logs; the
// message shown to callers says nothing of the database's internals.
type dbError struct {
	code string
	msg  string
	err  error
}

func (e *dbError) Error() string        { return e.msg + ": " + e.err.Error() }
func (e *dbError) Unwrap() error        { return e.err }
func (e *dbError) ErrorCode() string    { return e.code }
func (e *dbError) ErrorMessage() string { return e.msg }

// classify gives a driver error its code: unavailable or a refused value.
// Other errors (and errors that already carry a code) are returned as they
// are.
func classify(err error) error {
	var c rota.Coded
	switch {
	case err == nil:
		return nil
	case errors.As(err, &c):
		return err
	case unavailable(err):
		return &dbError{code: rota.EUnavailable, msg: "the database is unavailable; retry shortly", err: err}
	case refusedValue(err):
		return &dbError{code: rota.EInvalid, msg: "the database refused a value as invalid or too large", err: err}
	}
	return err
}

// unavailable reports whether err means the database is away, overloaded or
// shutting down rather than that the statement was wrong.
func unavailable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), // connection exception
			strings.HasPrefix(pe.Code, "53"), // insufficient resources
			strings.HasPrefix(pe.Code, "57"), // operator intervention: shutdown, cancelled
			strings.HasPrefix(pe.Code, "58"), // system error (I/O)
			pe.Code == "40001",               // serialization failure
			pe.Code == "40P01",               // deadlock detected
			pe.Code == "55P03",               // lock not available
			pe.Code == "25006":               // read-only transaction (a standby)
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	var se interface{ Code() int } // modernc/glebarez SQLite errors
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), pgconn.Timeout(err),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		// database/sql does not export it: a pool closed at shutdown.
		strings.Contains(err.Error(), "sql: database is closed"),
		strings.Contains(err.Error(), "conn closed"):
		return true
	case errors.As(err, &se):
		switch se.Code() & 0xff {
		case 5, 6, 8, 10, 13, 14, 15: // BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL
			return true
		}
	}
	return false
}

// refusedValue reports whether the database refused a value itself: bad
// encoding (a NUL byte in text), a value out of range, a key too large for
// its index. Intake validates against these before writing; this is the net
// under that check, so that such a value is a 400, never a 503 that a
// monitor retries forever.
func refusedValue(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return strings.HasPrefix(pe.Code, "22") || // data exception
			strings.HasPrefix(pe.Code, "54") // program limit exceeded (index row size)
	}
	var se interface{ Code() int }
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case 18, 20: // TOOBIG, MISMATCH
			return true
		}
	}
	return false
}
