package paging

import "time"

// DayCount is the page load of one engineer on one UTC day from one team's
// alerts over one channel, as a shadow or not. It is what remains of pages
// once housekeeping has pruned their alerts, so that load reports reach
// further back than the pages do.
type DayCount struct {
	UserID  int64
	TeamID  int64
	Day     time.Time // midnight UTC
	Channel Channel
	Shadow  bool
	// Sent counts pages handed to the provider; Failed, pages that never
	// got there. Cancelled pages (acknowledged first) count as neither.
	Sent, Failed int
}
