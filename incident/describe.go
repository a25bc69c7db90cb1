package incident

import (
	"fmt"
	"time"
)

// Describe says what a timeline entry records, in the sentence the
// Markdown export writes for it (without its instant): names come from
// user and service (nil, or an empty name, writes "engineer 12" and
// "service 3") and instants inside the text are written in loc (nil: UTC).
func Describe(e Entry, user, service func(id int64) string, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	named := func(f func(int64) string, what string) func(int64) string {
		return func(id int64) string {
			if f != nil {
				if n := f(id); n != "" {
					return n
				}
			}
			return fmt.Sprintf("%s %d", what, id)
		}
	}
	when := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04:05 MST") }
	return describe(e, named(user, "engineer"), named(service, "service"), when)
}
