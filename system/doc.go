// Package system assembles Rota from its parts — storage, authentication,
// on-call resolution, the paging pipeline (intake, escalation engine,
// dispatcher, alert lifecycle, SMS and voice conversation) and the HTTP
// API — in one place. `rota serve` and the API tests both build the server
// with Build, so what the tests exercise is what runs in production; the
// only difference is who drives the workers: Run starts them on the
// process clock, while tests with Manual step them at instants they choose.
package system
