// Package incidents is the incidents service: it carries the decisions of
// package incident (opening, linking, moving forward, the append-only
// timeline, suspect changes, reviews, delivery metrics) to storage and
// back, one transaction per decision, with the authorization policy
// checked inside it. It hears of new alerts and acknowledgements from
// paging through paging.IntakeObserver and paging.AlertObserver, and
// copies the facts of linked alerts (their creation, events and the
// pages sent) onto incident timelines, each once.
//
// It sits between the pure domain (incident, paging, authz) and the
// storage that implements its Store interface; it knows no database and
// no HTTP. Time comes from the clock it is given.
package incidents
