// Package pdsync runs Rota's side of the PagerDuty sync: it holds the
// connection (a REST API token stored by an admin, or the one in the
// environment, which wins), runs an import end to end — fetch and convert
// with package pagerduty, recognise what earlier imports made by PagerDuty
// id, write the declarative file and apply it with package apply — keeps
// each run's outcome for the web app, and mirrors Rota's on-call into
// PagerDuty schedules. The CLI (`rota pagerduty`), the HTTP API and `rota
// serve`'s periodic mirror all call it, so the orchestration exists once.
//
// Recognition: every imported user, team, schedule, escalation policy and
// service is remembered by its PagerDuty id (external_ids). On the next
// import an object PagerDuty still has is matched to the Rota object made
// from it, whatever either side renamed it to: Rota keeps its own name and
// email (the report says when PagerDuty's differs) and the import updates
// the rest, so a rename never makes a duplicate. Links to objects deleted
// in Rota are ignored; the object is then matched by name as on a first
// import.
//
// Deletions: each override an import makes is remembered with the
// PagerDuty override it came from. A later import deletes the ones
// PagerDuty no longer lists over the stretch it read (deleted or moved
// there; a moved one is made anew): Rota then pages whom PagerDuty would.
// Overrides made in Rota, and ended ones, stay. Other objects deleted in
// PagerDuty (users, teams, members, schedules, policies, services) stay in
// Rota for an admin to delete (each import's notes name them): an import
// never removes configuration that alerts or history may still name.
package pdsync
