package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/store"
)

// Login is the demo's sign-in: every demo user has the same password.
type Login struct {
	Email    string
	Password string
}

type person struct {
	email, name string
	discipline  rota.Discipline
	zone, phone string
}

type team struct {
	name     string
	admins   []string
	members  []person
	schedule func(ids map[string]string, start func(zone string) scheduler.LocalDateTime) rota.Schedule
}

var weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}

func businessHours(from, to int) []scheduler.Window {
	return []scheduler.Window{{Days: weekdays, From: scheduler.TimeOfDay{Hour: from}, To: scheduler.TimeOfDay{Hour: to}}}
}

func layer(name string, tier scheduler.Tier, parts []string, start scheduler.LocalDateTime, shift string, cov []scheduler.Window) scheduler.Layer {
	l, err := scheduler.ParseShiftLength(shift)
	if err != nil {
		panic(err) // the demo's own constants
	}
	return scheduler.Layer{Name: name, Tier: tier, Participants: parts, Start: start, Shift: l, Coverage: cov}
}

func teams() []team {
	return []team{
		{
			name:   "payments",
			admins: []string{"olga@example.com"},
			members: []person{
				{"olga@example.com", "Olga Petrova", rota.Ops, "Europe/Berlin", "+15550000001"},
				{"omar@example.com", "Omar Haddad", rota.Ops, "Europe/Berlin", "+15550000003"},
				{"dan@example.com", "Dan Miller", rota.Dev, "America/New_York", "+15550000002"},
				{"dina@example.com", "Dina Weber", rota.Dev, "Europe/Berlin", "+15550000004"},
				{"priya@example.com", "Priya Nair", rota.Dev, "Asia/Kolkata", "+15550000005"},
				{"nia@example.com", "Nia Okafor", rota.Dev, "Europe/Berlin", ""},
			},
			schedule: func(id map[string]string, start func(string) scheduler.LocalDateTime) rota.Schedule {
				st := start("Europe/Berlin")
				var s rota.Schedule
				s.Name, s.TimeZone, s.Pairing = "payments-oncall", "Europe/Berlin", scheduler.PairingMixed
				s.Holidays = []scheduler.Date{{Year: 2026, Month: 12, Day: 25}, {Year: 2026, Month: 12, Day: 26}, {Year: 2027, Month: 1, Day: 1}}
				s.Layers = []scheduler.Layer{
					layer("ops-24x7", scheduler.TierPrimary, []string{id["olga@example.com"], id["omar@example.com"]}, st, "1w", nil),
					layer("dev-business-hours", scheduler.TierPrimary, []string{id["dan@example.com"], id["dina@example.com"], id["priya@example.com"]}, st, "1d", businessHours(9, 17)),
					layer("dev-secondary", scheduler.TierSecondary, []string{id["priya@example.com"], id["dina@example.com"], id["dan@example.com"]}, st, "1w", nil),
					layer("ops-secondary-business-hours", scheduler.TierSecondary, []string{id["omar@example.com"], id["olga@example.com"]}, st, "1d", businessHours(9, 17)),
					layer("learners", scheduler.TierShadow, []string{id["nia@example.com"]}, st, "1w", nil),
				}
				return s
			},
		},
		{
			name:   "platform",
			admins: []string{"sam@example.com"},
			members: []person{
				{"sam@example.com", "Sam Carter", rota.Ops, "America/New_York", "+15550000011"},
				{"tara@example.com", "Tara Singh", rota.Ops, "America/Los_Angeles", "+15550000012"},
				{"lee@example.com", "Lee Park", rota.Dev, "America/New_York", "+15550000013"},
				{"maya@example.com", "Maya Green", rota.Dev, "Europe/London", "+15550000014"},
				{"raj@example.com", "Raj Patel", rota.Ops, "Asia/Kolkata", "+15550000015"},
			},
			schedule: func(id map[string]string, start func(string) scheduler.LocalDateTime) rota.Schedule {
				st := start("America/New_York")
				var s rota.Schedule
				s.Name, s.TimeZone = "platform-primary", "America/New_York"
				s.Layers = []scheduler.Layer{
					layer("ops-12h", scheduler.TierPrimary, []string{id["sam@example.com"], id["tara@example.com"], id["raj@example.com"]}, st, "12h", nil),
					layer("dev-business-hours", scheduler.TierPrimary, []string{id["lee@example.com"], id["maya@example.com"]}, st, "1w", businessHours(10, 18)),
					layer("dev-secondary", scheduler.TierSecondary, []string{id["maya@example.com"], id["lee@example.com"]}, st, "1w", nil),
				}
				return s
			},
		},
		{
			name:   "mobile",
			admins: []string{"ana@example.com"},
			members: []person{
				{"ana@example.com", "Ana Costa", rota.Ops, "Europe/London", "+15550000021"},
				{"ken@example.com", "Ken Ito", rota.Dev, "Europe/London", "+15550000022"},
				{"li@example.com", "Li Wei", rota.Dev, "Asia/Singapore", "+15550000023"},
			},
			schedule: func(id map[string]string, start func(string) scheduler.LocalDateTime) rota.Schedule {
				st := start("Europe/London")
				var s rota.Schedule
				s.Name, s.TimeZone = "mobile-oncall", "Europe/London"
				s.Layers = []scheduler.Layer{
					layer("weekly", scheduler.TierPrimary, []string{id["ana@example.com"], id["ken@example.com"], id["li@example.com"]}, st, "1w", nil),
					// Nights only: Li covers from Singapore while London sleeps.
					layer("asia-nights", scheduler.TierPrimary, []string{id["li@example.com"]}, st, "1w",
						[]scheduler.Window{{Days: []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}, From: scheduler.TimeOfDay{Hour: 23}, To: scheduler.TimeOfDay{Hour: 7}}}),
				}
				return s
			},
		},
	}
}

// Seed fills an empty database with the demo organisation relative to now
// and returns the login. Users get params-cost password hashes.
func Seed(ctx context.Context, db *store.DB, params auth.Params, now time.Time) (Login, error) {
	n, err := db.CountUsers(ctx)
	if err != nil {
		return Login{}, err
	}
	if n > 0 {
		return Login{}, fmt.Errorf("the demo needs an empty database; this one has %d users", n)
	}
	pw := auth.GeneratePassword()
	hash, err := auth.HashPassword(pw, params)
	if err != nil {
		return Login{}, err
	}
	admin, err := db.CreateUser(ctx, rota.User{Email: "admin@example.com", Name: "Ada Admin", Discipline: rota.Ops, TimeZone: "UTC", IsAdmin: true}, hash)
	if err != nil {
		return Login{}, err
	}
	// Rotations started sixteen weeks ago on a Monday at 09:00 local time,
	// so that they cover the quarter of page history (seedLoadHistory).
	// Twelve weeks is a whole number of cycles of every demo layer (up to
	// three engineers, 12 hours to a week each), so who is on call from now
	// on is as it was with a start four weeks ago.
	start := func(zone string) scheduler.LocalDateTime {
		loc, _ := time.LoadLocation(zone)
		t := now.In(loc).AddDate(0, 0, -112)
		for t.Weekday() != time.Monday {
			t = t.AddDate(0, 0, -1)
		}
		return scheduler.LocalDateTime{Date: scheduler.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}, Hour: 9}
	}
	ids := map[string]string{}
	var payments rota.Schedule
	for _, tm := range teams() {
		team, err := db.CreateTeam(ctx, rota.Team{Name: tm.name})
		if err != nil {
			return Login{}, err
		}
		for _, p := range tm.members {
			u, err := db.CreateUser(ctx, rota.User{Email: p.email, Name: p.name, Discipline: p.discipline, TimeZone: p.zone, Phone: p.phone}, hash)
			if err != nil {
				return Login{}, err
			}
			ids[p.email] = rota.ID(u.ID)
			role := rota.TeamMember
			for _, a := range tm.admins {
				if a == p.email {
					role = rota.TeamAdmin
				}
			}
			if err := db.SetMember(ctx, team.ID, u.ID, role); err != nil {
				return Login{}, err
			}
		}
		s := tm.schedule(ids, start)
		s.TeamID = rota.ID(team.ID)
		created, err := db.CreateSchedule(ctx, admin.ID, s)
		if err != nil {
			return Login{}, fmt.Errorf("demo schedule %s: %w", s.Name, err)
		}
		if tm.name == "payments" {
			payments = created
		}
	}
	if err := seedChanges(ctx, db, payments, ids, now); err != nil {
		return Login{}, err
	}
	if err := seedLoadHistory(ctx, db, payments, ids, now); err != nil {
		return Login{}, err
	}
	return Login{Email: "olga@example.com", Password: pw}, nil
}

// seedLoadHistory imports load.DemoQuarter for the payments team, moved
// by whole weeks so that it ends on the Monday of now's week in Berlin
// (pages after now dropped), so that the Load page has a quarter to show.
// The file's otto@example.com (New York ops) is Priya here.
func seedLoadHistory(ctx context.Context, db *store.DB, s rota.Schedule, ids map[string]string, now time.Time) error {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return err
	}
	l := now.In(loc)
	monday := time.Date(l.Year(), l.Month(), l.Day()-(int(l.Weekday())+6)%7, 0, 0, 0, 0, loc)
	end := time.Date(2026, 4, 6, 0, 0, 0, 0, loc)
	weeks := int(monday.Sub(end).Round(24*time.Hour).Hours()/24) / 7
	rows, err := load.ParseCSV(bytes.NewReader(load.DemoQuarter), func(email string) (string, bool) {
		if email == "otto@example.com" {
			email = "priya@example.com"
		}
		id, ok := ids[email]
		return id, ok
	})
	if err != nil {
		return fmt.Errorf("demo load history: %w", err)
	}
	var keep []load.ImportedPage
	for _, r := range rows {
		r.At = r.At.AddDate(0, 0, 7*weeks)
		if r.At.Before(now) {
			keep = append(keep, r)
		}
	}
	if _, err := db.ImportLoadPages(ctx, 0, rota.ParseID(s.TeamID), keep); err != nil {
		return fmt.Errorf("demo load history: %w", err)
	}
	return nil
}

// seedChanges adds overrides and a pending swap to the payments schedule.
func seedChanges(ctx context.Context, db *store.DB, s rota.Schedule, ids map[string]string, now time.Time) error {
	c, err := scheduler.Compile(s.Schedule)
	if err != nil {
		return err
	}
	loc := c.Location()
	day := func(offset, hour int) time.Time {
		t := now.In(loc).AddDate(0, 0, offset)
		return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, loc)
	}
	sid := rota.ParseID(s.ID)
	olga, omar := rota.ParseID(ids["olga@example.com"]), rota.ParseID(ids["omar@example.com"])
	for _, o := range []rota.Override{
		{ScheduleID: sid, Note: "Omar at a wedding", Override: scheduler.Override{Tier: scheduler.TierPrimary, EngineerID: ids["olga@example.com"], Start: day(2, 18), End: day(3, 9)}},
		{ScheduleID: sid, Note: "covering a dentist appointment", Override: scheduler.Override{Tier: scheduler.TierSecondary, EngineerID: ids["dina@example.com"], Start: day(-3, 13), End: day(-3, 16)}},
		{ScheduleID: sid, Note: "learning with Omar", Override: scheduler.Override{Tier: scheduler.TierShadow, EngineerID: ids["priya@example.com"], Start: day(5, 9), End: day(6, 9)}},
	} {
		actor := olga
		if o.EngineerID == ids["olga@example.com"] {
			actor = omar
		}
		if _, err := db.CreateOverride(ctx, actor, o); err != nil {
			return fmt.Errorf("demo override: %w", err)
		}
	}
	// Dan asks Dina to take his next business-hours primary shift.
	dan := ids["dan@example.com"]
	for _, sh := range c.TierShifts(scheduler.TierPrimary, now, now.Add(14*24*time.Hour)) {
		if sh.EngineerID == dan && sh.Start.After(now) {
			_, err := db.CreateSwap(ctx, rota.Swap{Message: "School play that afternoon — could you take it?", Swap: scheduler.Swap{
				ScheduleID: s.ID, Tier: scheduler.TierPrimary, RequesterID: dan, TargetID: ids["dina@example.com"], Start: sh.Start, End: sh.End}})
			if err != nil {
				return fmt.Errorf("demo swap: %w", err)
			}
			break
		}
	}
	return nil
}
