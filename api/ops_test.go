package api_test

import (
	"testing"

	"github.com/rotaoncall/rota/store"
)

// TestWrongMethodIs405: a known path with the wrong method answers 405 in
// the one error shape, naming the allowed methods.
func TestWrongMethodIs405(t *testing.T) {
	e := newEnv(t, store.SQLite)
	admin, _ := e.user("admin@example.com", true)
	r := admin.do("DELETE", "/api/v1/me", nil)
	if r.Status != 405 {
		t.Fatalf("DELETE /api/v1/me = %d %s, want 405", r.Status, r.Body)
	}
	if code, _ := r.errorOf(t); code != "method_not_allowed" {
		t.Fatalf("error code %q, want method_not_allowed: %s", code, r.Body)
	}
	if allow := r.Header.Get("Allow"); allow != "GET, PATCH" && allow != "PATCH, GET" {
		t.Fatalf("Allow = %q, want GET and PATCH", allow)
	}
}
