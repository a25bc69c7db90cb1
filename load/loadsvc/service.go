package loadsvc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

// Store is the storage the service reads and writes.
type Store interface {
	Teams(ctx context.Context) ([]rota.Team, error)
	Team(ctx context.Context, id int64) (rota.Team, error)
	Members(ctx context.Context, teamID int64) ([]rota.Member, error)
	Users(ctx context.Context) ([]rota.User, error)
	LoadThresholds(ctx context.Context, teamID int64) (load.Thresholds, error)
	SetLoadThresholds(ctx context.Context, actor, teamID int64, th load.Thresholds) error
	StreamLoadPages(ctx context.Context, teamID int64, from, to time.Time, fn func(userID int64, p load.Page) error) error
	// PrunedLoadPages gives the daily counts of pages whose alerts
	// housekeeping pruned, for the days starting in [from, to).
	PrunedLoadPages(ctx context.Context, teamID int64, from, to time.Time, fn func(userID int64, channel load.Channel, shadow bool, n int) error) error
	ImportLoadPages(ctx context.Context, actor, teamID int64, pages []load.ImportedPage) (int64, error)
	AcceptLoadProposal(ctx context.Context, actor, scheduleID, revision int64, overrides []rota.Override, detail map[string]any) ([]rota.Override, error)
	UpdateSchedule(ctx context.Context, actor int64, s rota.Schedule) (rota.Schedule, error)
}

// Schedules resolves the stored schedules (oncall.Service).
type Schedules interface {
	All(ctx context.Context) ([]*oncall.Resolved, error)
	Schedule(ctx context.Context, id int64) (*oncall.Resolved, error)
	Invalidate(id int64)
}

// Limits of the service.
const (
	// MaxPeriod is the longest period a report covers.
	MaxPeriod = 400 * 24 * time.Hour
	// ProposalWeeks is the horizon of the proposals shown with a report:
	// the four weeks from the next Monday in the schedule's zone.
	ProposalWeeks = 4
)

// Service computes and acts on page load.
type Service struct {
	store     Store
	schedules Schedules
	now       func() time.Time
}

// New returns a service on st and the resolver; now is the process clock.
func New(st Store, schedules Schedules, now func() time.Time) *Service {
	return &Service{store: st, schedules: schedules, now: now}
}

// Query asks for the load of one team (TeamID) or every team (0) over
// [From, To).
type Query struct {
	TeamID   int64
	From, To time.Time
	// Proposals adds proposals for the coming weeks (they cost the most).
	Proposals bool
}

// TeamLoad is one team's report and what Rota suggests from it.
type TeamLoad struct {
	Team       rota.Team
	Report     *load.Report
	Thresholds load.Thresholds // as stored: zero fields are defaults
	Members    []rota.Member
	Learners   []Learner
	Recoveries []load.Recovery
	Proposals  []Proposal
}

// Learner is a learner's progress in one schedule, with the layers they
// can be promoted into.
type Learner struct {
	load.Learner
	ScheduleID   int64
	ScheduleName string
	LayerNames   map[string]string
}

// Proposal is a proposal for one schedule, made from the report as
// history, with what it takes to accept it.
type Proposal struct {
	*load.Proposal
	ScheduleID   int64
	ScheduleName string
	// Revision is the schedule's revision the proposal was made from;
	// accepting it fails once the schedule has changed.
	Revision int64
	// Digest identifies the proposal's overrides for acceptance.
	Digest string
}

// ParseTeam finds a team by id or by name; an unknown one is invalid
// input naming field.
func (s *Service) ParseTeam(ctx context.Context, field, v string) (rota.Team, error) {
	teams, err := s.store.Teams(ctx)
	if err != nil {
		return rota.Team{}, err
	}
	v = strings.TrimSpace(v)
	for _, t := range teams {
		if rota.ID(t.ID) == v || t.Name == v {
			return t, nil
		}
	}
	return rota.Team{}, rota.Invalid(field, "there is no team %q", v)
}

// CheckPeriod validates [from, to), naming from or to.
func CheckPeriod(from, to time.Time) error {
	if from.IsZero() {
		return rota.Invalid("from", "from is required")
	}
	if to.IsZero() {
		return rota.Invalid("to", "to is required")
	}
	if !to.After(from) {
		return rota.Invalid("to", "to (%s) must be after from (%s)", to.UTC().Format(time.RFC3339), from.UTC().Format(time.RFC3339))
	}
	if to.Sub(from) > MaxPeriod {
		return rota.Invalid("to", "the period is longer than %d days", int(MaxPeriod/(24*time.Hour)))
	}
	return nil
}

// Report computes the load of the teams the query names.
func (s *Service) Report(ctx context.Context, q Query) ([]TeamLoad, error) {
	if err := CheckPeriod(q.From, q.To); err != nil {
		return nil, err
	}
	var teams []rota.Team
	if q.TeamID != 0 {
		t, err := s.store.Team(ctx, q.TeamID)
		if rota.IsCode(err, rota.ENotFound) {
			return nil, rota.Invalid("team", "there is no team %d", q.TeamID)
		}
		if err != nil {
			return nil, err
		}
		teams = []rota.Team{t}
	} else {
		var err error
		if teams, err = s.store.Teams(ctx); err != nil {
			return nil, err
		}
	}
	all, err := s.schedules.All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]TeamLoad, 0, len(teams))
	for _, t := range teams {
		tl, err := s.team(ctx, t, all, q)
		if err != nil {
			return nil, err
		}
		out = append(out, tl)
	}
	return out, nil
}

// teamInput gathers what a team's report is computed from.
type teamInput struct {
	in        load.Input
	members   []rota.Member
	ids       map[int64]bool
	schedules []*oncall.Resolved
	th        load.Thresholds
}

func (s *Service) input(ctx context.Context, t rota.Team, all []*oncall.Resolved, from, to time.Time) (teamInput, error) {
	ti := teamInput{ids: map[int64]bool{}}
	var err error
	if ti.members, err = s.store.Members(ctx, t.ID); err != nil {
		return ti, err
	}
	if ti.th, err = s.store.LoadThresholds(ctx, t.ID); err != nil {
		return ti, err
	}
	in := load.Input{Team: t.Name, From: from, To: to, TimeZone: "UTC", Thresholds: ti.th, ShadowCompleted: map[string]int{}}
	for _, m := range ti.members {
		ti.ids[m.User.ID] = true
		in.Engineers = append(in.Engineers, Engineer(m.User))
	}
	rotation := map[string]bool{}
	holidays := map[scheduler.Date]bool{}
	for _, r := range all {
		if r.TeamID != rota.ID(t.ID) || r.Err != nil {
			continue
		}
		if len(ti.schedules) == 0 {
			in.TimeZone = r.TimeZone
		}
		ti.schedules = append(ti.schedules, r)
		for _, sh := range r.Compiled.Shifts(from, to) {
			if ti.ids[rota.ParseID(sh.EngineerID)] {
				in.Shifts = append(in.Shifts, sh)
			}
		}
		for id, n := range r.Compiled.ShadowCompleted(from, to) {
			in.ShadowCompleted[id] += n
		}
		for _, d := range r.Holidays {
			holidays[d] = true
		}
		for _, l := range r.Layers {
			if l.Tier == scheduler.TierPrimary || l.Tier == scheduler.TierSecondary {
				for _, p := range l.Participants {
					if ti.ids[rota.ParseID(p)] {
						rotation[p] = true
					}
				}
			}
		}
	}
	for d := range holidays {
		in.Holidays = append(in.Holidays, d)
	}
	slices.SortFunc(in.Holidays, func(a, b scheduler.Date) int { return strings.Compare(a.String(), b.String()) })
	for _, e := range in.Engineers {
		if rotation[e.ID] {
			in.Rotation = append(in.Rotation, e.ID)
		}
	}
	ti.in = in
	return ti, nil
}

// Engineer is a user as the load report sees one.
func Engineer(u rota.User) load.Engineer {
	return load.Engineer{ID: rota.ID(u.ID), Name: u.Name, Email: u.Email, TimeZone: u.TimeZone, WorkingHours: u.WorkingHours,
		Discipline: scheduler.Discipline(u.Discipline)}
}

// accumulate streams the team's pages of [in.From, in.To) into a report.
func (s *Service) accumulate(ctx context.Context, teamID int64, ti teamInput) (*load.Report, error) {
	acc, err := load.NewAccumulator(ti.in)
	if err != nil {
		return nil, fmt.Errorf("load input of team %d: %w", teamID, err)
	}
	err = s.store.StreamLoadPages(ctx, teamID, ti.in.From, ti.in.To, func(user int64, p load.Page) error {
		if !ti.ids[user] {
			return nil // a former member: the report is of the team as it is
		}
		p.EngineerID = rota.ID(user)
		if err := acc.Add(p); err != nil {
			// Storage hands pages in order and with known channels; a
			// refusal here is a bug, not the caller's input.
			return fmt.Errorf("page of user %d at %s: %s", user, p.At.Format(time.RFC3339), err.Error())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Pruned periods keep their page counts (not their interruptions).
	err = s.store.PrunedLoadPages(ctx, teamID, ti.in.From, ti.in.To, func(user int64, ch load.Channel, shadow bool, n int) error {
		if !ti.ids[user] {
			return nil
		}
		if err := acc.AddPruned(rota.ID(user), ch, shadow, n); err != nil {
			return fmt.Errorf("pruned pages of user %d: %s", user, err.Error())
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return acc.Report(), nil
}

func (s *Service) team(ctx context.Context, t rota.Team, all []*oncall.Resolved, q Query) (TeamLoad, error) {
	ti, err := s.input(ctx, t, all, q.From, q.To)
	if err != nil {
		return TeamLoad{}, err
	}
	r, err := s.accumulate(ctx, t.ID, ti)
	if err != nil {
		return TeamLoad{}, err
	}
	tl := TeamLoad{Team: t, Report: r, Thresholds: ti.th, Members: ti.members}
	now := s.now()
	learnTo := q.To
	if now.Before(learnTo) && now.After(q.From) {
		learnTo = now
	}
	for _, sch := range ti.schedules {
		ls, err := load.LearnerProgress(sch.Compiled, q.From, learnTo, r, ti.th)
		if err != nil {
			return TeamLoad{}, err
		}
		names := map[string]string{}
		for _, l := range sch.Layers {
			names[l.ID] = l.Name
		}
		for _, l := range ls {
			tl.Learners = append(tl.Learners, Learner{Learner: l, ScheduleID: rota.ParseID(sch.ID), ScheduleName: sch.Name, LayerNames: names})
		}
		rec, err := load.SuggestRecovery(sch.Compiled, ti.in.Engineers, r)
		if err != nil {
			return TeamLoad{}, err
		}
		for i := range rec {
			rec[i].Swap.ScheduleID = sch.ID
		}
		tl.Recoveries = append(tl.Recoveries, rec...)
		if q.Proposals {
			p, err := s.propose(sch, ti, r, now)
			if err != nil {
				return TeamLoad{}, err
			}
			if p != nil {
				tl.Proposals = append(tl.Proposals, *p)
			}
		}
	}
	return tl, nil
}

// Horizon is the period proposals plan made at now: ProposalWeeks weeks
// from the next Monday 00:00 in loc.
func Horizon(now time.Time, loc *time.Location) (time.Time, time.Time) {
	l := now.In(loc)
	d := (8 - int(l.Weekday())) % 7
	if d == 0 {
		d = 7
	}
	from := time.Date(l.Year(), l.Month(), l.Day()+d, 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 0, 7*ProposalWeeks)
}

func (s *Service) propose(sch *oncall.Resolved, ti teamInput, history *load.Report, now time.Time) (*Proposal, error) {
	from, to := Horizon(now, sch.Compiled.Location())
	p, err := load.Propose(load.ProposalInput{Schedule: sch.Compiled.Schedule(), Engineers: ti.in.Engineers, History: history,
		From: from, To: to, At: now, Thresholds: ti.th})
	if err != nil {
		return nil, fmt.Errorf("proposal for schedule %s: %w", sch.ID, err)
	}
	if len(p.Overrides) == 0 {
		return nil, nil
	}
	id := rota.ParseID(sch.ID)
	return &Proposal{Proposal: p, ScheduleID: id, ScheduleName: sch.Name, Revision: sch.Revision,
		Digest: Digest(id, sch.Revision, p.From, p.To, p.Overrides)}, nil
}

// Digest names a proposal: its schedule, revision, horizon and overrides.
func Digest(scheduleID, revision int64, from, to time.Time, ovs []scheduler.Override) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\n%d\n%d\n%d\n", scheduleID, revision, from.UnixNano(), to.UnixNano())
	for _, o := range ovs {
		fmt.Fprintf(h, "%s %s %d %d\n", o.Tier, o.EngineerID, o.Start.UnixNano(), o.End.UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// Acceptance is a proposal sent back to be accepted: what GET /load
// showed.
type Acceptance struct {
	ScheduleID int64
	Revision   int64
	From, To   time.Time
	Overrides  []scheduler.Override
	Digest     string
}

// Accept turns a proposal into overrides of its schedule, with the audit
// log saying so. The schedule must still be at the proposal's revision.
func (s *Service) Accept(ctx context.Context, actor int64, a Acceptance) ([]rota.Override, error) {
	if len(a.Overrides) == 0 {
		return nil, rota.Invalid("overrides", "a proposal has at least one override")
	}
	if !a.To.After(a.From) || a.To.Sub(a.From) > load.MaxHorizon {
		return nil, rota.Invalid("to", "the horizon must end after it starts and last at most %d weeks", int(load.MaxHorizon/(7*24*time.Hour)))
	}
	for i, o := range a.Overrides {
		if o.Start.Before(a.From) || o.End.After(a.To) {
			return nil, rota.Invalid(fmt.Sprintf("overrides[%d].start", i), "the override lies outside the proposal's horizon")
		}
	}
	if Digest(a.ScheduleID, a.Revision, a.From, a.To, a.Overrides) != a.Digest {
		return nil, rota.Invalid("digest", "the proposal does not match its digest; send it back as the Load page showed it")
	}
	ovs := make([]rota.Override, len(a.Overrides))
	for i, o := range a.Overrides {
		ovs[i] = rota.Override{Override: scheduler.Override{Tier: o.Tier, EngineerID: o.EngineerID, Start: o.Start.UTC(), End: o.End.UTC()},
			Note: "load proposal " + a.Digest}
	}
	out, err := s.store.AcceptLoadProposal(ctx, actor, a.ScheduleID, a.Revision, ovs, map[string]any{
		"digest": a.Digest, "from": a.From.UTC(), "to": a.To.UTC()})
	s.schedules.Invalidate(a.ScheduleID)
	return out, err
}

// Promote adds a learner to a primary or secondary layer of a schedule of
// the team.
func (s *Service) Promote(ctx context.Context, actor, teamID, userID, scheduleID int64, layerID string) (rota.Schedule, error) {
	r, err := s.schedules.Schedule(ctx, scheduleID)
	if rota.IsCode(err, rota.ENotFound) {
		return rota.Schedule{}, rota.Invalid("schedule_id", "there is no schedule %d", scheduleID)
	}
	if err != nil {
		return rota.Schedule{}, err
	}
	if r.TeamID != rota.ID(teamID) {
		return rota.Schedule{}, rota.Invalid("schedule_id", "schedule %d is not the team's", scheduleID)
	}
	def, err := load.Promote(r.Schedule.Schedule, rota.ID(userID), layerID)
	if err != nil {
		if ve, ok := err.(*load.ValidationError); ok && ve.Field == "layer" {
			return rota.Schedule{}, rota.Invalid("layer_id", "%s", ve.Message)
		}
		return rota.Schedule{}, err
	}
	next := r.Schedule
	next.Schedule = def
	out, err := s.store.UpdateSchedule(ctx, actor, next)
	s.schedules.Invalidate(scheduleID)
	return out, err
}

// Thresholds returns a team's stored thresholds (zero fields: defaults).
func (s *Service) Thresholds(ctx context.Context, teamID int64) (load.Thresholds, error) {
	if _, err := s.store.Team(ctx, teamID); err != nil {
		return load.Thresholds{}, err
	}
	return s.store.LoadThresholds(ctx, teamID)
}

// SetThresholds validates and stores a team's thresholds.
func (s *Service) SetThresholds(ctx context.Context, actor, teamID int64, th load.Thresholds) error {
	if err := th.Validate(); err != nil {
		return err
	}
	return s.store.SetLoadThresholds(ctx, actor, teamID, th)
}

// ImportResult says what an import stored.
type ImportResult struct {
	ID          int64
	Rows        int
	First, Last time.Time
}

// Import reads a history file (load.ParseCSV) and stores every row, or
// none when any row is bad: the error then lists each problem with its
// line and column. Emails must be those of users (of the team's members
// when teamID is not 0).
func (s *Service) Import(ctx context.Context, actor, teamID int64, r io.Reader) (ImportResult, error) {
	var users []rota.User
	if teamID != 0 {
		ms, err := s.store.Members(ctx, teamID)
		if err != nil {
			return ImportResult{}, err
		}
		for _, m := range ms {
			users = append(users, m.User)
		}
	} else {
		var err error
		if users, err = s.store.Users(ctx); err != nil {
			return ImportResult{}, err
		}
	}
	byEmail := map[string]string{}
	for _, u := range users {
		byEmail[rota.NormalizeEmail(u.Email)] = rota.ID(u.ID)
	}
	pages, err := load.ParseCSV(r, func(email string) (string, bool) {
		id, ok := byEmail[rota.NormalizeEmail(email)]
		return id, ok
	})
	if err != nil {
		return ImportResult{}, err
	}
	id, err := s.store.ImportLoadPages(ctx, actor, teamID, pages)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{ID: id, Rows: len(pages)}
	for i, p := range pages {
		if i == 0 || p.At.Before(res.First) {
			res.First = p.At
		}
		if i == 0 || p.At.After(res.Last) {
			res.Last = p.At
		}
	}
	return res, nil
}

// ReplayQuery asks for a replay of a history file against a team's
// schedule.
type ReplayQuery struct {
	TeamID int64
	// Schedule names one of the team's schedules; empty takes the first.
	Schedule string
	History  io.Reader
	// Weeks is the length of the replayed period, from the Monday (in the
	// schedule's zone) of the week of the file's first page; 0 means 13.
	Weeks int
}

// ReplayOutcome is a replay with what it was made of.
type ReplayOutcome struct {
	Team      rota.Team
	Schedule  string
	TimeZone  string
	From, To  time.Time
	Pages     int
	Engineers []load.Engineer
	Result    *load.ReplayResult
}

// Replay replays a quarter of pages (the import format) against plain
// round-robin of the schedule's layers (its overrides left out) and
// against Rota's proposals, block by block.
func (s *Service) Replay(ctx context.Context, q ReplayQuery) (*ReplayOutcome, error) {
	if q.Weeks == 0 {
		q.Weeks = 13
	}
	if q.Weeks < 1 || q.Weeks > 52 {
		return nil, rota.Invalid("weeks", "weeks must be from 1 to 52, not %d", q.Weeks)
	}
	t, err := s.store.Team(ctx, q.TeamID)
	if err != nil {
		return nil, err
	}
	all, err := s.schedules.All(ctx)
	if err != nil {
		return nil, err
	}
	var sch *oncall.Resolved
	for _, r := range all {
		if r.TeamID == rota.ID(t.ID) && (q.Schedule == "" || r.Name == q.Schedule) && sch == nil {
			if r.Err != nil {
				return nil, r.Err
			}
			sch = r
		}
	}
	if sch == nil {
		return nil, rota.Invalid("schedule", "team %s has no schedule %q", t.Name, q.Schedule)
	}
	ms, err := s.store.Members(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	out := &ReplayOutcome{Team: t, Schedule: sch.Name, TimeZone: sch.TimeZone}
	byEmail := map[string]string{}
	for _, m := range ms {
		byEmail[rota.NormalizeEmail(m.User.Email)] = rota.ID(m.User.ID)
		out.Engineers = append(out.Engineers, Engineer(m.User))
	}
	rows, err := load.ParseCSV(q.History, func(email string) (string, bool) {
		id, ok := byEmail[rota.NormalizeEmail(email)]
		return id, ok
	})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, rota.Invalid("history", "the history file has no pages")
	}
	first := rows[0].At
	pages := make([]load.Page, len(rows))
	for i, r := range rows {
		pages[i] = r.Page()
		if r.At.Before(first) {
			first = r.At
		}
	}
	loc := sch.Compiled.Location()
	l := first.In(loc)
	back := (int(l.Weekday()) + 6) % 7
	out.From = time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, loc)
	out.To = out.From.AddDate(0, 0, 7*q.Weeks)
	th, err := s.store.LoadThresholds(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	def := sch.Compiled.Schedule()
	def.Overrides = nil
	for _, p := range pages {
		if !p.At.Before(out.From) && p.At.Before(out.To) {
			out.Pages++
		}
	}
	out.Result, err = load.Replay(load.ReplayInput{Team: t.Name, TimeZone: sch.TimeZone, Schedule: def, Engineers: out.Engineers,
		Pages: pages, From: out.From, To: out.To, Thresholds: th})
	if err != nil {
		return nil, err
	}
	return out, nil
}
