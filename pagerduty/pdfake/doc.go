// Package pdfake is a fake PagerDuty over real HTTP (httptest), for tests:
// it speaks the REST API v2 shapes that go-pagerduty reads and writes
// (users, teams and members, schedules with layers and a rendered final
// schedule, overrides, escalation policies, services with integrations,
// incidents and their log entries) and the Events API v2 (/v2/enqueue).
// It checks the token and the Accept header, paginates with offset, limit
// and more, and answers 429 with Retry-After on the calls a test chooses.
//
// The final schedule it renders for GET /schedules/{id}?since&until is
// computed from the layers by its own brute-force renderer (every minute
// evaluated with time.Date on the schedule's wall clock), independently of
// Rota's scheduler: it is the oracle the import's faithfulness check is
// compared with. It never reads the wall clock.
package pdfake
