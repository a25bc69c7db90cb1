package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/migrations"
)

// Dialect names the database behind a DB.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a handle on Rota's database.
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect Dialect
	now     func() time.Time
	log     *slog.Logger
	// writeMu serialises write transactions on SQLite, which allows one
	// writer at a time: waiting on a Go mutex is fair and immediate, where
	// SQLite's busy handler sleeps and retries. inTx marks a copy bound to a
	// transaction that already holds it.
	writeMu *sync.Mutex
	inTx    bool
	// relaxed commits without waiting for the disk (PostgreSQL's
	// synchronous_commit off; the same pool on SQLite): only for writes that
	// a database crash may lose without breaking a promise — an outbox
	// "sent" mark, whose loss means the page is sent again (at least once).
	relaxed    *gorm.DB
	relaxedSQL *sql.DB
}

// Options configure Open.
type Options struct {
	// Now is the clock; it also becomes gorm's NowFunc (in UTC).
	Now func() time.Time
	// Logger receives slow-query and error logs; nil discards them.
	Logger *slog.Logger
	// MaxOpenConns caps the pool; zero picks a default per dialect.
	MaxOpenConns int
}

// ParseURL checks a database URL and returns its dialect and the driver DSN.
// It accepts sqlite://PATH (relative or absolute; sqlite:///abs/path) and
// postgres:// or postgresql:// URLs.
func ParseURL(raw string) (Dialect, string, error) {
	switch {
	case strings.HasPrefix(raw, "sqlite://"):
		path := strings.TrimPrefix(raw, "sqlite://")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		if path == "" {
			return "", "", fmt.Errorf("database URL %q has no file path (want sqlite://PATH)", raw)
		}
		if path == ":memory:" {
			return "", "", fmt.Errorf("database URL %q: in-memory SQLite is per connection; use a file", raw)
		}
		dsn := path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
		return SQLite, dsn, nil
	case strings.HasPrefix(raw, "postgres://"), strings.HasPrefix(raw, "postgresql://"):
		u, err := url.Parse(raw)
		if err != nil {
			return "", "", fmt.Errorf("database URL is malformed: %v", redactURLError(err))
		}
		if u.Host == "" && u.Query().Get("host") == "" {
			return "", "", errors.New("database URL has no host (want postgres://USER:PASSWORD@HOST:PORT/DB)")
		}
		q := u.Query()
		if q.Get("connect_timeout") == "" {
			q.Set("connect_timeout", "10")
			u.RawQuery = q.Encode()
		}
		return Postgres, u.String(), nil
	default:
		return "", "", fmt.Errorf("database URL %q is not supported (want sqlite://PATH or postgres://…)", redact(raw))
	}
}

// redact hides a password in a URL-ish string for error messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	if len(raw) > 40 {
		return raw[:40] + "…"
	}
	return raw
}

func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Open connects to the database at rawURL and checks that it answers. It
// does not migrate; call Migrate.
func Open(ctx context.Context, rawURL string, opts Options) (*DB, error) {
	dialect, dsn, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var dial gorm.Dialector
	switch dialect {
	case SQLite:
		path := dsn[:strings.IndexByte(dsn, '?')]
		if err := checkSQLitePath(path); err != nil {
			return nil, err
		}
		dial = sqlite.Open(dsn)
	case Postgres:
		dial = postgres.New(postgres.Config{DSN: dsn})
	}
	g, err := gorm.Open(dial, &gorm.Config{
		TranslateError:         true,
		NowFunc:                func() time.Time { return now().UTC() },
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		return nil, fmt.Errorf("cannot reach the %s database: %s", dialect, oneLine(err))
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	max := opts.MaxOpenConns
	if max == 0 {
		max = 16
		if dialect == SQLite {
			max = 4
		}
	}
	sqlDB.SetMaxOpenConns(max)
	sqlDB.SetMaxIdleConns(max)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("cannot reach the %s database: %s", dialect, oneLine(err))
	}
	if dialect == SQLite {
		// WAL needs a writable directory and file; prove it now rather than on
		// the first alert.
		if _, err := sqlDB.ExecContext(pingCtx, "CREATE TABLE IF NOT EXISTS rota_probe (x INTEGER); DROP TABLE rota_probe"); err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("SQLite database is not writable: %s", oneLine(err))
		}
	}
	db := &DB{gorm: g, sql: sqlDB, dialect: dialect, now: now, log: log, writeMu: &sync.Mutex{}}
	db.relaxed = g
	if dialect == Postgres {
		// A few connections that commit without waiting for the disk, for
		// writes a database crash may lose without breaking a promise.
		u, _ := url.Parse(dsn)
		q := u.Query()
		q.Set("synchronous_commit", "off")
		u.RawQuery = q.Encode()
		r, err := gorm.Open(postgres.New(postgres.Config{DSN: u.String()}), &gorm.Config{TranslateError: true, NowFunc: g.Config.NowFunc,
			Logger: logger.Discard, SkipDefaultTransaction: true})
		if err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("cannot reach the %s database: %s", dialect, oneLine(err))
		}
		rdb, _ := r.DB()
		rdb.SetMaxOpenConns(4)
		rdb.SetMaxIdleConns(4)
		rdb.SetConnMaxIdleTime(5 * time.Minute)
		db.relaxed, db.relaxedSQL = r, rdb
	}
	return db, nil
}

func checkSQLitePath(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("SQLite directory %s does not exist", dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("SQLite path %s: %s is not a directory", path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("SQLite path %s is a directory", path)
	}
	return nil
}

func oneLine(err error) string {
	s := err.Error()
	s = strings.ReplaceAll(s, "\n", " ")
	return s
}

// Dialect reports which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Now returns the store's clock reading in UTC.
func (db *DB) Now() time.Time { return db.now().UTC() }

// Ping checks the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// Close closes the pool.
func (db *DB) Close() error {
	if db.relaxedSQL != nil {
		db.relaxedSQL.Close()
	}
	return db.sql.Close()
}

// SQL exposes the underlying pool for tests and tools that need raw access.
func (db *DB) SQL() *sql.DB { return db.sql }

func (db *DB) provider() (*goose.Provider, error) {
	var (
		d     goose.Dialect
		sub   string
		gopts = []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	)
	switch db.dialect {
	case SQLite:
		d, sub = goose.DialectSQLite3, "sqlite"
	case Postgres:
		d, sub = goose.DialectPostgres, "postgres"
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		gopts = append(gopts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations.FS, sub)
	if err != nil {
		return nil, err
	}
	return goose.NewProvider(d, db.sql, fsys, gopts...)
}

// ErrSchemaTooNew is returned when the database was migrated by a newer Rota.
var ErrSchemaTooNew = errors.New("database schema is newer than this Rota knows")

// Migrate applies pending migrations under a lock (an advisory lock on
// PostgreSQL; SQLite serialises writers itself) and returns the versions
// applied. It refuses a schema newer than the binary knows.
func (db *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	if err := db.checkNotTooNew(ctx, p); err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var applied []int64
	for _, r := range res {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

func (db *DB) checkNotTooNew(ctx context.Context, p *goose.Provider) error {
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > target {
		return fmt.Errorf("%w: database is at version %d, this binary knows up to %d; upgrade Rota", ErrSchemaTooNew, current, target)
	}
	return nil
}

// MigrationStatus is one migration's state.
type MigrationStatus struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// MigrationStatus lists every known migration and whether it is applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationStatus, error) {
	p, err := db.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{
			Version:   s.Source.Version,
			Name:      filepath.Base(s.Source.Path),
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// CheckSchema returns an error unless the schema is exactly at the version
// this binary knows (used by readiness and by commands that do not migrate).
func (db *DB) CheckSchema(ctx context.Context) error {
	p, err := db.provider()
	if err != nil {
		return err
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return err
	}
	switch {
	case current > target:
		return fmt.Errorf("%w: database is at version %d, this binary knows up to %d", ErrSchemaTooNew, current, target)
	case current < target:
		return fmt.Errorf("database schema is at version %d, want %d: run rota migrate up", current, target)
	}
	return nil
}

// tx runs fn in one transaction.
func (db *DB) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	defer db.lockWrites()()
	if db.dialect == SQLite {
		return classify(db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(takeWriteLock).Error; err != nil {
				return err
			}
			return fn(tx)
		}))
	}
	return classify(db.gorm.WithContext(ctx).Transaction(fn))
}

// exec1 runs fn, which must issue one statement, outside a transaction
// (it commits on its own: one round trip instead of three), holding the
// SQLite writer lock like tx.
func (db *DB) exec1(ctx context.Context, fn func(g *gorm.DB) error) error {
	defer db.lockWrites()()
	return fn(db.gorm.WithContext(ctx))
}

// takeWriteLock is a write that changes nothing, run first in every SQLite
// transaction so that it holds the database's write lock from the start,
// waiting for it under busy_timeout. The DSN asks for that with
// _txlock=immediate, but the driver (glebarez/go-sqlite v1.23.0) stops
// reading the DSN at _time_format and begins deferred transactions, and a
// deferred transaction that reads and then writes fails at once with
// SQLITE_BUSY when another process wrote in between: writeMu only orders
// this process's transactions.
const takeWriteLock = "UPDATE users SET id = id WHERE 0"

// lockWrites takes the SQLite writer lock unless this DB is already inside
// a transaction; it returns the unlock.
func (db *DB) lockWrites() func() {
	if db.dialect != SQLite || db.inTx {
		return func() {}
	}
	db.writeMu.Lock()
	return db.writeMu.Unlock
}

// translate turns gorm errors into rota errors; what names the object. A
// database that is away is rota.EUnavailable (see classify).
func translate(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return rota.Errorf(rota.ENotFound, "%s not found", what)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return rota.Errorf(rota.EConflict, "%s already exists", what)
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return rota.Errorf(rota.EInvalid, "%s refers to something that does not exist", what)
	}
	var c rota.Coded
	if errors.As(err, &c) {
		return err
	}
	return classify(fmt.Errorf("%s: %w", what, err))
}
