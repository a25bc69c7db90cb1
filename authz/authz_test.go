package authz

import (
	"testing"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/internal/guard"
)

// Team 1 is "payments", team 2 is "search". Users: 1 org admin (member of
// nothing), 2 payments admin, 3 payments member, 4 search member, 5 search
// admin who is also a payments member.
var (
	orgAdmin      = Actor{UserID: 1, OrgAdmin: true}
	paymentsAdmin = Actor{UserID: 2, Roles: map[int64]rota.TeamRole{1: rota.TeamAdmin}}
	paymentsDev   = Actor{UserID: 3, Roles: map[int64]rota.TeamRole{1: rota.TeamMember}}
	searchDev     = Actor{UserID: 4, Roles: map[int64]rota.TeamRole{2: rota.TeamMember}}
	mixed         = Actor{UserID: 5, Roles: map[int64]rota.TeamRole{1: rota.TeamMember, 2: rota.TeamAdmin}}
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Actor
		act  Action
		r    Resource
		want string // "" allowed, else the error code
		// field is the field a refusal names, if any.
		field string
	}{
		{"anonymous is refused", Actor{}, AlertAct, Team(1), rota.EUnauthenticated, ""},
		{"org admin manages the org", orgAdmin, OrgManage, Resource{}, "", ""},
		{"team admin does not manage the org", paymentsAdmin, OrgManage, Resource{}, rota.EForbidden, ""},
		{"org admin manages any team", orgAdmin, TeamManage, Team(2), "", ""},
		{"team admin manages own team", paymentsAdmin, TeamManage, Team(1), "", ""},
		{"team admin does not manage another team", paymentsAdmin, TeamManage, Team(2), rota.EForbidden, ""},
		{"member does not manage", paymentsDev, TeamManage, Team(1), rota.EForbidden, ""},
		{"admin of one team, member of another", mixed, TeamManage, Team(1), rota.EForbidden, ""},
		{"admin of one team manages it", mixed, TeamManage, Team(2), "", ""},

		{"user edits self", paymentsDev, UserEdit, Resource{UserID: 3}, "", ""},
		{"user does not edit others", paymentsAdmin, UserEdit, Resource{UserID: 3}, rota.EForbidden, ""},
		{"org admin edits others", orgAdmin, UserEdit, Resource{UserID: 3}, "", ""},
		{"org admin sets others' admin role", orgAdmin, UserSetAdmin, Resource{UserID: 3}, "", ""},
		{"org admin cannot drop own admin role", orgAdmin, UserSetAdmin, Resource{UserID: 1}, rota.EForbidden, "is_admin"},
		{"member cannot make self admin", paymentsDev, UserSetAdmin, Resource{UserID: 3}, rota.EForbidden, "is_admin"},

		{"own phone", searchDev, PhoneView, Resource{UserID: 4, UserTeams: []int64{2}}, "", ""},
		{"org admin sees phones", orgAdmin, PhoneView, Resource{UserID: 4, UserTeams: []int64{2}}, "", ""},
		{"admin of the user's team sees the phone", mixed, PhoneView, Resource{UserID: 4, UserTeams: []int64{2}}, "", ""},
		{"admin of another team does not", paymentsAdmin, PhoneView, Resource{UserID: 4, UserTeams: []int64{2}}, rota.EForbidden, ""},
		{"a teammate does not", mixed, PhoneView, Resource{UserID: 3, UserTeams: []int64{1}}, rota.EForbidden, ""},

		{"member overrides self", paymentsDev, OverrideCreate, Resource{TeamID: 1, UserID: 3}, "", ""},
		{"member cannot override others", paymentsDev, OverrideCreate, Resource{TeamID: 1, UserID: 5}, rota.EForbidden, "user_id"},
		{"team admin overrides anyone", paymentsAdmin, OverrideCreate, Resource{TeamID: 1, UserID: 5}, "", ""},
		{"outsider cannot override", searchDev, OverrideCreate, Resource{TeamID: 1, UserID: 4}, rota.EForbidden, ""},
		{"engineer deletes own override", paymentsDev, OverrideDelete, Resource{TeamID: 1, UserID: 3, CreatorID: 2}, "", ""},
		{"author deletes override they made", paymentsDev, OverrideDelete, Resource{TeamID: 1, UserID: 5, CreatorID: 3}, "", ""},
		{"member cannot delete others' override", paymentsDev, OverrideDelete, Resource{TeamID: 1, UserID: 5, CreatorID: 2}, rota.EForbidden, ""},
		{"outsider engineer cannot delete", searchDev, OverrideDelete, Resource{TeamID: 1, UserID: 4, CreatorID: 4}, rota.EForbidden, ""},

		{"member asks for a swap", paymentsDev, SwapRequest, Team(1), "", ""},
		{"org admin is not a member", orgAdmin, SwapRequest, Team(1), rota.EForbidden, ""},
		{"outsider cannot ask", searchDev, SwapRequest, Team(1), rota.EForbidden, ""},

		{"the engineer asked answers a swap", paymentsDev, SwapAnswer, Resource{TeamID: 1, UserID: 3, CreatorID: 5}, "", ""},
		{"the requester cannot answer their own swap", mixed, SwapAnswer, Resource{TeamID: 1, UserID: 3, CreatorID: 5}, rota.EForbidden, ""},
		{"nor can an org admin", orgAdmin, SwapAnswer, Resource{TeamID: 1, UserID: 3, CreatorID: 5}, rota.EForbidden, ""},
		{"the requester cancels", mixed, SwapCancel, Resource{TeamID: 1, UserID: 3, CreatorID: 5}, "", ""},
		{"the engineer asked cannot cancel", paymentsDev, SwapCancel, Resource{TeamID: 1, UserID: 3, CreatorID: 5}, rota.EForbidden, ""},
		{"member acts on the team's alert", paymentsDev, AlertAct, Team(1), "", ""},
		{"org admin acts on any alert", orgAdmin, AlertAct, Team(2), "", ""},
		{"outsider cannot act", searchDev, AlertAct, Team(1), rota.EForbidden, ""},
		{"outsider who was paged may act", searchDev, AlertAct, Resource{TeamID: 1, Paged: true}, "", ""},
		{"member manages the team's incident", paymentsDev, IncidentManage, Team(1), "", ""},
		{"team admin manages the team's incident", paymentsAdmin, IncidentManage, Team(1), "", ""},
		{"org admin manages any incident", orgAdmin, IncidentManage, Team(2), "", ""},
		{"outsider cannot manage an incident", searchDev, IncidentManage, Team(1), rota.EForbidden, ""},
		{"an outsider who responded takes part", searchDev, IncidentManage, Resource{TeamID: 1, Responder: true}, "", ""},
		{"team admin manages the team's load", paymentsAdmin, LoadManage, Team(1), "", ""},
		{"org admin manages any team's load", orgAdmin, LoadManage, Team(2), "", ""},
		{"member does not manage load", paymentsDev, LoadManage, Team(1), rota.EForbidden, ""},
		{"admin of another team does not manage load", mixed, LoadManage, Team(1), rota.EForbidden, ""},
		{"unknown action", orgAdmin, Action("nope"), Resource{}, rota.EForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(tc.a, tc.act, tc.r)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || rota.ErrorCode(err) != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			var e *rota.Error
			if !asError(err, &e) || e.Field != tc.field || e.Message == "" {
				t.Fatalf("refusal %#v, want field %q and a message", err, tc.field)
			}
			if May(tc.a, tc.act, tc.r) {
				t.Fatal("May disagrees with Check")
			}
		})
	}
}

func asError(err error, e **rota.Error) bool {
	x, ok := err.(*rota.Error)
	*e = x
	return ok
}

func TestPermissionsOf(t *testing.T) {
	p := PermissionsOf(mixed, []int64{1, 2, 3})
	if p.OrgAdmin || len(p.Org) != 0 || len(p.Teams) != 3 {
		t.Fatalf("%+v", p)
	}
	has := func(tp TeamPermissions, a Action) bool {
		for _, x := range tp.May {
			if x == a {
				return true
			}
		}
		return false
	}
	if has(p.Teams[0], TeamManage) || !has(p.Teams[0], OverrideCreate) || !has(p.Teams[0], SwapRequest) || !has(p.Teams[0], IncidentManage) || p.Teams[0].Role != rota.TeamMember {
		t.Fatalf("payments: %+v", p.Teams[0])
	}
	if has(p.Teams[0], LoadManage) || !has(p.Teams[1], LoadManage) {
		t.Fatalf("load.manage: %+v", p.Teams)
	}
	if !has(p.Teams[1], TeamManage) || p.Teams[1].Role != rota.TeamAdmin {
		t.Fatalf("search: %+v", p.Teams[1])
	}
	if len(p.Teams[2].May) != 0 || p.Teams[2].Role != "" {
		t.Fatalf("a team they are not in: %+v", p.Teams[2])
	}
	o := PermissionsOf(orgAdmin, []int64{1})
	if !o.OrgAdmin || len(o.Org) != 1 || !has(o.Teams[0], TeamManage) || has(o.Teams[0], SwapRequest) || !has(o.Teams[0], IncidentManage) {
		t.Fatalf("org admin: %+v", o)
	}
}

// TestDependencies keeps the policy pure: the standard library and the
// root package (with the stdlib-only scheduler it names) — no gin, no
// gorm, no store.
func TestDependencies(t *testing.T) {
	guard.StdlibAnd(t, "github.com/rotaoncall/rota", "github.com/rotaoncall/rota/scheduler")
}

// TestNoWallClock: the policy decides from what it is given.
func TestNoWallClock(t *testing.T) { guard.NoWallClock(t) }
