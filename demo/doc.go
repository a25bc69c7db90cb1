// Package demo seeds a demo organisation: mixed dev/ops teams in several
// time zones with 24×7 and business-hours layers, a paired secondary tier,
// a shadow learner, overrides and a pending swap. `rota serve --demo` shows
// it, and tests and benchmarks use it as a realistic organisation, which is
// why it is a package of its own rather than part of the command.
package demo
