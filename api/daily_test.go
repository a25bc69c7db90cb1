package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/store"
)

// TestOneTimePasswordMustBeReplaced: a one-time password (from an admin's
// create or reset) signs in, says so, and opens only the password change;
// once replaced it no longer works.
func TestOneTimePasswordMustBeReplaced(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { testOneTimePassword(t, d) })
	}
}

func testOneTimePassword(t *testing.T, d store.Dialect) {
	e := newEnv(t, d)
	admin, _ := e.user("admin@example.com", true)
	var made struct {
		User struct{ ID string }
		OTP  string `json:"one_time_password"`
	}
	admin.mustDo("POST", "/api/v1/users", map[string]string{"email": "dan@example.com", "name": "Dan", "discipline": "dev", "time_zone": "Europe/Berlin"}, 201).json(t, &made)

	dan := e.anon()
	var login struct {
		MustChange bool `json:"must_change_password"`
	}
	dan.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": "dan@example.com", "password": made.OTP}, 200).json(t, &login)
	if !login.MustChange {
		t.Fatal("signing in with a one-time password should say must_change_password")
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/alerts", "/api/v1/oncall"} {
		r := dan.do("GET", path, nil)
		if code, _ := r.errorOf(t); r.Status != 403 || code != "password_change_required" {
			t.Errorf("GET %s with a one-time password = %d %s, want 403 password_change_required", path, r.Status, r.Body)
		}
	}
	r := dan.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": made.OTP, "password": made.OTP}, 400)
	if _, f := r.errorOf(t); f != "password" {
		t.Fatalf("keeping the one-time password: %s", r.Body)
	}
	dan.mustDo("PUT", "/api/v1/me/password", map[string]string{"current_password": made.OTP, "password": "dan's own password"}, 204)
	dan.mustDo("GET", "/api/v1/me", nil, 200)
	dan.mustDo("GET", "/api/v1/alerts", nil, 200)

	e.anon().mustDo("POST", "/api/v1/auth/login", map[string]string{"email": "dan@example.com", "password": made.OTP}, 401)
	e.anon().mustDo("POST", "/api/v1/auth/login", map[string]string{"email": "dan@example.com", "password": "dan's own password"}, 200).json(t, &login)
	if login.MustChange {
		t.Fatal("a chosen password should not need changing")
	}

	// A reset gives a new one-time password, with the same rule.
	var reset struct {
		OTP string `json:"one_time_password"`
	}
	admin.mustDo("POST", "/api/v1/users/"+made.User.ID+"/reset-password", nil, 200).json(t, &reset)
	again := e.anon()
	again.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": "dan@example.com", "password": reset.OTP}, 200).json(t, &login)
	if !login.MustChange {
		t.Fatal("a reset password should need changing")
	}
	again.mustDo("GET", "/api/v1/me", nil, 403)
}

// TestTeamInvite: team admins (and org admins) invite new people to their
// team, who then sign in with the one-time password; members may not, and
// a team admin may not set phone numbers unverified.
func TestTeamInvite(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { testTeamInvite(t, d) })
	}
}

func testTeamInvite(t *testing.T, d store.Dialect) {
	e := newTeamEnv(t, d)
	path := "/api/v1/teams/" + e.teamID + "/invites"
	body := map[string]string{"email": "Nia@Example.com", "name": "Nia", "discipline": "dev", "time_zone": "Europe/Berlin"}
	e.dan.mustDo("POST", path, body, 403)
	e.out.mustDo("POST", path, body, 403)
	r := e.olga.mustDo("POST", path, map[string]string{"email": "nia@example.com", "name": "Nia", "phone": "+15550000009"}, 400)
	if _, f := r.errorOf(t); f != "phone" {
		t.Fatalf("a team admin setting a phone: %s", r.Body)
	}
	var inv struct {
		User struct{ ID, Email string }
		Role string
		OTP  string `json:"one_time_password"`
	}
	e.olga.mustDo("POST", path, body, 201).json(t, &inv)
	if inv.User.Email != "nia@example.com" || inv.Role != "member" || len(inv.OTP) < 16 {
		t.Fatalf("invite: %+v", inv)
	}
	var ms struct {
		Members []struct {
			User struct{ ID string }
			Role string
		}
	}
	e.olga.mustDo("GET", "/api/v1/teams/"+e.teamID+"/members", nil, 200).json(t, &ms)
	found := false
	for _, m := range ms.Members {
		found = found || m.User.ID == inv.User.ID && m.Role == "member"
	}
	if !found {
		t.Fatalf("Nia is not a member: %+v", ms)
	}
	r = e.olga.mustDo("POST", path, body, 409)
	if _, f := r.errorOf(t); f != "email" {
		t.Fatalf("inviting twice: %s", r.Body)
	}
	e.admin.mustDo("POST", path, map[string]string{"email": "omar@example.com", "name": "Omar", "phone": "+15550000003", "role": "admin"}, 201)
	e.olga.mustDo("POST", "/api/v1/teams/999/invites", body, 404)

	nia := e.anon()
	nia.mustDo("POST", "/api/v1/auth/login", map[string]string{"email": "nia@example.com", "password": inv.OTP}, 200)
	nia.mustDo("GET", "/api/v1/me", nil, 403)
}

// TestMyOnCall: the Now page's "you are on call until …" and "next".
func TestMyOnCall(t *testing.T) {
	e := newPagingEnv(t, store.SQLite) // Sunday 2026-11-22 09:00 UTC: Olga's ops week, Dan's business hours from Monday
	type stint struct {
		ScheduleName string `json:"schedule_name"`
		TeamName     string `json:"team_name"`
		Tier         string
		Start, End   time.Time
	}
	var olga, dan struct {
		Current []stint
		Next    *stint
	}
	e.olga.mustDo("GET", "/api/v1/me/oncall", nil, 200).json(t, &olga)
	mon := func(h int) time.Time { return time.Date(2026, 11, 23, h, 0, 0, 0, time.UTC) }
	if len(olga.Current) != 1 || olga.Current[0].Tier != "primary" || olga.Current[0].TeamName != "payments" ||
		olga.Current[0].ScheduleName != "payments-oncall" || !olga.Current[0].End.Equal(mon(8)) {
		t.Fatalf("Olga now: %+v", olga.Current)
	}
	if olga.Next == nil || !olga.Next.Start.Equal(mon(16)) {
		t.Fatalf("Olga next: %+v", olga.Next)
	}
	e.dan.mustDo("GET", "/api/v1/me/oncall", nil, 200).json(t, &dan)
	if len(dan.Current) != 0 || dan.Next == nil || !dan.Next.Start.Equal(mon(8)) || !dan.Next.End.Equal(mon(16)) {
		t.Fatalf("Dan: %+v %+v", dan.Current, dan.Next)
	}
	e.dan.mustDo("GET", "/api/v1/me/oncall?at="+mon(10).Format(time.RFC3339), nil, 200).json(t, &dan)
	if len(dan.Current) != 1 || !dan.Current[0].End.Equal(mon(16)) {
		t.Fatalf("Dan on Monday: %+v", dan.Current)
	}
	e.dan.mustDo("GET", "/api/v1/me/oncall?at=tomorrow", nil, 400)
}

// TestPolicyPreview: who each step would page now, and which services use
// the policy.
func TestPolicyPreview(t *testing.T) {
	e := newPagingEnv(t, store.SQLite)
	var p struct {
		Steps []struct {
			After   string
			Targets []struct {
				UserID string `json:"user_id"`
				Name   string
				Via    string
			}
			Notes []string
		}
		Services []struct{ ID, Name string }
	}
	e.dan.mustDo("GET", "/api/v1/escalation-policies/"+e.policyID+"/preview", nil, 200).json(t, &p)
	if len(p.Steps) != 2 || p.Steps[0].After != "0m" || p.Steps[1].After != "5m" {
		t.Fatalf("steps: %+v", p.Steps)
	}
	if ts := p.Steps[0].Targets; len(ts) != 1 || ts[0].UserID != id(e.olgaU.ID) || !strings.Contains(ts[0].Via, "payments-oncall primary") {
		t.Fatalf("step 1 pages %+v", ts)
	}
	if len(p.Services) != 1 || p.Services[0].ID != e.serviceID || p.Services[0].Name != "checkout" {
		t.Fatalf("services: %+v", p.Services)
	}
	// Monday 10:00 Berlin: Dan's business hours.
	e.dan.mustDo("GET", "/api/v1/escalation-policies/"+e.policyID+"/preview?at=2026-11-23T09:00:00Z", nil, 200).json(t, &p)
	if ts := p.Steps[0].Targets; len(ts) != 1 || ts[0].UserID != id(e.danU.ID) {
		t.Fatalf("Monday step 1 pages %+v", ts)
	}
	e.dan.mustDo("GET", "/api/v1/escalation-policies/999/preview", nil, 404)
}

// TestAlertNotesAndPaged: a note is a timeline entry written through the
// alert lifecycle's policy, also on a resolved alert; the list says who
// was paged.
func TestAlertNotesAndPaged(t *testing.T) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) { testAlertNotesAndPaged(t, d) })
	}
}

func testAlertNotesAndPaged(t *testing.T, d store.Dialect) {
	e := newPagingEnv(t, d)
	alertID := e.trigger("notes")
	e.tick()
	var list struct {
		Alerts []struct {
			ID    string
			Paged []struct {
				UserID string `json:"user_id"`
				Name   string
				Shadow bool
			}
		}
	}
	e.dan.mustDo("GET", "/api/v1/alerts", nil, 200).json(t, &list)
	if len(list.Alerts) != 1 || len(list.Alerts[0].Paged) != 1 || list.Alerts[0].Paged[0].UserID != id(e.olgaU.ID) || list.Alerts[0].Paged[0].Shadow {
		t.Fatalf("paged: %+v", list.Alerts)
	}
	notes := "/api/v1/alerts/" + alertID + "/notes"
	e.out.mustDo("POST", notes, map[string]string{"text": "not my team"}, 403)
	r := e.dan.mustDo("POST", notes, map[string]string{"text": "   "}, 400)
	if _, f := r.errorOf(t); f != "text" {
		t.Fatalf("empty note: %s", r.Body)
	}
	e.dan.mustDo("POST", notes, map[string]string{"text": strings.Repeat("x", 4001)}, 400)
	e.dan.mustDo("POST", notes, map[string]string{"txt": "typo"}, 400)
	e.dan.mustDo("POST", notes, map[string]string{"text": "card processor status page says degraded"}, 201)
	e.olga.mustDo("POST", "/api/v1/alerts/"+alertID+"/resolve", nil, 200)
	e.olga.mustDo("POST", notes, map[string]string{"text": "recovered after the processor's fix"}, 201)
	e.dan.mustDo("POST", "/api/v1/alerts/999/notes", map[string]string{"text": "x"}, 404)

	var detail struct {
		Alert struct {
			Status string
			Paged  []struct{ Name string }
		}
		Timeline []struct {
			Kind      string
			Message   string
			ActorName string `json:"actor_name"`
		}
	}
	e.dan.mustDo("GET", "/api/v1/alerts/"+alertID, nil, 200).json(t, &detail)
	var got []string
	for _, en := range detail.Timeline {
		if en.Kind == "note" {
			got = append(got, en.ActorName+": "+en.Message)
		}
	}
	if strings.Join(got, " | ") != "dan: card processor status page says degraded | olga: recovered after the processor's fix" {
		t.Fatalf("notes on the timeline: %q", got)
	}
	if detail.Alert.Status != "resolved" || len(detail.Alert.Paged) != 1 {
		t.Fatalf("alert: %+v", detail.Alert)
	}
}
