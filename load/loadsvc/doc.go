// Package loadsvc puts the load package to work on Rota's data: it
// assembles a team's load.Input from its members (zones, working hours),
// its schedules (resolved shifts, holidays, the rotation) and its stored
// thresholds, streams the team's pages (Rota's own and imported ones) from
// storage into a load.Accumulator, and adds learners, recovery
// suggestions and proposals. It also imports history files, accepts
// proposals (as overrides, through the store's override path), promotes
// learners, replays a past quarter and exports Prometheus gauges. The
// HTTP API, the CLI and the metrics all call it, so the figures are the
// same everywhere. It reads the clock only through the now function it
// is given.
package loadsvc
