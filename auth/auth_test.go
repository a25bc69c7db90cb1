package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var fast = auth.Params{Memory: 1024, Time: 1, Threads: 1}

func TestPasswordHash(t *testing.T) {
	h, err := auth.HashPassword("correct horse", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash %q is not an argon2id encoding", h)
	}
	h2, _ := auth.HashPassword("correct horse", fast)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	for _, tc := range []struct {
		name, pw string
		want     bool
	}{{"right", "correct horse", true}, {"wrong", "correct horsf", false}, {"empty", "", false}} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := auth.CheckPassword(h, tc.pw)
			if err != nil || ok != tc.want {
				t.Fatalf("CheckPassword = %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
	if _, err := auth.CheckPassword("$bcrypt$x", "a"); err == nil {
		t.Fatal("malformed hash accepted")
	}
}

func TestSignInSessionsTokens(t *testing.T) {
	clock := storetest.NewClock(time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := auth.NewService(db, clock.Now, fast)
		u, pw, err := svc.CreateUser(ctx, rota.User{Email: "a@example.com", Name: "A"})
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) < 16 {
			t.Fatalf("one-time password %q too short", pw)
		}
		for _, tc := range []struct{ name, email, pw, code, field string }{
			{"wrong password", "a@example.com", "nope", rota.EUnauthenticated, ""},
			{"unknown email", "b@example.com", pw, rota.EUnauthenticated, ""},
			{"empty email", "", pw, rota.EInvalid, "email"},
			{"empty password", "a@example.com", "", rota.EInvalid, "password"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, _, err := svc.SignIn(ctx, tc.email, tc.pw)
				if !rota.IsCode(err, tc.code) {
					t.Fatalf("SignIn err = %v, want %s", err, tc.code)
				}
				if tc.field != "" && err.(*rota.Error).Field != tc.field {
					t.Fatalf("field = %q, want %q", err.(*rota.Error).Field, tc.field)
				}
			})
		}
		got, token, exp, err := svc.SignIn(ctx, "A@Example.com", pw)
		if err != nil || got.ID != u.ID {
			t.Fatalf("SignIn = %v, %v", got, err)
		}
		if !exp.Equal(clock.Now().Add(svc.SessionTTL())) {
			t.Fatalf("expiry %v", exp)
		}
		if s, err := svc.Session(ctx, token); err != nil || s.ID != u.ID {
			t.Fatalf("Session = %v, %v", s, err)
		}
		if _, err := svc.Session(ctx, token+"x"); !rota.IsCode(err, rota.EUnauthenticated) {
			t.Fatalf("forged session: %v", err)
		}
		if err := svc.SignOut(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Session(ctx, token); !rota.IsCode(err, rota.EUnauthenticated) {
			t.Fatalf("session after sign-out: %v", err)
		}
		_, tok, err := svc.CreateToken(ctx, u.ID, "ci")
		if err != nil || !strings.HasPrefix(tok, auth.TokenPrefix) {
			t.Fatalf("CreateToken = %q, %v", tok, err)
		}
		if who, err := svc.Token(ctx, tok); err != nil || who.ID != u.ID {
			t.Fatalf("Token = %v, %v", who, err)
		}
		if _, err := svc.Token(ctx, "rota_forged"); !rota.IsCode(err, rota.EUnauthenticated) {
			t.Fatalf("forged token: %v", err)
		}
		if _, _, err := svc.CreateToken(ctx, u.ID, " "); !rota.IsCode(err, rota.EInvalid) {
			t.Fatalf("empty token name: %v", err)
		}
	})
}
