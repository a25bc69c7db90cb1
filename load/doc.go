// Package load measures how much paging each engineer absorbs, flags
// burnout before it happens, and proposes fairer rotations. It is pure
// computation over pages, resolved shifts and a team's settings, with no
// database and no wall clock, so the storage layer can stream pages into
// it and the API, the CLI and the web app all agree on the numbers.
package load
