// Package scheduler decides who is on call: it turns a team's schedule
// (tiers, layers, coverage windows, holidays, overrides) into resolved
// shifts, and checks swap requests. It is pure Go on the standard library
// only, with no database and no wall clock: every function takes the
// instant or the range it works on.
//
// # Semantics
//
// Local times. Layer starts, coverage windows and holidays are wall-clock
// values in the schedule's IANA zone. A local time is turned into an
// instant with two rules that Go's time.Date does not guarantee: a time in
// a skipped hour (spring forward) becomes the transition instant, the
// first valid instant after it; a time in a repeated hour (fall back)
// takes its first occurrence. Equivalently, a local time maps to the
// earliest instant at which the wall clock reads that time or later.
// Conversely an instant is placed on the wall clock by the highest reading
// the clock has shown so far, so during the second pass through a repeated
// hour the schedule behaves as at the end of that hour. The two maps agree
// exactly, which is why a point lookup (OnCall) and a range expansion
// (Shifts) never disagree, even across DST changes. LocalInstant and
// Compiled.Instant expose the first map.
//
// Turns. Turn k of a layer starts at its Start plus k shift lengths of wall
// clock: a daily rotation hands off at the same local time every day, a
// 12-hour one at 09:00 and 21:00 all year, and the turn that spans a DST
// change is an hour (or 30 minutes, in Australia/Lord_Howe) shorter or
// longer. Sub-day shifts ("8h", "90m") advance the wall clock by whole
// minutes; a turn that falls entirely inside a skipped hour lasts no time
// and is skipped, though the rotation still advances past its participant.
// Turns advance whether or not coverage applies: coverage masks turns, it
// never pauses them. A layer covers nothing before its Start. Shift
// lengths run from 1 hour to 8 weeks.
//
// Coverage. A layer with no windows covers always. Weekly windows are
// half-open, [From, To) on each listed day; a window whose To is earlier
// than its From crosses midnight and belongs to the day it starts (fri
// 22:00–06:00 covers Friday 22:00 to Saturday 06:00); To may be 24:00.
// Overlapping windows unite. Holidays remove whole local days from every
// layer with windows, never from an always layer.
//
// Resolution. For a tier at an instant: the overrides of that tier first
// (the one created last wins; on equal creation times, the one listed
// last), then the tier's layers from last to first, the first that covers
// the instant. When none does, the tier has a coverage gap; Gaps reports
// gaps of the primary and secondary tiers that have layers. Instants are
// resolved between 1900 and 2200 UTC; outside, nobody is on call.
//
// Results. Every instant returned is in the schedule's location. Shifts
// clips to the range asked for and joins adjacent stretches of the same
// engineer from the same source, so expanding [a, c) equals expanding
// [a, b) and [b, c) and joining at b. OnCallTier reports the current turn
// (or override) only, without joining the engineer's consecutive turns;
// NextHandoff says when the engineer actually changes. ShadowCompleted
// counts a shadow shift (one layer turn or override) when the engineer's
// last stretch on shadow for it ends within the range. PairingViolations
// reports, for a schedule with Pairing "mixed", where primary and
// secondary are both staffed by the same discipline.
//
// Swaps. A swap is between a giver, whose shift it is, and a taker: a
// give swap (the default) is the requester offering their shift to the
// target, a take swap the requester asking the target for theirs. Either
// way the target answers and the requester may cancel. A swap of [Start,
// End) on a tier hands the taker the stretches of that range in which the
// giver is on call for the tier, and only those (SwapStretches): the giver
// need not hold the whole range, only some of it. So one request over a
// whole weekly turn, which a business-hours layer above cuts into nights
// and a weekend, hands over the nights and the weekend and leaves the
// business hours with the developers who have them. LayerTurn says which
// turn of a layer holds an instant; WholeShift is the whole shift a
// resolved stretch belongs to: its layer turn, from the engineer's first
// to last instant on call for the tier in it (an override's stretch is its
// own whole shift). Giving a whole shift away, or asking for one, is one
// swap over that range. ValidateSwapRequest refuses a request whose giver
// is on call at no time in the range. Transition moves a swap from
// requested to accepted, declined or cancelled, enforcing that only the
// target accepts or declines and only the requester cancels. DecideSwap
// does the transition and, on acceptance, recomputes the stretches against
// the schedule as it is then and returns one override per stretch, all
// created at the instant of acceptance; a stretch the giver lost meanwhile
// is not handed over, and a request with nothing left to hand over is
// refused as a conflict.
//
// Former members. Schedule.Former lists engineers who have left the team
// but are named by the schedule's overrides (which ended before they
// left): they resolve and keep their names in the history, and a
// participant, a swap or anything new naming them is refused as for a
// stranger.
//
// Timeline. LayerRows gives each layer's turns on its own (coverage and
// holidays applied, no overrides, no other layer): laid over each other in
// tier order, later layers winning, they are the final schedule wherever
// no override applies. Warnings reports what is allowed but likely not
// meant, once per engineer, tier or layer at its first occurrence within
// the range looked at: the same engineer in two tiers at once
// (same_engineer_two_tiers), a tier with no layers that a policy pages
// (empty_tier_used; the caller says which policies page which tier), a
// layer that started in the four weeks before with nobody on call for its
// tier just before it (past_start_gap), and a primary or secondary gap
// (gap). Warning.Field uses the error field names below.
//
// Errors. Bad input yields a *ValidationError whose Field names the input
// in the declarative file's terms: time_zone, pairing, holidays[i],
// members[i].id, members[i].discipline, tiers.<tier> (unknown tier),
// tiers.<tier>[i].participants (and [j]), tiers.<tier>[i].start,
// tiers.<tier>[i].shift, tiers.<tier>[i].coverage[j].days[k] / .from /
// .to, overrides[i].tier / .engineer / .start / .end, and for swaps tier,
// state, kind, requester, target, start, end and action. Swap transitions
// by the wrong engineer yield *ForbiddenError, on a swap that is no longer
// requested *ConflictError. Each error has ErrorCode and ErrorMessage.
//
// # Deviations from the first API sketch
//
// Transition takes the instant of the transition as a fourth argument,
// because a decided swap records when; DecideSwap passes it on as the
// creation time of the overrides, since the package never reads the
// clock. An accepted swap yields a list of overrides, one per stretch,
// not a single override over its range. Violation names the two engineers
// (PrimaryID, SecondaryID) and their shared discipline. Compiled also offers
// TierShifts, Schedule, Location, Member and Instant. Two package-level
// caches exist, both invisible to callers: zone tables memoized per zone
// name (immutable data), and a sync.Pool of scratch buffers that keeps a
// year of shifts down to a handful of allocations.
package scheduler
