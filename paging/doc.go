// Package paging turns alerts into pages: it parses what monitors send
// (Alertmanager, generic JSON, PagerDuty Events v2), routes each alert to
// the one service that owns it, decides its urgency and whether it is held
// or suppressed, escalates it step by step from state kept in the database,
// and sends pages through a durable outbox. It knows nothing of HTTP
// frameworks or gorm: storage is an interface it declares.
//
// # The order pages leave in
//
// Whenever pages wait — for a channel's rate limit (a sending number's one
// message a second) or for a free send slot — the dispatcher serves
// engineers fairly, not first in, first out:
//
//  1. High urgency before low.
//  2. Engineers take turns: an engineer already sent a message in this
//     backlog goes after every engineer with waiting pages who has not
//     been (fewer messages first). A backlog lasts while pages wait; the
//     count starts again once nothing does.
//  3. First passes of the policy before repeats, earlier steps first.
//  4. The page waiting longest first.
//
// All of an engineer's waiting SMS pages to one number leave as one
// bundled message; shadow copies are never bundled. SMS and calls have
// queues (and rate limits) of their own, so waiting calls never hold back
// an SMS. So after a flood, an alert for an engineer the flood did not
// touch leaves with the next message: before any page to an engineer who
// has already had one in the flood.
//
// The escalation engine keeps the same promise before pages exist: while
// its batches come back full, it fires due alerts high urgency first, then
// service by service in turn (a service that has had n alerts fired in the
// backlog gets its next one in round n+1), so a storm on one service does
// not hold back another service's first step.
//
// Pages the engine fires due now are leased to this process's dispatcher
// and handed over in memory; the dispatcher holds up to MaxHeld pages and
// renews the leases of those still waiting, so a page is neither parked
// behind a lease nor sent by two processes. Pages written for later, or
// left by another process, are claimed from the outbox in the same order
// (per engineer, first notifications first).
package paging
