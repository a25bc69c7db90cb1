// Package incident decides what happens to incidents: it opens them (by
// hand, or automatically from an alert of a service with incidents: auto),
// moves them forward through their statuses, writes their append-only
// timeline, finds the suspect changes deployed shortly before, parses
// PagerDuty change events, checks blameless post-incident reviews and
// computes the delivery metrics developers and operations share.
//
// It is a domain package of its own because incidents are where paging,
// deploys and learning meet, and none of those packages should own the
// others' rules. It is pure Go on the standard library and the root
// domain package (which brings the scheduler's Date), with no database
// and no wall clock: every instant is an argument, and storage, the API,
// the CLI and the web app call it. Tests enforce both.
//
// # Incidents
//
// An Incident has a title (1–255 bytes after trimming), a severity (SEV1,
// the worst, to SEV4), a status, an optional commander, responders, the
// services and alerts linked, and five instants. Statuses go
// triggered → acknowledged → mitigated → resolved. Transition moves
// forward, skipping statuses if asked (triggered → resolved is fine); the
// instant of the status entered is set to the transition's instant and
// the instants of skipped statuses stay unset, because nobody did those
// things. Moving to the current status changes nothing and writes
// nothing, so a retried request is harmless. Moving backwards is refused
// with a rota.EConflict error on field "status"; a resolved incident is
// never reopened (a new alert opens a new one). Whoever moves an incident
// becomes a responder.
//
// The instants keep the order started_at ≤ detected_at ≤ acknowledged_at
// ≤ mitigated_at ≤ resolved_at (each where set). started_at is when users
// began to be hurt and people edit it after the fact (Edit); detected_at is
// when Rota learned of it: the first alert's creation, or the instant it
// was opened by hand unless the caller gives an alert's creation. A
// transition whose instant precedes an instant already set is refused
// (field "at"). Validate checks all of it, naming the field.
//
// # Opening automatically
//
// OnAlert is called once for each newly created alert (not for
// deduplicated repeats). For a service in Manual mode (the default) it
// does nothing. For an Auto service: when an incident linking the service
// is open, the alert is linked to it whatever its urgency, so an alert
// storm is one incident (with several open, the one detected last takes
// it); when none is open, a high-urgency alert that is not suppressed by
// maintenance opens one, titled by the alert's summary, started and
// detected at the alert's creation, with severity SEV2 for a critical
// alert, SEV3 for error, SEV4 otherwise (SEV1 is a person's call). Any
// other alert does nothing. OnAlertAcknowledged records an acknowledgement
// of a linked alert and acknowledges the incident if it is still
// triggered. Resolving alerts never resolves an incident: that is a
// person's judgement.
//
// # Timeline
//
// A timeline is a list of Entry values of the kinds listed at Kind: the
// system's facts (opened, alert triggered, paged whom by which channel,
// acknowledged, escalated, held and released, alert resolved, linked,
// status changed, edited, change deployed) and people's notes. It is
// append-only: Append validates new entries and numbers them after the
// last one (Seq 1, 2, …, contiguous), and nothing ever changes an entry.
// A correction is a new note whose Corrects names the Seq of an earlier
// entry; Corrections indexes them. Display order (Ordered, Compare) is by
// At, the instant the fact happened, then by Seq: entries appended late
// about earlier facts (a change deployed before the start) take their
// place in time, and entries at the same instant keep the order they were
// appended in. FromAlertEvent and PagedEntry turn the paging engine's
// alert events and page records into entries.
//
// # Suspect changes
//
// A change deployed at instant d is a suspect of an incident started at s
// when s − 24h ≤ d ≤ s (IsSuspect): exactly 24 hours before counts, and so
// does the instant of the start itself; anything after the start does
// not. Suspects lists the suspects among the changes of the incident's
// services, newest first (equal instants: highest ID first).
// SuspectEntries returns the change_deployed entries not yet on the
// timeline, for the caller to append when an incident opens, a service is
// linked or started_at is edited.
//
// # Change events
//
// ParseChangeEvent reads PagerDuty's Change Events format (routing_key,
// payload.summary required and at most 1,024 characters,
// payload.timestamp in RFC 3339 and optional, payload.source,
// payload.custom_details an object, links [{href, text}], images
// [{src, href, alt}]); unknown members are ignored, as PagerDuty does.
// The same body sent to /api/v1/integrations/{key}/change takes its key
// from the path (routing_key may then be absent, and must match when
// present). A missing timestamp is the instant of arrival. Rota's own
// extension is custom_details.committed_at, an RFC 3339 instant not after
// the change's timestamp, from which lead time runs. Every problem is
// reported at once in a ChangeEventError (code invalid, each problem
// naming its field), so the PagerDuty endpoint can answer with all of
// them; bodies over 512 KB are rota.ETooLarge. Issue #9 defines no other
// deploy format.
//
// # Post-incident review
//
// A Review holds summary, customer impact, contributing factors (a list:
// never a single root cause, since blaming a cause invites blaming a
// person), what went well, what was hard, action items (title, owner's
// email, due date, status open | in_progress | done | wont_do, optional
// ticket link) and the review meeting's date. Its workflow is draft →
// in_review → published (SubmitReview, PublishReview; anything else is a
// conflict), and submitting or publishing needs a summary, the impact and
// at least one contributing factor. UpdateReview edits a draft or a
// review in review freely; a published review is read-only except its
// action items' status (any other change is a conflict naming the field).
// A new action item's owner must be a known engineer and its due date not
// before today in the team's zone; stored items keep theirs unless they
// change. ReviewDue and ReviewOverdue give the reminder: a resolved SEV1
// or SEV2 without a published review is overdue from the end of the fifth
// business day (Monday to Friday, minus the team's holidays) after the
// local day it was resolved, in the team's zone.
//
// The responder-load section is Rota's, not the authors': ResponderLoad
// computes it from the page records and acknowledgements. Per engineer:
// pages, shadow pages apart (learning, not load); interruptions, by band
// in the engineer's own zone (Bander: business 08:00–18:00 Monday to
// Friday or their working hours, which win where they overlap the night;
// sleep 22:00–08:00; off-hours the rest); and hours engaged, from their
// first acknowledgement to the resolution. Interruptions coalesce: for
// one engineer, a page for an alert that already interrupted them, or a
// page at most 60 seconds after their previous counted page, joins the
// interruption before it; email pages never interrupt, Rota's logged
// pages do (they stand for a page a configured Twilio would send). The
// bands are injected per engineer so that the Load feature's own
// definition can be passed in. Markdown exports the review with the
// incident's facts, timeline and responder load.
//
// # Delivery metrics
//
// Delivery accumulates, over a half-open Period [From, To), per service
// or for a set of services such as a team's:
//
//   - deployments: change events with a timestamp in the period, and
//     deployments per week (deployments ÷ the period's length in weeks);
//   - change fail rate: deployments that are suspects of an incident on
//     the same service (an incident started within 24 hours after them,
//     the very relation of suspect changes) ÷ deployments; an incident
//     after the period's end still fails a deployment inside it;
//   - lead time: the median of deployment timestamp − committed_at over
//     the deployments that give committed_at (the mean of the two middle
//     values for an even count);
//   - incidents started in the period, also by severity;
//   - MTTA: the mean of acknowledged_at − detected_at over those incidents
//     that were acknowledged; MTTR: the mean of resolved_at − detected_at
//     over those resolved (both from detection, as issue #9 says);
//   - open action items (open or in progress) and overdue ones (due date
//     before today in the team's zone).
//
// For a set of services, an incident or action item that links several
// of them counts once. A rate or mean over nothing is 0; the counts say
// whether there was anything to measure. Incidents are given up front
// (every incident started in [From, To + 24h]); change events and action
// items are streamed one at a time in any order, so storage never holds
// them all; only one duration per deployment with a commit time is kept,
// for the exact median. Trend splits a period into calendar weeks of the
// team's zone (Weeks: from Monday 00:00 local time).
//
// # Errors
//
// Bad input is a *rota.Error with code invalid and the field at fault
// (title, severity, status, commander, services[i], alerts[i],
// responders[i], started_at, detected_at, acknowledged_at, mitigated_at,
// resolved_at, at; add[i].<field> for timeline entries; the change-event
// fields above; summary, impact, contributing_factors[i], went_well[i],
// was_hard[i], meeting_date, action_items[i].title / owner / due / status
// / link / id for reviews; from, to, time_zone, working_hours). A
// backward transition, a workflow step from the wrong state and an edit
// of a published review are code conflict, with the field.
package incident
