// Package oncall answers who is on call from stored schedules: it loads
// schedules through a storage interface, compiles them with the scheduler
// and keeps the compiled forms while their revision is unchanged. The HTTP
// API, the CLI, the calendar feeds and escalation all resolve through it, so
// it is a package of its own rather than part of any one of them.
package oncall
