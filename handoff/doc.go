// Package handoff tells engineers when their on-call shift begins: at the
// start of each primary or secondary shift that changes who is on call,
// the incoming engineer gets one notice with the tier, the schedule, the
// end of the shift in their own zone and the open alerts of the team they
// take over. A shift that only continues the same engineer (another layer
// or an override of theirs following on) is no handoff.
//
// Like housekeeping it uses only the standard library (and the scheduler,
// for resolved shifts) and never reads the wall clock: RunOnce takes the
// instant it works at. Any number of Rota processes may run it at once:
// each notice is claimed by inserting a unique row (schedule, tier,
// engineer, shift start) before it is sent, and only the process whose
// insert took sends it.
package handoff
