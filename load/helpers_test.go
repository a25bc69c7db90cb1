package load

import (
	"testing"
	"time"
	_ "time/tzdata" // the fixtures' zones, whatever the machine has

	"github.com/rotaoncall/rota/scheduler"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at parses a local "2006-01-02T15:04:05" (seconds optional) in zone.
func at(t testing.TB, zone, s string) time.Time {
	t.Helper()
	loc := mustLoc(t, zone)
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if v, err := time.ParseInLocation(layout, s, loc); err == nil {
			return v
		}
	}
	t.Fatalf("bad time %q", s)
	return time.Time{}
}

func mustAcc(t testing.TB, in Input) *Accumulator {
	t.Helper()
	a, err := NewAccumulator(in)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func addAll(t testing.TB, a *Accumulator, pages []Page) *Report {
	t.Helper()
	for _, p := range pages {
		if err := a.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	return a.Report()
}

func eng(t testing.TB, r *Report, id string) EngineerReport {
	t.Helper()
	e, ok := r.Engineer(id)
	if !ok {
		t.Fatalf("no engineer %q in the report", id)
	}
	return e
}

func flagCodes(fs []Flag) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func hasFlag(fs []Flag, code string) (Flag, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return Flag{}, false
}

func shift(tier scheduler.Tier, id string, s, e time.Time) scheduler.Shift {
	return scheduler.Shift{Tier: tier, EngineerID: id, Start: s, End: e}
}

func page(id, alert string, t time.Time) Page {
	return Page{EngineerID: id, AlertID: alert, At: t, Channel: ChannelSMS}
}

func dateOf(y int, m time.Month, d int) scheduler.Date {
	return scheduler.Date{Year: y, Month: m, Day: d}
}
