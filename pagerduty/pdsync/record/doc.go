// Package record holds what the PagerDuty sync keeps in the database —
// links from PagerDuty ids to Rota objects, the stored connection and each
// run — as plain types, so that the store can read and write them without
// depending on the sync (which depends on apply, whose tests use the
// store). Package pdsync gives them their meaning.
package record
