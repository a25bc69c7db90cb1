package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestMain doubles as the rota command: with ROTA_TEST_AS_ROTA=1 the test
// binary runs rota with its arguments, so that tests can start (and kill)
// real rota processes without building the binary.
func TestMain(m *testing.M) {
	if os.Getenv("ROTA_TEST_AS_ROTA") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	storetest.Main(m)
}

// runCLI runs the CLI in-process with only the given environment.
func runCLI(t *testing.T, envv map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return envv[k] }, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndConfigErrors(t *testing.T) {
	dir := t.TempDir()
	ro := filepath.Join(dir, "file")
	os.WriteFile(ro, []byte("x"), 0o644)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown flag", nil, []string{"serve", "--bogus"}, "unknown flag: --bogus"},
		{"unknown command", nil, []string{"launch"}, `unknown command "launch"`},
		{"malformed database URL", map[string]string{"ROTA_DATABASE_URL": "mysql://u:secret@h/db"}, []string{"migrate", "status"}, "not supported"},
		{"malformed postgres URL", map[string]string{"ROTA_DATABASE_URL": "postgres://u:p@h:port/db"}, []string{"migrate", "status"}, "malformed"},
		{"unreachable database", nil, []string{"--database-url", "postgres://rota@127.0.0.1:1/rota?connect_timeout=2", "migrate", "up"}, "cannot reach the postgres database"},
		{"unwritable SQLite path", nil, []string{"--database-url", "sqlite://" + filepath.Join(ro, "rota.db"), "migrate", "up"}, "SQLite"},
		{"missing SQLite dir", nil, []string{"--database-url", "sqlite://" + filepath.Join(dir, "no", "rota.db"), "serve"}, "does not exist"},
		{"bad listen", map[string]string{"ROTA_LISTEN": "nonsense"}, []string{"serve"}, "listen address"},
		{"bad public URL", nil, []string{"--public-url", "ftp://x", "serve"}, "public URL"},
		{"bad clock start", map[string]string{"ROTA_CLOCK_START": "13 January 2027"}, []string{"serve"}, "clock start"},
		{"missing secret file", map[string]string{"ROTA_TWILIO_AUTH_TOKEN_FILE": filepath.Join(dir, "nope")}, []string{"version"}, "ROTA_TWILIO_AUTH_TOKEN_FILE"},
		{"user create without email", nil, []string{"user", "create", "--name", "X"}, "email"},
		{"user create bad zone", nil, []string{"user", "create", "--email", "a@b.co", "--name", "A", "--time-zone", "Nowhere/Land"}, "time zone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tc.env, tc.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", code, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Fatalf("stderr %q does not name %q", stderr, tc.want)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n != 0 {
				t.Fatalf("error is %d lines, want one: %q", n+1, stderr)
			}
			if strings.Contains(stderr, "secret") || strings.Contains(stderr, "panic") {
				t.Fatalf("stderr leaks or panics: %q", stderr)
			}
		})
	}
}

func TestSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "db")
	os.WriteFile(f, []byte("sqlite://"+filepath.Join(dir, "x.db")+"\n"), 0o600)
	code, out, stderr := runCLI(t, map[string]string{"ROTA_DATABASE_URL_FILE": f}, "migrate", "up")
	if code != 0 || !strings.Contains(out, "Applied migration 00001") {
		t.Fatalf("exit %d, %q %q", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.db")); err != nil {
		t.Fatal("the URL from the _FILE was not used")
	}
}

func TestMigrateAndUserCreate(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			env := map[string]string{"ROTA_DATABASE_URL": storetest.URL(t, d)}
			code, out, errs := runCLI(t, env, "migrate", "status")
			if code != 0 || !strings.Contains(out, "pending") {
				t.Fatalf("status before: %d %q %q", code, out, errs)
			}
			if code, out, _ = runCLI(t, env, "migrate", "up"); code != 0 || !strings.Contains(out, "Applied") {
				t.Fatalf("up: %d %q", code, out)
			}
			if code, out, _ = runCLI(t, env, "migrate", "up"); code != 0 || !strings.Contains(out, "up to date") {
				t.Fatalf("second up: %d %q", code, out)
			}
			code, out, errs = runCLI(t, env, "user", "create", "--email", "Olga@Example.com", "--name", "Olga", "--admin", "--discipline", "ops")
			if code != 0 {
				t.Fatalf("user create: %d %q", code, errs)
			}
			m := regexp.MustCompile(`One-time password: (\S+)`).FindStringSubmatch(out)
			if m == nil || !strings.Contains(out, "admin olga@example.com") {
				t.Fatalf("user create printed %q", out)
			}
			code, _, errs = runCLI(t, env, "user", "create", "--email", "olga@example.com", "--name", "Again")
			if code == 0 || !strings.Contains(errs, "already exists") {
				t.Fatalf("duplicate user: %d %q", code, errs)
			}
		})
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	url := storetest.URL(t, store.SQLite)
	env := map[string]string{"ROTA_DATABASE_URL": url}
	if code, _, _ := runCLI(t, env, "migrate", "up"); code != 0 {
		t.Fatal("migrate failed")
	}
	db, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.SQL().Exec("INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)")
	db.Close()
	code, _, errs := runCLI(t, env, "serve", "--listen", "127.0.0.1:0")
	if code != 2 || !strings.Contains(errs, "newer") {
		t.Fatalf("serve on a newer schema: %d %q", code, errs)
	}
}

// syncBuffer is a goroutine-safe writer for a server's output.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeBootstrapAndShutdown starts the real server, signs in with the
// printed login, and checks it stops cleanly when its context ends.
func TestServeBootstrapAndShutdown(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ROTA_DATABASE_URL": "sqlite://" + filepath.Join(dir, "rota.db"), "ROTA_LISTEN": "127.0.0.1:0"}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, &out, &errb) }()

	var base, pw string
	deadline := time.Now().Add(20 * time.Second)
	for base == "" && time.Now().Before(deadline) {
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if m := regexp.MustCompile(`one-time password: (\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				pw = m[1]
			}
			if m := regexp.MustCompile(`listening on (http://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				base = m[1]
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" || pw == "" {
		cancel()
		t.Fatalf("server did not print its URL and login: %q %q", out.String(), errb.String())
	}
	body, _ := json.Marshal(map[string]string{"email": "admin@example.com", "password": pw})
	res, err := http.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("sign in with the printed login: %d", res.StatusCode)
	}
	res, err = http.Get(base + "/")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("GET / = %v %v", res, err)
	}
	res.Body.Close()

	// Without a public URL, links lead where Rota listens (the port the
	// kernel gave for :0), and the start-up line says so.
	if !strings.Contains(out.String(), "(public URL "+base+", from the listen address") {
		t.Fatalf("the start-up line does not say where the public URL came from: %q", out.String())
	}
	jar, _ := cookiejar.New(nil)
	admin := &http.Client{Jar: jar}
	send := func(method, path string, v any, want int) []byte {
		t.Helper()
		raw, _ := json.Marshal(v)
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		res, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != want {
			t.Fatalf("%s %s = %d %s, want %d", method, path, res.StatusCode, b, want)
		}
		return b
	}
	send("POST", "/api/v1/auth/login", map[string]string{"email": "admin@example.com", "password": pw}, 200)
	send("POST", "/api/v1/me/calendar-feed", nil, 403) // a one-time password opens nothing else
	send("PUT", "/api/v1/me/password", map[string]string{"current_password": pw, "password": "the admin's own"}, 204)
	var feed struct {
		Feed struct {
			MyShiftsURL string `json:"my_shifts_url"`
		} `json:"feed"`
	}
	json.Unmarshal(send("POST", "/api/v1/me/calendar-feed", nil, 201), &feed)
	if !strings.HasPrefix(feed.Feed.MyShiftsURL, base+"/ical/") {
		t.Fatalf("the calendar link %q does not lead to %s", feed.Feed.MyShiftsURL, base)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop after its context ended")
	}
	logs := errb.String()
	if !strings.Contains(logs, `"msg":"shutting down"`) || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Fatalf("no ordered shutdown in logs: %s", logs)
	}
	if strings.Contains(logs, pw) {
		t.Fatal("the one-time password leaked into the logs")
	}
	// A second start on the same database prints no new password.
	ctx2, cancel2 := context.WithCancel(context.Background())
	var out2 syncBuffer
	go func() {
		done <- run(ctx2, []string{"serve"}, func(k string) string { return env[k] }, &out2, io.Discard)
	}()
	for !strings.Contains(out2.String(), "listening") && time.Now().Before(deadline.Add(10*time.Second)) {
		time.Sleep(20 * time.Millisecond)
	}
	cancel2()
	<-done
	if strings.Contains(out2.String(), "one-time password") {
		t.Fatalf("second start created another admin: %q", out2.String())
	}
}

func TestUserResetPassword(t *testing.T) {
	env := map[string]string{"ROTA_DATABASE_URL": storetest.URL(t, store.SQLite)}
	if code, _, errs := runCLI(t, env, "user", "create", "--email", "a@example.com", "--name", "A"); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ := runCLI(t, env, "user", "reset-password", "--email", "A@example.com")
	if code != 0 || !regexp.MustCompile(`One-time password: \S{16,}`).MatchString(out) {
		t.Fatalf("reset-password: %d %q", code, out)
	}
	if code, _, errs := runCLI(t, env, "user", "reset-password", "--email", "nobody@example.com"); code != 2 || !strings.Contains(errs, "no user") {
		t.Fatalf("unknown user: %d %q", code, errs)
	}
}
