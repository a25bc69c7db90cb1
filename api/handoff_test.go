package api_test

import (
	"context"
	"testing"

	"github.com/rotaoncall/rota/store"
)

// TestHandoffNoticesSetting: handoff notices are on for a new user, and
// PATCH /api/v1/me turns them off and on again, leaving other fields be.
func TestHandoffNoticesSetting(t *testing.T) {
	e := newEnv(t, store.SQLite)
	dan, danU := e.user("dan@example.com", false)
	var me struct {
		User struct {
			Name           string `json:"name"`
			HandoffNotices *bool  `json:"handoff_notices"`
		}
	}
	dan.mustDo("GET", "/api/v1/me", nil, 200).json(t, &me)
	if me.User.HandoffNotices == nil || !*me.User.HandoffNotices {
		t.Fatalf("a new user's handoff_notices = %v, want true", me.User.HandoffNotices)
	}
	dan.mustDo("PATCH", "/api/v1/me", map[string]any{"handoff_notices": false}, 200).json(t, &me)
	if *me.User.HandoffNotices {
		t.Fatal("PATCH handoff_notices false answered true")
	}
	u, _ := e.db.User(context.Background(), danU.ID)
	if !u.HandoffNoticesOff || u.Name != danU.Name {
		t.Fatalf("stored %+v after turning notices off", u)
	}
	dan.mustDo("PATCH", "/api/v1/me", map[string]any{"name": "Dan"}, 200).json(t, &me)
	if *me.User.HandoffNotices || me.User.Name != "Dan" {
		t.Fatalf("another field's PATCH changed the setting: %+v", me.User)
	}
	dan.mustDo("PATCH", "/api/v1/me", map[string]any{"handoff_notices": true}, 200).json(t, &me)
	if !*me.User.HandoffNotices {
		t.Fatal("PATCH handoff_notices true answered false")
	}
}
