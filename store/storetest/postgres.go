package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvURL names an existing PostgreSQL server to use instead of starting one.
// The role must be allowed to create databases.
const EnvURL = "ROTA_TEST_DATABASE_URL"

// Server is a throwaway PostgreSQL cluster in a temporary directory.
type Server struct {
	URL  string // postgres://rota@127.0.0.1:PORT/postgres?sslmode=disable
	dir  string
	bin  string
	cred *syscall.Credential
	opts string // the server's command-line options, for Restart
}

// FindBin returns the folder holding initdb and pg_ctl: from PATH, or the
// newest versioned bin folder of Debian's PostgreSQL packages.
func FindBin() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("pg_ctl"); err == nil {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("PostgreSQL binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin; install Debian's postgresql package or set " + EnvURL)
}

func versionOf(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// StartServer initialises and starts a cluster on a free loopback port,
// tuned for tests (no fsync). As root it runs the server as the postgres (or
// nobody) user, because initdb refuses to run as root.
func StartServer() (*Server, error) { return startServer(false) }

// StartDurableServer starts a cluster with PostgreSQL's durable defaults
// (fsync, synchronous commit), for benchmarks whose numbers must hold in
// production.
func StartDurableServer() (*Server, error) { return startServer(true) }

func startServer(durable bool) (*Server, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "rota-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		cred, err := unprivileged()
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.cred = cred
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", "rota", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v: %s", err, out)
	}
	for attempt := 0; ; attempt++ {
		port, err := freePort()
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c max_connections=300 -c shared_buffers=256MB", port, dir)
		if !durable {
			opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
		}
		out, err := s.run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start")
		if err == nil {
			s.URL = fmt.Sprintf("postgres://rota@127.0.0.1:%d/postgres?sslmode=disable", port)
			s.opts = opts
			return s, nil
		}
		if attempt == 3 {
			logText, _ := os.ReadFile(filepath.Join(dir, "log"))
			os.RemoveAll(dir)
			return nil, fmt.Errorf("pg_ctl start: %v: %s %s", err, out, logText)
		}
	}
}

// Crash stops the server the way a crash would (immediate shutdown: no
// checkpoint, connections cut, recovery from the WAL at the next start);
// Restart starts it again on the same port and data. Crash a server of the
// test's own: others' tests share ServerURL's.
func (s *Server) Crash() error {
	if out, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v: %s", err, out)
	}
	return nil
}

// Restart starts a crashed server again.
func (s *Server) Restart() error {
	if out, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-o", s.opts, "-l", filepath.Join(s.dir, "log"), "-w", "-t", "60", "start"); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	return nil
}

// Stop stops the server and removes its files.
func (s *Server) Stop() error {
	_, err := s.run("pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(s.dir)
	return err
}

func (s *Server) run(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd.CombinedOutput()
}

func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and no postgres or nobody user to run PostgreSQL as")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

var (
	serverOnce sync.Once
	serverURL  string
	serverErr  error
	started    *Server
)

// ServerURL returns the admin URL of the test PostgreSQL server, starting
// one for this process when ROTA_TEST_DATABASE_URL is unset. Main stops it.
func ServerURL() (string, error) {
	serverOnce.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			serverURL = u
			return
		}
		started, serverErr = StartServer()
		if serverErr == nil {
			serverURL = started.URL
		}
	})
	return serverURL, serverErr
}

// StopStarted stops a server ServerURL started, if any.
func StopStarted() {
	if started != nil {
		started.Stop()
		started = nil
	}
}

// CreateDatabase makes a fresh empty database on the test server and returns
// its URL; drop removes it.
func CreateDatabase(ctx context.Context) (dbURL string, drop func(), err error) {
	admin, err := ServerURL()
	if err != nil {
		return "", nil, err
	}
	conn, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "rota_test_" + hex.EncodeToString(b)
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close()
		return "", nil, fmt.Errorf("create test database: %w", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		conn.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	drop = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		conn.Close()
	}
	return u.String(), drop, nil
}

// Quote returns name as a PostgreSQL identifier.
func Quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
