package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/demo"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/system"
)

// BenchmarkOnCallNow measures GET /api/v1/oncall on the demo organisation
// (SQLite), in-process, with a bearer token: the server's cost per request
// without the network. The load tool measures it over HTTP.
func BenchmarkOnCallNow(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db, err := store.Open(ctx, "sqlite://"+filepath.Join(b.TempDir(), "rota.db"), store.Options{Now: clock})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.Migrate(ctx)
	params := auth.Params{Memory: 1024, Time: 1, Threads: 1}
	if _, err := demo.Seed(ctx, db, params, now); err != nil {
		b.Fatal(err)
	}
	sys := system.Build(db, system.Options{Now: clock, AuthParams: params, Manual: true})
	u, _, _ := db.UserByEmail(ctx, "olga@example.com")
	_, token, _ := sys.Auth.CreateToken(ctx, u.ID, "bench")
	h := sys.API.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req := httptest.NewRequest(http.MethodGet, "/api/v1/oncall", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != 200 {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	})
}
