// Package authz is Rota's one authorization policy: a single function,
// Check, answers "may this actor do this to that", and every door into
// Rota asks it — the HTTP API, the SMS and voice webhooks, and the CLI
// through the API. Before this package the rule was copied into handlers
// and the copies disagreed (an engineer paged from another team could
// acknowledge one alert but not the same alert in bulk).
//
// The CLI asks it through the API: `rota oncall`, `rota shifts` and the
// other client commands with --server act as the token's user. Commands run
// on the database itself (`rota apply`, `rota user`, `rota migrate`) are the
// operator's, who holds the database credentials; they are not a door the
// policy guards, but they keep the same domain rules (a policy pages its
// own team's people, a schedule's participants are members).
//
// The package is pure: it reads no database and no clock. The caller
// gathers the facts (who the actor is, their team roles, whether they were
// paged for an alert, which teams a user belongs to) into an Actor and a
// Resource, and Check decides. Permissions, which the web app reads from
// GET /api/v1/me/permissions, is Check applied to every action the app
// offers, so the app never guesses.
//
// # The policy
//
// Reading is open to every signed-in user of the organisation (schedules,
// teams, services, alerts, pages), except phone numbers: a user's number is
// visible to the user, to organisation admins and to the admins of a team
// the user belongs to (PhoneView); others see only that a number exists.
//
//   - Organisation admins may do everything except change their own admin
//     role (OrgManage covers users, teams, routing rules, password resets).
//   - Team admins manage their team (TeamManage): members, schedules,
//     escalation policies, services, integrations, maintenance windows.
//     They may put any engineer of the team on call by an override.
//     They add existing users to their team and invite new ones
//     (TeamInvite: the new user gets a one-time password); creating users
//     outside a team is for organisation admins (OrgManage).
//   - Members create overrides for themselves, delete overrides they are the
//     engineer or author of, and ask for swaps. Being an organisation admin
//     does not make someone a member: swaps are between members. Only the
//     engineer a swap asks answers it (SwapAnswer); only its requester
//     withdraws it (SwapCancel).
//   - Whoever belongs to the alert's team, or was paged for the alert, or is
//     an organisation admin may acknowledge, resolve and escalate it
//     (AlertAct) — one alert at a time, in bulk, by SMS or by phone alike.
//   - A user edits their own profile (UserEdit); only organisation admins
//     edit others'.
//
// A refusal is a rota.EForbidden error whose message says who may do it.
package authz
