// Package load measures how much paging each engineer absorbs, flags
// burnout before it happens, and proposes fairer rotations. It exists
// because "you build it, you run it" only lasts when on-call is fair and
// visible: the figures here are what the Load page, `rota load report`,
// the API and the Prometheus gauges show, so they are computed once, in
// one place, as pure functions over pages, resolved shifts and a team's
// settings. It uses the standard library and the scheduler package (for
// tiers, dates, shifts and, in proposals, compiled schedules) only, and
// never reads the clock (both enforced by tests).
//
// # Input
//
// An Input names the period [From, To), the team's zone, its engineers
// (zone, working hours, discipline, site), the resolved shifts of its
// schedules (scheduler.Compiled.Shifts), holidays and thresholds. Pages
// are then fed one by one to an Accumulator, in time order per engineer
// (any order between engineers), so storage can stream them from a query
// ordered by time without holding them; Report may be called at any point
// and does not consume anything. The Accumulator's memory is bounded by the
// alerts that page each engineer within AlertMemory (a week). Pages and
// shifts outside the period are ignored or clipped. Shadow copies
// (Page.Shadow) are counted apart, as learning, and never flag.
//
// # Bands
//
// Every interruption falls in a band of the engineer's own wall clock
// (their IANA zone, so the bands follow daylight saving time): business is
// 08:00–18:00 Monday to Friday, or the engineer's working hours when set
// ("mon-fri 09:00-17:00"; a window that ends before it starts crosses
// midnight and belongs to the day it starts); sleep is 22:00–08:00 every
// day, except where working hours say the engineer works; off-hours is the
// rest. Windows are half-open: 08:00 is business, 18:00 off-hours, 22:00
// sleep.
//
// # Interruptions
//
// A page interrupts when its channel does (every channel but email) and it
// is not a shadow copy. Interrupting pages to one engineer form clusters:
// a page more than CoalesceWindow (60 s) after the first page of the
// current cluster starts a new one, so pages 59 s and 60 s apart are one
// cluster, 61 s apart two, and a chain of pages 50 s apart is cut at 0,
// 100, 200 s … (clusters are anchored at their first page, not extended by
// each page, so an hour-long storm is not one interruption). A cluster is
// one interruption if it holds a page for an alert that had not yet
// interrupted the engineer; a page for an alert that already did never
// counts again (one interruption per alert per engineer), unless the alert
// was silent for that engineer for AlertMemory. The interruption takes the
// instant and band of that page. Shadow pages are clustered the same way,
// separately.
//
// # Figures per engineer
//
// Pages (own, all channels, email, imported and pruned ones included: a
// page whose alert housekeeping pruned survives as a daily count, a page
// but no longer an interruption);
// interruptions in total and per band, and weighted (WeightBusiness 1,
// WeightOffHours 2, WeightSleep 3); the engineer's share of the team's
// interruptions; nights with a sleep-hour interruption (a night runs from
// 22:00 to 08:00 and is named by the day it starts); hours with at least
// one interruption (local :00 to :00, each real hour apart across a DST
// change, so 22:15 and 22:50 in Kolkata are one hour); time on call per
// tier (the union of that tier's shifts, in real time: a week across a
// spring-forward change is 167 hours); the share of the last 4 weeks on
// primary or secondary; incidents per 12-hour on-call shift; time to
// acknowledge (from the engineer's first page for an alert, of any
// channel, to their acknowledgement; median and 90th percentile by nearest
// rank); the longest consecutive stretch on primary or secondary (shifts
// that touch or overlap are joined); weekend days and holidays on call
// (local days in the engineer's zone with any primary or secondary time);
// shadow pages, shadow interruptions and completed shadow shifts.
//
// Incidents: an alert (or, when pages carry an IncidentID, an incident) is
// counted once per engineer, at its first interrupting page. On-call time
// (primary and secondary joined) is cut into 12-hour shifts from the start
// of each stretch, the last one shorter; an incident outside on-call time
// (a page to the engineer directly) falls into a 12-hour block that starts
// at the first such incident. The flag looks at the worst block of either
// kind.
//
// # Figures per team
//
// Totals of the above; the weekly trend (Monday to Monday in the team's
// zone) and an hour-of-week heat map in the team's zone, also split by the
// tier the engineer was on (the history proposals use); the rotation size
// against Google's SRE minimum (8 on one site, 6 on each of several; a
// site is Engineer.Site, else the engineer's zone); and the fairness
// figure: the Gini coefficient of the weighted interruptions of the
// rotation's engineers. Gini is scale-free (a quiet month and a busy one
// compare), needs no target, reads as one number from 0 (everyone carries
// the same) towards 1 (one person carries everything), and weighting by
// band makes a night cost more than a working hour. The rotation is
// Input.Rotation, or else every engineer with primary or secondary time in
// the period, or, with no such shifts, every engineer.
//
// # Flags
//
// Thresholds hold each team's limits (zero fields take the defaults of
// DESIGN.md); Validate names the offending field. A flag fires exactly at
// its threshold, comparing exactly (integers, not rounded percentages):
//
//   - sleep_interruptions: SleepInterruptions (2) or more sleep-hour
//     interruptions within any 7 local days (a wall-clock week, 167 or 169
//     hours across DST); the worst window is reported.
//   - incidents_per_shift: more than IncidentsPerShift (2) incidents in one
//     12-hour shift; the worst is reported.
//   - oncall_share: on primary or secondary more than OnCallSharePercent
//     (25) % of the last 4 weeks of the period (the whole period when
//     shorter).
//   - unfair_share: more than UnfairShareFactor (2) times the fair share
//     (1/rotation size) of the team's interruptions over the last 4 weeks.
//   - small_rotation (team): fewer than MinRotation (6) engineers in the
//     rotation. DESIGN.md's default is 6 whatever the sites; the stricter
//     SRE figure is reported beside it (Rotation.MeetsSREMinimum).
//
// Each flag carries a one-sentence message with its numbers, in the
// engineer's zone: "Dan: 3 sleep-hour interruptions between 8 and 9 March
// (limit 2)".
//
// # History import
//
// ParseCSV reads `rota load import` files (header at,email,alert,channel
// in any order; at in RFC 3339 with a zone offset; channel sms, voice,
// push, pagerduty or email). Every row is checked before anything is
// returned; on any problem it returns no rows and an *ImportError whose
// entries carry line, column (the field's number) and field name. Unknown
// emails are errors. Imported pages count like Rota's own.
//
// # Acting on it
//
// Propose plans a horizon (at most 16 weeks) for a team's schedule: it
// picks each primary and secondary layer's participant order (every order
// for up to 6 participants, pairwise exchanges beyond), then hands
// day-sized stretches (cut at the schedule zone's midnights) to another
// participant of the same layer, greedily, while that lowers the sum of
// squared loads. A load is the engineer's history (weighted interruptions
// plus WeightWeekendDay per weekend day or holiday on call) plus the
// expected load of what they hold in the horizon: the history's
// interruptions per hour of the week on that tier, weighted by the band
// the hour falls in for that engineer, so a colleague for whom a night is
// an evening can take it (follow the sun), plus the weekend and holiday
// burden. Every change is confirmed through the scheduler: coverage gaps
// stay exactly as they were, mixed-pairing violations and double bookings
// (primary and secondary at once) do not grow, nobody goes newly over the
// on-call share limit, and nobody over it goes beyond the largest share
// anyone already had. The result is expressed as overrides within the
// horizon that give exactly the proposed plan (Proposal.Apply), with the
// orders, the swaps and before/after loads and fairness for display.
//
// Replay judges proposals honestly on a past period (`rota load replay`):
// each page goes, under a plan, to whoever holds the tier its engineer
// held at that instant in the schedule as it was; the proposals are made
// block by block (ReplayBlock, 4 weeks), each from the pages replayed
// before it only; and both plans are reported with their gaps, pairing
// violations and double bookings. testdata/demo-quarter.csv is a generated
// quarter for the demo team (go test -run DemoQuarterFile -update
// rewrites it); TestReplayDemoQuarter logs the before/after table.
//
// SuggestRecovery turns each night with sleep-hour interruptions into a
// swap request for the engineer's next business hours on call (within a
// day of the night's end), with candidates who are free, were not woken
// that night and keep mixed pairing, least loaded first.
//
// LearnerProgress places every engineer not yet in an always-covering
// primary or secondary layer on the path shadow → business hours → full,
// counting completed shadow shifts and business-hours turns from the
// schedule against Thresholds.ShadowShifts and BusinessHoursShifts
// (default 4 each); Promote adds a learner to a layer.
//
// # Errors
//
// Bad input yields a *ValidationError whose Field names it (from, to,
// time_zone, engineers[i].id / .time_zone / .working_hours, holidays[i],
// shifts[i].engineer / .tier / .end, rotation[i], shadow_completed, the
// threshold names, and for pages engineer, channel, alert and at). Both
// error types have ErrorCode ("invalid"), ErrorField and ErrorMessage.
package load
