package authz

import (
	"github.com/rotaoncall/rota"
)

// Action is something an actor may or may not do.
type Action string

// The actions. The strings are part of the API (GET /me/permissions).
const (
	// OrgManage: create users and teams, reset passwords, set the routing
	// rules, change other users' admin role or phone.
	OrgManage Action = "org.manage"
	// UserEdit: edit the profile of Resource.UserID.
	UserEdit Action = "user.edit"
	// UserSetAdmin: change Resource.UserID's organisation admin role.
	UserSetAdmin Action = "user.set_admin"
	// PhoneView: read Resource.UserID's phone number (Resource.UserTeams
	// are the teams that user belongs to).
	PhoneView Action = "user.phone.view"
	// TeamManage: manage Resource.TeamID (members, schedules, escalation
	// policies, services, integrations, maintenance).
	TeamManage Action = "team.manage"
	// TeamInvite: create a user with a one-time password as a member of
	// Resource.TeamID (an invitation). Adding an existing user is
	// TeamManage.
	TeamInvite Action = "team.invite"
	// OverrideCreate: put Resource.UserID on call in Resource.TeamID's
	// schedule.
	OverrideCreate Action = "override.create"
	// OverrideDelete: delete an override of Resource.TeamID whose engineer
	// is Resource.UserID and author Resource.CreatorID.
	OverrideDelete Action = "override.delete"
	// SwapRequest: ask another member to take a shift of Resource.TeamID.
	SwapRequest Action = "swap.request"
	// SwapAnswer: accept or decline a swap asking Resource.UserID.
	SwapAnswer Action = "swap.answer"
	// SwapCancel: withdraw a swap asked by Resource.CreatorID.
	SwapCancel Action = "swap.cancel"
	// AlertAct: acknowledge, resolve or escalate an alert of
	// Resource.TeamID; Resource.Paged says whether the actor was paged for
	// it.
	AlertAct Action = "alert.act"
	// IncidentManage: open an incident of Resource.TeamID (its owning
	// team), move it, edit it, write notes and its review;
	// Resource.Responder says whether the actor is one of its responders.
	IncidentManage Action = "incident.manage"
	// LoadManage: set Resource.TeamID's load thresholds, accept its load
	// proposals, promote its learners and import its page history.
	LoadManage Action = "load.manage"
)

// Actions lists every action, in the order the API reports them.
var Actions = []Action{OrgManage, UserEdit, UserSetAdmin, PhoneView, TeamManage, TeamInvite, OverrideCreate, OverrideDelete, SwapRequest, SwapAnswer, SwapCancel, AlertAct, IncidentManage, LoadManage}

// TeamActions are the actions the web app asks about per team.
var TeamActions = []Action{TeamManage, TeamInvite, OverrideCreate, SwapRequest, AlertAct, IncidentManage, LoadManage}

// Actor is who asks: a signed-in user (by session or API token).
type Actor struct {
	UserID   int64
	OrgAdmin bool
	// Roles are the actor's team memberships (team id → role).
	Roles map[int64]rota.TeamRole
}

// NewActor builds the actor for a user and their team roles.
func NewActor(u rota.User, roles map[int64]rota.TeamRole) Actor {
	return Actor{UserID: u.ID, OrgAdmin: u.IsAdmin, Roles: roles}
}

// Role is the actor's role in a team, "" when not a member.
func (a Actor) Role(teamID int64) rota.TeamRole { return a.Roles[teamID] }

// Resource is what the action is done to. Only the fields the action names
// matter; the zero value of the others is fine.
type Resource struct {
	TeamID    int64
	UserID    int64
	CreatorID int64
	// Paged: the actor was paged for the alert (AlertAct).
	Paged bool
	// UserTeams are the teams Resource.UserID belongs to (PhoneView).
	UserTeams []int64
	// Responder: the actor is a responder of the incident (IncidentManage).
	Responder bool
}

// Team is the resource "team id", for TeamManage and SwapRequest.
func Team(id int64) Resource { return Resource{TeamID: id} }

// Check decides: nil when the actor may, else a rota.EForbidden error
// saying who may.
func Check(a Actor, act Action, r Resource) error {
	if a.UserID == 0 {
		return rota.Errorf(rota.EUnauthenticated, "sign in first")
	}
	teamAdmin := a.OrgAdmin || a.Roles[r.TeamID] == rota.TeamAdmin
	member := a.Roles[r.TeamID] != ""
	switch act {
	case OrgManage:
		if a.OrgAdmin {
			return nil
		}
		return deny("only an organisation admin may do this")
	case UserEdit:
		if a.OrgAdmin || a.UserID == r.UserID {
			return nil
		}
		return deny("only an organisation admin may edit other users")
	case UserSetAdmin:
		if a.OrgAdmin && a.UserID != r.UserID {
			return nil
		}
		if a.UserID == r.UserID {
			return &rota.Error{Code: rota.EForbidden, Field: "is_admin", Message: "you cannot change your own admin role"}
		}
		return &rota.Error{Code: rota.EForbidden, Field: "is_admin", Message: "only an organisation admin may change admin roles"}
	case PhoneView:
		if a.OrgAdmin || a.UserID == r.UserID {
			return nil
		}
		for _, t := range r.UserTeams {
			if a.Roles[t] == rota.TeamAdmin {
				return nil
			}
		}
		return deny("a phone number is visible to its owner, organisation admins and the admins of the owner's teams")
	case TeamManage:
		if teamAdmin {
			return nil
		}
		return deny("only an admin of this team may do this")
	case TeamInvite:
		if teamAdmin {
			return nil
		}
		return deny("only an admin of this team, or an organisation admin, may invite people to it")
	case OverrideCreate:
		switch {
		case teamAdmin:
			return nil
		case member && r.UserID == a.UserID:
			return nil
		case member:
			return &rota.Error{Code: rota.EForbidden, Field: "user_id", Message: "members create overrides for themselves; ask a team admin to put someone else on call"}
		}
		return deny("only members of the team may create overrides")
	case OverrideDelete:
		if teamAdmin || (member && (r.UserID == a.UserID || r.CreatorID == a.UserID)) {
			return nil
		}
		return deny("only a team admin, or the override's engineer, may delete it")
	case SwapRequest:
		if member {
			return nil
		}
		return deny("only members of the team may request swaps")
	case SwapAnswer:
		if a.UserID == r.UserID {
			return nil
		}
		return deny("only the engineer the swap asks may accept or decline it")
	case SwapCancel:
		if a.UserID == r.CreatorID {
			return nil
		}
		return deny("only the engineer who asked for the swap may cancel it")
	case AlertAct:
		if a.OrgAdmin || member || r.Paged {
			return nil
		}
		return deny("only the owning team, the people paged and admins may act on this alert")
	case IncidentManage:
		// Incidents are the owning team's; anyone who responded (an
		// engineer of another team paged for a linked alert) takes part.
		if a.OrgAdmin || member || r.Responder {
			return nil
		}
		return deny("only the owning team, the incident's responders and admins may change this incident")
	case LoadManage:
		if teamAdmin {
			return nil
		}
		return deny("only an admin of this team may change its load settings, accept its proposals or promote its learners")
	}
	return deny("unknown action " + string(act))
}

// May is Check as a yes or no.
func May(a Actor, act Action, r Resource) bool { return Check(a, act, r) == nil }

func deny(msg string) error { return &rota.Error{Code: rota.EForbidden, Message: msg} }

// TeamPermissions is what an actor may do in one team.
type TeamPermissions struct {
	TeamID int64
	Role   rota.TeamRole
	May    []Action
}

// Permissions is what the web app shows or hides for the actor.
type Permissions struct {
	OrgAdmin bool
	// Org are the organisation-wide actions the actor may take.
	Org []Action
	// Teams has one entry per team id given.
	Teams []TeamPermissions
}

// PermissionsOf applies Check to the organisation-wide actions and, for
// each team, to TeamActions (AlertAct and IncidentManage as a team member
// would, without having been paged or having responded).
func PermissionsOf(a Actor, teamIDs []int64) Permissions {
	p := Permissions{OrgAdmin: a.OrgAdmin, Org: []Action{}, Teams: make([]TeamPermissions, 0, len(teamIDs))}
	if May(a, OrgManage, Resource{}) {
		p.Org = append(p.Org, OrgManage)
	}
	for _, id := range teamIDs {
		tp := TeamPermissions{TeamID: id, Role: a.Roles[id], May: []Action{}}
		for _, act := range TeamActions {
			r := Resource{TeamID: id, UserID: a.UserID}
			if May(a, act, r) {
				tp.May = append(tp.May, act)
			}
		}
		p.Teams = append(p.Teams, tp)
	}
	return p
}
