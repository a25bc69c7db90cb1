// Package incident decides what happens to incidents: it opens them (by
// hand, or automatically from an alert of a service with incidents: auto),
// moves them forward through their statuses, writes their append-only
// timeline, finds the suspect changes deployed shortly before, parses
// PagerDuty change events, checks post-incident reviews and computes the
// delivery metrics developers and operations share. It is a domain
// package of its own because incidents are where paging, deploys and
// learning meet; it is pure Go on the standard library and the root
// domain package, with no database and no wall clock: every instant is an
// argument, and storage, the API and the web app call it.
package incident
