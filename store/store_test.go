package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// columns lists table → sorted column names, per dialect.
func columns(t *testing.T, db *store.DB) map[string][]string {
	t.Helper()
	var q string
	switch db.Dialect() {
	case store.SQLite:
		q = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
	case store.Postgres:
		q = `SELECT table_name, column_name FROM information_schema.columns
		     WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`
	}
	rows, err := db.SQL().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		out[tbl] = append(out[tbl], col)
	}
	for _, c := range out {
		sort.Strings(c)
	}
	return out
}

func TestDialectsHaveSameSchema(t *testing.T) {
	lite := storetest.Open(t, store.SQLite, storetest.Options{})
	pg := storetest.Open(t, store.Postgres, storetest.Options{})
	a, b := columns(t, lite), columns(t, pg)
	if len(a) == 0 {
		t.Fatal("no tables after migrating SQLite")
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("schemas differ\nsqlite:   %v\npostgres: %v", a, b)
	}
	ctx := context.Background()
	for _, db := range []*store.DB{lite, pg} {
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if !s.Applied {
				t.Errorf("%s: migration %d not applied", db.Dialect(), s.Version)
			}
		}
		if err := db.CheckSchema(ctx); err != nil {
			t.Errorf("%s: CheckSchema: %v", db.Dialect(), err)
		}
		// A second migrate applies nothing.
		if applied, err := db.Migrate(ctx); err != nil || len(applied) != 0 {
			t.Errorf("%s: second migrate applied %v, %v", db.Dialect(), applied, err)
		}
	}
}

func TestRefusesNewerSchema(t *testing.T) {
	storetest.Each(t, storetest.Options{}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.SQL().ExecContext(ctx, "INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)"); err != nil {
			t.Fatal(err)
		}
		_, err := db.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "newer") {
			t.Fatalf("Migrate on a newer schema: %v, want refusal", err)
		}
		if err := db.CheckSchema(ctx); err == nil {
			t.Fatal("CheckSchema accepted a newer schema")
		}
	})
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct {
		name, url, wantErr string
		want               store.Dialect
	}{
		{"sqlite relative", "sqlite://rota.db", "", store.SQLite},
		{"sqlite absolute", "sqlite:///var/lib/rota/rota.db", "", store.SQLite},
		{"postgres", "postgres://u:p@localhost:5432/rota?sslmode=disable", "", store.Postgres},
		{"postgresql scheme", "postgresql://u@db/rota", "", store.Postgres},
		{"empty sqlite path", "sqlite://", "no file path", ""},
		{"memory", "sqlite://:memory:", "in-memory", ""},
		{"mysql", "mysql://u:secret@h/db", "not supported", ""},
		{"garbage", "not a url", "not supported", ""},
		{"bad postgres", "postgres://u:p@host:notaport/db", "malformed", ""},
		{"no host", "postgres:///db", "no host", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _, err := store.ParseURL(tc.url)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Fatalf("error leaks the password: %v", err)
				}
				return
			}
			if err != nil || d != tc.want {
				t.Fatalf("got %q, %v; want %q", d, err, tc.want)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, url, want string }{
		{"missing directory", "sqlite://" + filepath.Join(dir, "nope", "rota.db"), "does not exist"},
		{"path is a directory", "sqlite://" + dir, "is a directory"},
		{"unreachable postgres", "postgres://rota@127.0.0.1:1/rota?sslmode=disable&connect_timeout=2", "cannot reach"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := store.Open(ctx, tc.url, store.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
	if os.Geteuid() != 0 { // root writes anywhere
		_, err := store.Open(ctx, "sqlite://"+filepath.Join(ro, "rota.db"), store.Options{})
		if err == nil {
			t.Fatal("opened a SQLite file in a read-only directory")
		}
	}
}

func TestUsers(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(t0)
		ctx := context.Background()
		u, err := db.CreateUser(ctx, rota.User{Email: " Olga@Example.com ", Name: "Olga", Discipline: rota.Ops, TimeZone: "Europe/Berlin", Phone: "+15550000001"}, "hash")
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "olga@example.com" || !u.CreatedAt.Equal(t0) {
			t.Fatalf("created %+v", u)
		}
		got, hash, err := db.UserByEmail(ctx, "OLGA@example.com")
		if err != nil || got.ID != u.ID || hash != "hash" {
			t.Fatalf("UserByEmail = %+v, %q, %v", got, hash, err)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreatedAt not in UTC: %v", got.CreatedAt)
		}
		_, err = db.CreateUser(ctx, rota.User{Email: "olga@example.com", Name: "Other"}, "")
		if !rota.IsCode(err, rota.EConflict) || err.(*rota.Error).Field != "email" {
			t.Fatalf("duplicate email: %v", err)
		}
		_, err = db.CreateUser(ctx, rota.User{Email: "x@example.com", Name: "X", TimeZone: "Mars/Olympus"}, "")
		if !rota.IsCode(err, rota.EInvalid) || err.(*rota.Error).Field != "time_zone" {
			t.Fatalf("bad zone: %v", err)
		}
		if n, _ := db.CountUsers(ctx); n != 1 {
			t.Fatalf("CountUsers = %d after rejected inserts, want 1", n)
		}
		if _, _, err := db.UserByEmail(ctx, "nobody@example.com"); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("unknown email: %v", err)
		}
		clock.Add(time.Hour)
		u.Name = "Olga K"
		u.WorkingHours = "mon-fri 08:00-16:00"
		up, err := db.UpdateUser(ctx, u)
		if err != nil || up.Name != "Olga K" || !up.UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("UpdateUser = %+v, %v", up, err)
		}
	})
}

func TestSessionsAndTokens(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(t0)
		ctx := context.Background()
		u, err := db.CreateUser(ctx, rota.User{Email: "a@example.com", Name: "A"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateSession(ctx, u.ID, "s1", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, err := db.SessionUser(ctx, "s1"); err != nil || got.ID != u.ID {
			t.Fatalf("SessionUser = %v, %v", got, err)
		}
		clock.Add(2 * time.Hour)
		if _, err := db.SessionUser(ctx, "s1"); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("expired session accepted: %v", err)
		}
		if n, err := db.DeleteExpiredSessions(ctx, clock.Now()); err != nil || n != 1 {
			t.Fatalf("DeleteExpiredSessions = %d, %v", n, err)
		}
		tok, err := db.CreateAPIToken(ctx, u.ID, "ci", "h1")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.TokenUser(ctx, "h1"); err != nil || got.ID != u.ID {
			t.Fatalf("TokenUser = %v, %v", got, err)
		}
		list, _ := db.APITokens(ctx, u.ID)
		if len(list) != 1 || list[0].LastUsedAt == nil {
			t.Fatalf("APITokens = %+v", list)
		}
		if err := db.RevokeAPIToken(ctx, u.ID+1, tok.ID); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("revoking another user's token: %v", err)
		}
		if err := db.RevokeAPIToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, "h1"); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("revoked token accepted: %v", err)
		}
	})
}

func TestTeams(t *testing.T) {
	storetest.Each(t, storetest.Options{Now: storetest.NewClock(t0).Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		team, err := db.CreateTeam(ctx, rota.Team{Name: "payments"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateTeam(ctx, rota.Team{Name: "payments"}); !rota.IsCode(err, rota.EConflict) {
			t.Fatalf("duplicate team: %v", err)
		}
		if _, err := db.CreateTeam(ctx, rota.Team{Name: "Bad Name"}); !rota.IsCode(err, rota.EInvalid) {
			t.Fatalf("bad team name: %v", err)
		}
		u, _ := db.CreateUser(ctx, rota.User{Email: "d@example.com", Name: "Dan"}, "")
		if err := db.SetMember(ctx, team.ID, u.ID, rota.TeamMember); err != nil {
			t.Fatal(err)
		}
		if err := db.SetMember(ctx, team.ID, u.ID, rota.TeamAdmin); err != nil {
			t.Fatal(err)
		}
		if err := db.SetMember(ctx, team.ID, 9999, rota.TeamAdmin); !rota.IsCode(err, rota.EInvalid) {
			t.Fatalf("unknown user: %v", err)
		}
		ms, err := db.Members(ctx, team.ID)
		if err != nil || len(ms) != 1 || ms[0].Role != rota.TeamAdmin || ms[0].User.Name != "Dan" {
			t.Fatalf("Members = %+v, %v", ms, err)
		}
		roles, _ := db.TeamRoles(ctx, u.ID)
		if roles[team.ID] != rota.TeamAdmin {
			t.Fatalf("TeamRoles = %v", roles)
		}
		if err := db.RemoveMember(ctx, team.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveMember(ctx, team.ID, u.ID); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("second remove: %v", err)
		}
	})
}
