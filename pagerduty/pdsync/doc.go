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
package pdsync
