// Package housekeeping keeps Rota's database from growing forever: it ends
// expired sessions and verification codes, and prunes resolved alerts (with
// their pages and timelines) once they are older than the retention, after
// folding their pages into daily page-load counts so that load history
// outlives them. It is a domain of its own because every other package
// only ever adds rows. Like scheduler it uses only the standard library and
// never reads the wall clock: RunOnce takes the instant it works at, and
// storage is the small Store interface that package store implements. Any
// number of Rota processes may run it at once.
package housekeeping
