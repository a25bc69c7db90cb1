package load

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rotaoncall/rota/scheduler"
)

var update = flag.Bool("update", false, "rewrite testdata/demo-quarter.csv")

const demoFile = "testdata/demo-quarter.csv"

// demoSchedule is the demo organisation's payments team: three ops
// engineers (two in Berlin, one in New York) on a weekly 24×7 primary and
// secondary, two devs (one in each zone) taking business hours in Berlin
// on top, and Nia shadowing.
func demoSchedule() (scheduler.Schedule, []Engineer) {
	const ber, ny = "Europe/Berlin", "America/New_York"
	week := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	start := scheduler.LocalDateTime{Date: scheduler.Date{Year: 2026, Month: 1, Day: 5}, Hour: 9}
	members := []scheduler.Engineer{
		{ID: "olga", Name: "Olga", Discipline: scheduler.DisciplineOps, TimeZone: ber},
		{ID: "omar", Name: "Omar", Discipline: scheduler.DisciplineOps, TimeZone: ber},
		{ID: "otto", Name: "Otto", Discipline: scheduler.DisciplineOps, TimeZone: ny},
		{ID: "dan", Name: "Dan", Discipline: scheduler.DisciplineDev, TimeZone: ny},
		{ID: "dina", Name: "Dina", Discipline: scheduler.DisciplineDev, TimeZone: ber},
		{ID: "nia", Name: "Nia", Discipline: scheduler.DisciplineDev, TimeZone: ber},
	}
	s := scheduler.Schedule{ID: "payments-oncall", Name: "payments-oncall", TeamID: "payments", TimeZone: ber,
		Holidays: []scheduler.Date{{Year: 2026, Month: 4, Day: 3}},
		Members:  members,
		Layers: []scheduler.Layer{
			{ID: "ops-24x7", Tier: scheduler.TierPrimary, Participants: []string{"olga", "omar", "otto"}, Start: start, Shift: scheduler.ShiftLength{Days: 7}},
			{ID: "dev-business-hours", Tier: scheduler.TierPrimary, Participants: []string{"dan", "dina"}, Start: start, Shift: scheduler.ShiftLength{Days: 1},
				Coverage: []scheduler.Window{{Days: week, From: scheduler.TimeOfDay{Hour: 9}, To: scheduler.TimeOfDay{Hour: 17}}}},
			{ID: "ops-secondary", Tier: scheduler.TierSecondary, Participants: []string{"omar", "otto", "olga"}, Start: start, Shift: scheduler.ShiftLength{Days: 7}},
			{ID: "learners", Tier: scheduler.TierShadow, Participants: []string{"nia"}, Start: start, Shift: scheduler.ShiftLength{Days: 7}},
		},
	}
	var es []Engineer
	for _, m := range members {
		es = append(es, Engineer{ID: m.ID, Name: m.Name, Email: m.ID + "@example.com", TimeZone: m.TimeZone, Discipline: m.Discipline})
	}
	return s, es
}

func demoPeriod(t testing.TB) (time.Time, time.Time) {
	from := at(t, "Europe/Berlin", "2026-01-05T09:00")
	return from, from.AddDate(0, 0, 13*7)
}

func poisson(r *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// generateDemoQuarter makes a realistic quarter of pages for the demo
// team, sent as its schedule says: a nightly batch job that fails on
// about a third of nights around 02:30 Berlin, business-hours noise,
// evening noise, voice follow-ups, escalations to secondary, some email
// and a few direct pages to the team lead.
func generateDemoQuarter(t testing.TB) [][]string {
	s, _ := demoSchedule()
	c := compile(t, s)
	from, to := demoPeriod(t)
	ber := mustLoc(t, "Europe/Berlin")
	r := rand.New(rand.NewPCG(2026, 1))
	type row struct {
		at                time.Time
		who, alert, chan_ string
	}
	var rows []row
	n := 0
	alert := func(kind string, at time.Time) {
		n++
		id := fmt.Sprintf("%s-%04d", kind, n)
		pri, ok := c.OnCallTier(scheduler.TierPrimary, at)
		if !ok {
			return
		}
		rows = append(rows, row{at, pri.EngineerID, id, "sms"})
		if r.IntN(2) == 0 {
			rows = append(rows, row{at.Add(2 * time.Minute), pri.EngineerID, id, "voice"})
		}
		if r.IntN(10) == 0 {
			rows = append(rows, row{at.Add(10 * time.Second), pri.EngineerID, id, "email"})
		}
		if r.IntN(5) == 0 {
			if sec, ok := c.OnCallTier(scheduler.TierSecondary, at.Add(5*time.Minute)); ok {
				rows = append(rows, row{at.Add(5 * time.Minute), sec.EngineerID, id, "sms"})
			}
		}
		if r.IntN(40) == 0 {
			rows = append(rows, row{at.Add(15 * time.Minute), "olga", id, "voice"})
		}
	}
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		y, m, d := day.In(ber).Date()
		local := func(h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ber) }
		if r.Float64() < 0.35 {
			alert("batch", local(2, 10+r.IntN(40)).Add(24*time.Hour))
		}
		if wd := local(12, 0).Weekday(); wd != time.Saturday && wd != time.Sunday {
			for range poisson(r, 2.5) {
				alert("checkout", local(9, 0).Add(time.Duration(r.IntN(8*3600))*time.Second))
			}
		}
		for range poisson(r, 0.6) {
			alert("api", local(17, 0).Add(time.Duration(r.IntN(6*3600))*time.Second))
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.at.Compare(b.at) })
	out := [][]string{{"at", "email", "alert", "channel"}}
	for _, x := range rows {
		if x.at.Before(to) {
			out = append(out, []string{x.at.UTC().Format(time.RFC3339), x.who + "@example.com", x.alert, x.chan_})
		}
	}
	return out
}

// TestDemoQuarterFile keeps testdata/demo-quarter.csv what the generator
// makes; go test ./load/ -run DemoQuarterFile -update rewrites it.
func TestDemoQuarterFile(t *testing.T) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(generateDemoQuarter(t)); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(demoFile, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Errorf("%s is not what the generator makes; run with -update", demoFile)
	}
}

// TestReplayDemoQuarter replays the demo quarter against plain round-robin
// and Rota's proposals: the proposals must keep coverage, pairing and
// double booking as they were, fire no flag more often, and must not make
// the load less fair or heavier.
func TestReplayDemoQuarter(t *testing.T) {
	s, es := demoSchedule()
	f, err := os.Open(demoFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byEmail := map[string]string{}
	for _, e := range es {
		byEmail[e.Email] = e.ID
	}
	rows, err := ParseCSV(f, func(e string) (string, bool) { id, ok := byEmail[e]; return id, ok })
	if err != nil {
		t.Fatal(err)
	}
	var pages []Page
	for _, r := range rows {
		pages = append(pages, r.Page())
	}
	from, to := demoPeriod(t)
	res, err := Replay(ReplayInput{Team: "payments", TimeZone: "Europe/Berlin", Schedule: s, Engineers: es, Pages: pages, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	rr, pr := res.RoundRobin, res.Proposed
	if !slices.EqualFunc(rr.Gaps, pr.Gaps, func(a, b scheduler.Gap) bool { return a.Tier == b.Tier && a.Start.Equal(b.Start) && a.End.Equal(b.End) }) ||
		pr.PairingViolations > rr.PairingViolations || pr.DoubleBooked > rr.DoubleBooked {
		t.Errorf("the proposals broke a rule: gaps %v → %v, pairing %v → %v, double %v → %v",
			rr.Gaps, pr.Gaps, rr.PairingViolations, pr.PairingViolations, rr.DoubleBooked, pr.DoubleBooked)
	}
	if pr.Report.Totals.Pages != rr.Report.Totals.Pages || rr.Report.Totals.Pages != len(pages) {
		t.Errorf("pages %d and %d of %d", rr.Report.Totals.Pages, pr.Report.Totals.Pages, len(pages))
	}
	count := func(r *Report) map[string]int {
		n := map[string]int{}
		for _, f := range r.AllFlags() {
			n[f.Code]++
		}
		return n
	}
	for code, n := range count(pr.Report) {
		if n > count(rr.Report)[code] {
			t.Errorf("%s fires %d times under the proposals, %d under round-robin", code, n, count(rr.Report)[code])
		}
	}
	if pr.Report.Fairness > rr.Report.Fairness || pr.Report.Totals.Weighted > rr.Report.Totals.Weighted {
		t.Errorf("fairness %v → %v", rr.Report.Fairness, pr.Report.Fairness)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "demo quarter, %d pages: %d swaps, %d order changes\n", len(pages), len(res.Swaps), len(res.Orders))
	fmt.Fprintf(&b, "%-6s %22s %22s\n", "", "round-robin", "proposed")
	fmt.Fprintf(&b, "%-6s %7s %7s %6s %7s %7s %6s\n", "", "sleep", "weight", "oncall", "sleep", "weight", "oncall")
	for i, e := range rr.Report.Engineers {
		p := pr.Report.Engineers[i]
		fmt.Fprintf(&b, "%-6s %7d %7d %5.0f%% %7d %7d %5.0f%%\n", e.ID,
			e.Interruptions.Sleep, e.Weighted, 100*float64(e.OnCall.Primary+e.OnCall.Secondary)/float64(to.Sub(from)),
			p.Interruptions.Sleep, p.Weighted, 100*float64(p.OnCall.Primary+p.OnCall.Secondary)/float64(to.Sub(from)))
	}
	fmt.Fprintf(&b, "%-6s %7d %7d %6s %7d %7d\n", "team", rr.Report.Totals.Interruptions.Sleep, rr.Report.Totals.Weighted, "",
		pr.Report.Totals.Interruptions.Sleep, pr.Report.Totals.Weighted)
	fmt.Fprintf(&b, "fairness (Gini of weighted interruptions): %.3f → %.3f; gaps %d → %d; flags %d → %d",
		rr.Report.Fairness, pr.Report.Fairness, len(rr.Gaps), len(pr.Gaps), len(rr.Report.AllFlags()), len(pr.Report.AllFlags()))
	for _, pl := range []ReplayPlan{rr, pr} {
		b.WriteString("\n")
		for _, f := range pl.Report.AllFlags() {
			b.WriteString("\n  " + f.Message)
		}
	}
	t.Log("\n" + b.String())
}
