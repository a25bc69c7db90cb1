package pdfake

import "time"

// The fixture organisation's instants: imports and faithfulness checks run
// from FixtureAt over FixtureHorizon. The four weeks after FixtureAt hold
// both the US change to daylight saving time (2026-03-08, New York) and the
// European one (2026-03-29, Berlin).
var (
	FixtureAt      = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	FixtureHorizon = 28 * 24 * time.Hour
)

// FixtureToken is the token a fake seeded by NewFixture accepts.
const FixtureToken = "u+fixture-token-0123456789"

// Fixture routing keys of the fixture's Events API v2 integrations.
const (
	CheckoutKey = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
	EdgeKey     = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	LedgerV1Key = "11112222333344445555666677778888"
)

// NewFixture starts a fake seeded with the fixture organisation.
func NewFixture() *Server {
	s := New(FixtureToken)
	Seed(s)
	return s
}

func local(zone string, y int, m time.Month, d, hh, mm int) time.Time {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		panic(err)
	}
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

const (
	berlin  = "Europe/Berlin"
	newYork = "America/New_York"
	day     = 86400
	week    = 7 * day
)

// Seed fills s with a realistic organisation: two teams (Payments in
// Berlin, Platform SRE in New York); weekly, daily and 12-hour rotations;
// schedules of several layers with daily and weekly restrictions (business
// hours, nights across midnight, a weekend spanning two days); a layer
// edited mid-turn (an ended layer and its successor); a layer whose
// virtual start lies after its start; overrides (past, in progress,
// future); a user without an email; a schedule naming a deleted user; an
// unsupported construct (half-hour turns); escalation policies whose
// targets include skipped things; services with support hours, urgency
// rules and integrations of several kinds; and a month of incidents with
// notification log entries on every channel.
func Seed(s *Server) {
	users := []User{
		{ID: "PALICE1", Name: "Alice Ng", Email: "alice@example.com", TimeZone: newYork, Role: "admin",
			Contacts: []Contact{{ID: "PC001", Type: "sms_contact_method", Label: "Mobile", Address: "5550100001", CountryCode: 1},
				{ID: "PC002", Type: "email_contact_method", Label: "Work", Address: "alice@example.com"}}},
		{ID: "PBOB002", Name: "Bob Ortiz", Email: "bob@example.com", TimeZone: newYork, Role: "user",
			Contacts: []Contact{{ID: "PC003", Type: "phone_contact_method", Label: "Mobile", Address: "5550100002", CountryCode: 1}}},
		{ID: "PCARL03", Name: "Carla Diaz", Email: "Carla.Diaz@Example.com", TimeZone: newYork, Role: "user"},
		{ID: "PDEV004", Name: "Dev Patel", Email: "dev@example.com", TimeZone: newYork, Role: "user"},
		{ID: "POLGA05", Name: "Olga Berg", Email: "olga@example.com", TimeZone: berlin, Role: "admin",
			Contacts: []Contact{{ID: "PC004", Type: "sms_contact_method", Label: "Mobile", Address: "15550000001", CountryCode: 49}}},
		{ID: "POMAR06", Name: "Omar Haddad", Email: "omar@example.com", TimeZone: berlin, Role: "user"},
		{ID: "PNINA07", Name: "Nina Kowalski", Email: "nina@example.com", TimeZone: berlin, Role: "user"},
		{ID: "PERIK08", Name: "Erik Lund", Email: "erik@example.com", TimeZone: berlin, Role: "user"},
		{ID: "PNOMAIL", Name: "Shared Pager", TimeZone: berlin, Role: "observer"},
		{ID: "PRITA10", Name: "Rita Moreno", Email: "rita@example.com", TimeZone: "Europe/London", Role: "user"},
		{ID: "PGONE99", Name: "Former Engineer", Email: "gone@example.com", TimeZone: berlin, Role: "user", Deleted: true},
	}
	for _, u := range users {
		s.AddUser(u)
	}
	s.AddTeam(Team{ID: "PTPAY01", Name: "Payments", Description: "Payments and ledger", Members: []Member{
		{UserID: "POLGA05", Role: "manager"}, {UserID: "POMAR06", Role: "responder"}, {UserID: "PNINA07", Role: "responder"},
		{UserID: "PERIK08", Role: "responder"}, {UserID: "PNOMAIL", Role: "observer"}}})
	s.AddTeam(Team{ID: "PTSRE02", Name: "Platform SRE", Members: []Member{
		{UserID: "PALICE1", Role: "manager"}, {UserID: "PBOB002", Role: "responder"}, {UserID: "PCARL03", Role: "responder"},
		{UserID: "PDEV004", Role: "responder"}}})

	var weekdays9to5 []Restriction
	for d := 1; d <= 5; d++ {
		weekdays9to5 = append(weekdays9to5, Restriction{Type: "weekly_restriction", StartDayOfWeek: d, StartTimeOfDay: "09:00:00", DurationSeconds: 8 * 3600})
	}
	jan5 := local(berlin, 2026, 1, 5, 9, 0) // a Monday
	s.AddSchedule(Schedule{ID: "PSPAY01", Name: "Payments Primary", TimeZone: berlin, TeamIDs: []string{"PTPAY01"},
		Layers: []Layer{
			{ID: "PL1A", Name: "Weekly ops", Start: jan5, RotationVirtualStart: jan5, TurnLengthSeconds: week,
				UserIDs: []string{"POLGA05", "POMAR06", "PERIK08"}},
			{ID: "PL1B", Name: "Dev business hours", Start: jan5, RotationVirtualStart: jan5, TurnLengthSeconds: day,
				UserIDs: []string{"PNINA07", "PERIK08"}, Restrictions: weekdays9to5},
		},
		Overrides: []Override{
			{ID: "PO0001", Start: local(berlin, 2026, 2, 10, 9, 0), End: local(berlin, 2026, 2, 11, 9, 0), UserID: "PNINA07"},
			{ID: "PO0002", Start: local(berlin, 2026, 3, 1, 20, 0), End: local(berlin, 2026, 3, 2, 8, 0), UserID: "PERIK08"},
			{ID: "PO0003", Start: local(berlin, 2026, 3, 14, 10, 0), End: local(berlin, 2026, 3, 15, 10, 0), UserID: "PNINA07"},
		}})
	// Edited in PagerDuty "from now" on 18 February: the old layer ends
	// mid-turn and the new one starts there, keeping the handoff anchor.
	edit := local(berlin, 2026, 2, 18, 14, 30)
	s.AddSchedule(Schedule{ID: "PSPAY02", Name: "Payments Secondary", TimeZone: berlin, TeamIDs: []string{"PTPAY01"},
		Layers: []Layer{
			{ID: "PL2A", Name: "Secondary", Start: jan5, End: edit, RotationVirtualStart: jan5, TurnLengthSeconds: week,
				UserIDs: []string{"POMAR06", "POLGA05"}},
			{ID: "PL2B", Name: "Secondary", Start: edit, RotationVirtualStart: jan5, TurnLengthSeconds: week,
				UserIDs: []string{"PERIK08", "POMAR06", "POLGA05"}},
		}})
	s.AddSchedule(Schedule{ID: "PSSRE01", Name: "SRE Primary", TimeZone: newYork, TeamIDs: []string{"PTSRE02"},
		Layers: []Layer{
			{ID: "PL3A", Name: "Daily", Start: local(newYork, 2026, 2, 2, 8, 0), RotationVirtualStart: local(newYork, 2026, 2, 2, 8, 0),
				TurnLengthSeconds: day, UserIDs: []string{"PALICE1", "PBOB002", "PCARL03"}},
			{ID: "PL3B", Name: "Nights", Start: local(newYork, 2026, 2, 2, 20, 0), RotationVirtualStart: local(newYork, 2026, 2, 2, 20, 0),
				TurnLengthSeconds: week, UserIDs: []string{"PDEV004", "PBOB002"},
				Restrictions: []Restriction{{Type: "daily_restriction", StartTimeOfDay: "20:00:00", DurationSeconds: 12 * 3600}}},
			{ID: "PL3C", Name: "Weekend", Start: local(newYork, 2026, 1, 3, 10, 0), RotationVirtualStart: local(newYork, 2026, 1, 3, 10, 0),
				TurnLengthSeconds: week, UserIDs: []string{"PCARL03", "PDEV004"},
				Restrictions: []Restriction{{Type: "weekly_restriction", StartDayOfWeek: 6, StartTimeOfDay: "10:00:00", DurationSeconds: 32 * 3600}}},
		}})
	s.AddSchedule(Schedule{ID: "PSSRE02", Name: "SRE Secondary", TimeZone: newYork, TeamIDs: []string{"PTSRE02"},
		Layers: []Layer{
			// The virtual start lies after the start: turns count back from it.
			{ID: "PL4A", Name: "Twelve hours", Start: local(newYork, 2026, 2, 25, 13, 0), RotationVirtualStart: local(newYork, 2026, 3, 1, 7, 0),
				TurnLengthSeconds: 12 * 3600, UserIDs: []string{"PBOB002", "PCARL03", "PDEV004"}},
			{ID: "PL4B", Name: "Friday lunch", Start: local(newYork, 2026, 1, 2, 0, 0), RotationVirtualStart: local(newYork, 2026, 1, 2, 0, 0),
				TurnLengthSeconds: week, UserIDs: []string{"PALICE1"},
				Restrictions: []Restriction{{Type: "weekly_restriction", StartDayOfWeek: 5, StartTimeOfDay: "12:00:00", DurationSeconds: 6 * 3600}}},
		}})
	s.AddSchedule(Schedule{ID: "PSLEG01", Name: "Legacy Rotation", TimeZone: berlin,
		Layers: []Layer{{ID: "PL5A", Name: "Layer 1", Start: local(berlin, 2025, 6, 2, 9, 0), RotationVirtualStart: local(berlin, 2025, 6, 2, 9, 0),
			TurnLengthSeconds: week, UserIDs: []string{"POLGA05", "PGONE99"}}}})
	s.AddSchedule(Schedule{ID: "PSHALF1", Name: "Half-hour Drills", TimeZone: berlin, TeamIDs: []string{"PTPAY01"},
		Layers: []Layer{{ID: "PL6A", Name: "Drill", Start: jan5, RotationVirtualStart: jan5,
			TurnLengthSeconds: 1800, UserIDs: []string{"POMAR06", "PNINA07"}}}})

	s.AddEscalationPolicy(EscalationPolicy{ID: "PEPAY01", Name: "Payments Default", NumLoops: 2, TeamIDs: []string{"PTPAY01"},
		Rules: []Rule{
			{ID: "PR01", DelayMinutes: 5, Targets: []Target{{Type: "schedule_reference", ID: "PSPAY01"}}},
			{ID: "PR02", DelayMinutes: 10, Targets: []Target{{Type: "schedule_reference", ID: "PSPAY02"}}},
			{ID: "PR03", DelayMinutes: 15, Targets: []Target{{Type: "user_reference", ID: "POLGA05"}, {Type: "user_reference", ID: "PNOMAIL"}}},
		}})
	s.AddEscalationPolicy(EscalationPolicy{ID: "PESRE01", Name: "SRE Escalation", TeamIDs: []string{"PTSRE02"},
		Rules: []Rule{
			{ID: "PR04", DelayMinutes: 30, Targets: []Target{{Type: "schedule_reference", ID: "PSSRE01"}}},
			{ID: "PR05", DelayMinutes: 30, Targets: []Target{{Type: "schedule_reference", ID: "PSSRE02"},
				{Type: "schedule_reference", ID: "PSLEG01"}, {Type: "user_reference", ID: "PERIK08"}}},
		}})
	s.AddEscalationPolicy(EscalationPolicy{ID: "PELEG01", Name: "Legacy Escalation", NumLoops: 1,
		Rules: []Rule{{ID: "PR06", DelayMinutes: 10, Targets: []Target{{Type: "schedule_reference", ID: "PSLEG01"}}}}})

	ackTimeout := 1800
	s.AddService(Service{ID: "PSVC001", Name: "Checkout", Description: "Card checkout API", EscalationPolicyID: "PEPAY01",
		TeamIDs:          []string{"PTPAY01"},
		UrgencyRule:      UrgencyRule{Type: "use_support_hours", During: "high", Outside: "low"},
		SupportHours:     &SupportHours{TimeZone: berlin, DaysOfWeek: []int{1, 2, 3, 4, 5}, StartTime: "09:00:00", EndTime: "17:00:00"},
		ScheduledActions: true,
		Integrations: []Integration{
			{ID: "PI001", Name: "Prometheus", Type: "events_api_v2_inbound_integration", Key: CheckoutKey, Vendor: "Prometheus"},
			{ID: "PI002", Name: "Email", Type: "generic_email_inbound_integration", Email: "checkout@fake.pagerduty.com"},
		}})
	s.AddService(Service{ID: "PSVC002", Name: "Ledger", EscalationPolicyID: "PEPAY01", TeamIDs: []string{"PTPAY01"},
		UrgencyRule: UrgencyRule{Type: "constant", Urgency: "severity_based"},
		Integrations: []Integration{
			{ID: "PI003", Name: "Nagios", Type: "generic_events_api_inbound_integration", Key: LedgerV1Key},
		}})
	s.AddService(Service{ID: "PSVC003", Name: "Edge API", EscalationPolicyID: "PESRE01", TeamIDs: []string{"PTSRE02"},
		UrgencyRule: UrgencyRule{Type: "constant", Urgency: "high"},
		Integrations: []Integration{
			{ID: "PI004", Name: "Datadog", Type: "events_api_v2_inbound_integration", Key: EdgeKey, Vendor: "Datadog"},
		}})
	s.AddService(Service{ID: "PSVC004", Name: "Batch Jobs", EscalationPolicyID: "PELEG01", TeamIDs: []string{"PTSRE02"},
		UrgencyRule: UrgencyRule{Type: "constant", Urgency: "low"}, AckTimeout: &ackTimeout})

	t := func(y int, m time.Month, d, hh, mm, ss int) time.Time {
		return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
	}
	notify := func(id string, at time.Time, user, channel, status string) LogEntry {
		return LogEntry{ID: id, Type: "notify_log_entry", CreatedAt: at, UserID: user, Notification: channel, Status: status,
			Summary: "Notified by " + channel}
	}
	s.AddIncident(Incident{ID: "PINC000", Number: 100, Title: "Old incident", ServiceID: "PSVC003", Status: "resolved", Urgency: "high",
		CreatedAt: t(2026, 1, 15, 10, 0, 0), LogEntries: []LogEntry{notify("LE000", t(2026, 1, 15, 10, 0, 5), "PALICE1", "sms", "success")}})
	s.AddIncident(Incident{ID: "PINC001", Number: 101, Title: "Checkout 5xx above 2%", ServiceID: "PSVC001", Status: "resolved", Urgency: "high",
		IncidentKey: "checkout-5xx", CreatedAt: t(2026, 2, 10, 2, 14, 0), LogEntries: []LogEntry{
			{ID: "LE001", Type: "trigger_log_entry", CreatedAt: t(2026, 2, 10, 2, 14, 0), Summary: "Triggered through the API"},
			notify("LE002", t(2026, 2, 10, 2, 14, 5), "POLGA05", "sms", "success"),
			notify("LE003", t(2026, 2, 10, 2, 16, 5), "POLGA05", "phone", "success"),
			{ID: "LE004", Type: "acknowledge_log_entry", CreatedAt: t(2026, 2, 10, 2, 18, 0), UserID: "POLGA05", Summary: "Acknowledged by Olga Berg"},
			notify("LE005", t(2026, 2, 10, 2, 19, 0), "POMAR06", "push_notification", "success"),
			{ID: "LE006", Type: "resolve_log_entry", CreatedAt: t(2026, 2, 10, 3, 5, 0), UserID: "POLGA05", Summary: "Resolved by Olga Berg"},
		}})
	s.AddIncident(Incident{ID: "PINC002", Number: 102, Title: "Edge latency p99", ServiceID: "PSVC003", Status: "resolved", Urgency: "high",
		CreatedAt: t(2026, 2, 11, 15, 0, 0), LogEntries: []LogEntry{
			notify("LE007", t(2026, 2, 11, 15, 0, 10), "PALICE1", "push_notification", "success"),
			notify("LE008", t(2026, 2, 11, 15, 0, 10), "PALICE1", "email", "success"),
			notify("LE009", t(2026, 2, 11, 15, 30, 10), "PBOB002", "sms", "failed"),
		}})
	s.AddIncident(Incident{ID: "PINC003", Number: 103, Title: "Ledger replication lag", ServiceID: "PSVC002", Status: "acknowledged", Urgency: "low",
		CreatedAt: t(2026, 2, 20, 23, 30, 0), LogEntries: []LogEntry{
			notify("LE010", t(2026, 2, 20, 23, 30, 2), "PNOMAIL", "sms", "success"),
			notify("LE011", t(2026, 2, 20, 23, 30, 3), "PNINA07", "sms", "success"),
			notify("LE012", t(2026, 2, 20, 23, 40, 3), "PGONE99", "phone", "success"),
		}})
}
