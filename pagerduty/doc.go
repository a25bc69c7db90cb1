// Package pagerduty is Rota's adapter to PagerDuty, for teams moving from
// it or working beside it. It exists as a package of its own because it is
// the one place that speaks PagerDuty (through go-pagerduty, built with
// explicit endpoints so tests run the real client against pdfake) and
// maps PagerDuty's model onto Rota's.
//
//   - Client wraps go-pagerduty's client: every list walked to its end
//     with offset pagination; 429 (and 5xx to GET) retried after
//     Retry-After or an exponential backoff, a bounded number of times,
//     through an injectable sleep; 401, 403 and 429 translated to coded
//     errors.
//   - Fetch reads an organisation at an instant; Convert, a pure function,
//     turns it into an Org in Rota's terms and a Report of what it skipped
//     or changed and why (it never fails, and never imports half a
//     schedule); WriteYAML writes the Org as a declarative file for `rota
//     apply`; Check compiles each converted schedule with the scheduler and
//     compares its on-call with PagerDuty's rendered final schedule; Import
//     does the three in a row.
//   - PlanMirror and Mirror keep a PagerDuty schedule following Rota's
//     on-call with the fewest overrides; a second run writes nothing.
//   - Sender is a paging.Sender forwarding pages as Events API v2 events
//     (dedup key from Rota's alert id): the sender of paging's
//     ChannelPagerDuty, whose follow-ups carry acknowledgements and
//     resolutions (paging/forward.go).
//   - FetchLoad and PageRecords turn incidents and their notify log
//     entries into page records for the load report.
//
// # What is carried over
//
// Users, matched by email (name, IANA time zone, the SMS or else voice
// number). Teams and members (manager → admin, others → member; names made
// into Rota team names). Each schedule becomes a Rota schedule with one
// tier, primary, holding every PagerDuty layer in the same precedence:
// PagerDuty's API lists layers most recent first and the most recent wins
// (PagerDuty's own Terraform provider reverses the list for that reason),
// so the list is reversed, Rota's last layer winning. A layer keeps its
// users in rotation order, its turn length (days, or whole minutes for
// shorter turns) and its handoff anchor: Rota's layer starts at the last
// handoff at or before PagerDuty's start (from rotation_virtual_start),
// with the users rotated to whoever's turn that is. Daily and weekly
// restrictions become coverage windows (multi-day ones split by day;
// nights across midnight kept as one window). Overrides still in effect
// become primary-tier overrides. Escalation policies: rules become steps
// at the cumulative delay, num_loops becomes repeat and the last rule's
// delay repeat_after; user and schedule targets are kept (a schedule's
// primary tier). Services: escalation policy, urgency (constant high, low,
// severity_based → from-severity), support hours as business hours, and
// Events API v2 integrations with their integration keys, so that senders
// only change the URL.
//
// # What is not
//
// History: layers that ended and overrides that were over before the
// import instant. A layer's end in the future (Rota's layers do not end;
// reported). A layer that starts in the future mid-turn starts at that
// turn's handoff (reported). Turns shorter than an hour, longer than 8
// weeks or not whole minutes, and restrictions not on whole minutes: the
// schedule is skipped. A layer that names a deleted user or one without
// an email: the schedule is skipped, because dropping their turns changes
// who is on call. Urgency that depends on support hours (Rota's does not
// depend on the time of day; the in-hours urgency is kept), scheduled
// actions, acknowledgement and auto-resolve timeouts, sub-teams, Events
// API v1 and email integrations, event rules and orchestrations, response
// plays, business services, notification rules and contact methods other
// than one phone number, and PagerDuty's roles beyond team manager. Rota
// concepts PagerDuty lacks (disciplines, secondary and shadow tiers,
// holidays, mixed pairing) are left for the team to add.
//
// The semantics Check holds Rota to (and pdfake's renderer implements):
// turn k of a layer starts at rotation_virtual_start plus k turn lengths
// of wall-clock time in the schedule's zone, so daily handoffs stay at the
// same local time across DST; restrictions are wall-clock windows that
// mask turns without pausing them; a layer is active on [start, end); the
// most recent layer that covers an instant wins; overrides beat layers.
// Rota's scheduler has the same rules, which is why the conversion is
// exact; only handoffs inside the hour a DST change skips or repeats could
// be placed differently (Rota moves them to the first valid instant).
//
// Package pdsync runs all this for Rota (the CLI, the API behind Settings
// → PagerDuty and rota serve's periodic mirror): the stored connection,
// recognition by PagerDuty id, applying, and the record of each run.
//
// A known interplay: a schedule that Rota mirrors into PagerDuty carries
// the mirror's overrides there, and a later import of that schedule brings
// them back as Rota overrides (the same people at the same times, so who
// is on call does not change). Import a schedule, then mirror it; do not
// keep re-importing it.
//
// Nothing here reads the wall clock: the instant an import is made for,
// and the window a mirror covers, are arguments.
package pagerduty
