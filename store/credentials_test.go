package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestRevokeAPITokens: revoking a user's tokens ends all of theirs, keeps
// the revocation time of ones already revoked, and leaves other users'.
func TestRevokeAPITokens(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		clock.Set(t0)
		ctx := context.Background()
		a, _ := db.CreateUser(ctx, rota.User{Email: "a@example.com", Name: "A"}, "")
		b, _ := db.CreateUser(ctx, rota.User{Email: "b@example.com", Name: "B"}, "")
		old, _ := db.CreateAPIToken(ctx, a.ID, "old", "a0")
		db.CreateAPIToken(ctx, a.ID, "ci", "a1")
		db.CreateAPIToken(ctx, a.ID, "laptop", "a2")
		db.CreateAPIToken(ctx, b.ID, "ci", "b1")
		if err := db.RevokeAPIToken(ctx, a.ID, old.ID); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Hour)
		if err := db.RevokeAPITokens(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		for _, h := range []string{"a0", "a1", "a2"} {
			if _, err := db.TokenUser(ctx, h); !rota.IsCode(err, rota.ENotFound) {
				t.Fatalf("token %s still works: %v", h, err)
			}
		}
		if _, err := db.TokenUser(ctx, "b1"); err != nil {
			t.Fatalf("another user's token was revoked: %v", err)
		}
		list, _ := db.APITokens(ctx, a.ID)
		if len(list) != 3 || !list[0].RevokedAt.Equal(t0) || !list[1].RevokedAt.Equal(clock.Now()) {
			t.Fatalf("tokens after revoking all: %+v", list)
		}
		if err := db.RevokeAPITokens(ctx, a.ID); err != nil {
			t.Fatalf("revoking none: %v", err)
		}
	})
}
