package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
)

// Main runs a package's tests and stops any PostgreSQL server they started.
// Use it from TestMain: func TestMain(m *testing.M) { storetest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	StopStarted()
	os.Exit(code)
}

// Dialects are the databases every storage test runs on.
var Dialects = []store.Dialect{store.SQLite, store.Postgres}

// URL returns a fresh, empty database of the dialect for this test.
func URL(t testing.TB, d store.Dialect) string {
	t.Helper()
	switch d {
	case store.SQLite:
		return "sqlite://" + filepath.Join(t.TempDir(), "rota.db")
	case store.Postgres:
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		u, drop, err := CreateDatabase(ctx)
		if err != nil {
			t.Fatalf("PostgreSQL for tests: %v", err)
		}
		t.Cleanup(drop)
		return u
	}
	t.Fatalf("unknown dialect %q", d)
	return ""
}

// Options are used by Open; tests may set a clock.
type Options = store.Options

// Open returns a migrated store on a fresh database of the dialect.
func Open(t testing.TB, d store.Dialect, opts Options) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, URL(t, d), opts)
	if err != nil {
		t.Fatalf("open %s: %v", d, err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", d, err)
	}
	return db
}

// Each runs fn as a subtest on a fresh migrated store of every dialect.
func Each(t *testing.T, opts Options, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) {
			fn(t, Open(t, d, opts))
		})
	}
}

// Clock is a settable clock for tests.
type Clock struct{ t time.Time }

// NewClock returns a clock reading at.
func NewClock(at time.Time) *Clock { return &Clock{t: at.UTC()} }

// Now reads the clock.
func (c *Clock) Now() time.Time { return c.t }

// Set moves the clock to at.
func (c *Clock) Set(at time.Time) { c.t = at.UTC() }

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) { c.t = c.t.Add(d) }

// String names the clock's reading.
func (c *Clock) String() string { return fmt.Sprint(c.t) }
