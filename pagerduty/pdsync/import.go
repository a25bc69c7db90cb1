package pdsync

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/apply"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/scheduler"
)

// FileName is the name the generated declarative file goes by in plans
// and problems.
const FileName = "pagerduty-import.yaml"

// ImportOptions control an import.
type ImportOptions struct {
	// DryRun plans and changes nothing.
	DryRun bool
	// Weeks of on-call compared with PagerDuty's final schedule; 0 is 4.
	Weeks int
	// Discipline, when set, is given to every imported member.
	Discipline rota.Discipline
	// Progress, when set, hears how reading PagerDuty goes.
	Progress func(pagerduty.Progress)
	// ActorID is who runs the import (0 for the command line).
	ActorID int64
}

// MaxWeeks bounds ImportOptions.Weeks.
const MaxWeeks = 26

// maxDifferences is how many differences per schedule a result keeps.
const maxDifferences = 50

// Prepared is an import read and converted, not yet applied.
type Prepared struct {
	Import *pagerduty.Import
	// YAML is the declarative file the import applies.
	YAML    []byte
	Renames Renames
	names   orgNames
}

// Prepare reads PagerDuty at the clock's minute, converts the
// organisation, recognises what earlier imports made and writes the
// declarative file. It changes nothing.
func (s *Service) Prepare(ctx context.Context, opts ImportOptions) (*Prepared, error) {
	weeks := opts.Weeks
	if weeks == 0 {
		weeks = 4
	}
	if weeks < 1 || weeks > MaxWeeks {
		return nil, rota.Invalid("weeks", "weeks must be 1 to %d, not %d", MaxWeeks, weeks)
	}
	if opts.Discipline != "" && !opts.Discipline.Valid() {
		return nil, rota.Invalid("discipline", "discipline must be dev or ops, not %q", opts.Discipline)
	}
	client, err := s.Client(ctx)
	if err != nil {
		return nil, err
	}
	// PagerDuty's times are whole minutes (or seconds); so is the import.
	at := s.now().UTC().Truncate(time.Minute)
	imp, err := client.Import(ctx, at, time.Duration(weeks)*7*24*time.Hour, pagerduty.Options{At: at}, opts.Progress)
	if err != nil {
		return nil, refusal(err)
	}
	p := &Prepared{Import: imp, names: namesOf(imp.Org)}
	renames, probs, err := recognise(ctx, s.store, imp.Org)
	if err != nil {
		return nil, err
	}
	if !renames.Empty() {
		for i, c := range imp.Checks {
			if n, ok := renames.Schedules[[2]string{c.Team, c.Name}]; ok {
				imp.Checks[i].Name = n
			}
			if n, ok := renames.Teams[c.Team]; ok {
				imp.Checks[i].Team = n
			}
		}
		Rename(imp.Org, renames)
		imp.Report.Problems = append(imp.Report.Problems, probs...)
	}
	p.Renames = renames
	var buf bytes.Buffer
	if err := pagerduty.WriteYAML(&buf, imp.Org, pagerduty.YAMLOptions{Discipline: opts.Discipline, Report: imp.Report}); err != nil {
		return nil, err
	}
	p.YAML = buf.Bytes()
	return p, nil
}

// ImportResult is what an import did, as recorded.
type ImportResult struct {
	ID     int64
	DryRun bool
	Status string
	// Error says why a failed import failed; ErrorLines list the problems
	// of a converted set-up that did not apply.
	Error      string
	ErrorLines []string
	ActorID    int64
	StartedAt  time.Time
	FinishedAt time.Time
	// At is the instant the import was made for.
	At      time.Time
	Fetched Fetched
	// Plan is the plan's lines (+ create, ~ update, - delete), Summary its
	// last line.
	Plan                      []string
	Summary                   string
	Notes                     []string
	Created, Updated, Deleted int
	// Problems are what was skipped or changed, and why.
	Problems []pagerduty.Problem
	Checks   []Check
	// Faithful: every imported schedule matches PagerDuty's final
	// schedule over the checked weeks.
	Faithful bool
}

// Fetched counts what was read from PagerDuty.
type Fetched struct {
	Users, Teams, Schedules, Policies, Services int
}

// Check is one schedule's faithfulness check.
type Check struct {
	PagerDutyID string
	Team, Name  string
	From, To    time.Time
	// Differences are the first stretches where Rota and PagerDuty
	// disagree; Total counts them all.
	Differences []string
	Total       int
}

// Failed reports whether the import failed.
func (r *ImportResult) Failed() bool { return r.Status == StatusFailed }

// Import runs an import: Prepare, then apply the file (in one
// transaction, remembering the PagerDuty id of everything it made or
// matched; with DryRun only the plan). Every run is recorded, failed ones
// too; the result is returned whenever it was, with the error of a failed
// run.
func (s *Service) Import(ctx context.Context, opts ImportOptions) (*ImportResult, error) {
	res := &ImportResult{DryRun: opts.DryRun, ActorID: opts.ActorID, StartedAt: s.now().UTC()}
	p, err := s.Prepare(ctx, opts)
	if err != nil {
		if ctx.Err() != nil || rota.IsCode(err, rota.EInvalid) && !isTokenRefusal(err) || errors.Is(err, ErrNotConnected) {
			return nil, err // nothing ran: not worth a record
		}
		return s.failed(ctx, res, err, nil)
	}
	res.fill(p.Import)
	f, err := apply.Parse(FileName, p.YAML)
	if err != nil {
		var ps *apply.Problems
		if errors.As(err, &ps) {
			return s.failed(ctx, res, rota.Errorf(rota.EInternal, "the converted set-up does not apply (%d problem(s)); nothing was imported", ps.Total), ps.Lines())
		}
		return s.failed(ctx, res, err, nil)
	}
	st := linkingStore{TxStore: s.store, org: p.Import.Org, names: p.names}
	links, err := s.store.Links(ctx, Source)
	if err != nil {
		return s.failed(ctx, res, err, nil)
	}
	gone, err := goneFromPagerDuty(ctx, s.store, links, p.Import.Snapshot)
	if err != nil {
		return s.failed(ctx, res, err, nil)
	}
	plan, err := apply.Run(ctx, st, f, apply.Options{DryRun: opts.DryRun, PruneOverride: pruneOverride(links, p.Import.Snapshot)})
	if plan != nil {
		res.plan(plan)
		res.Notes = append(res.Notes, gone...)
	}
	if err != nil {
		var ps *apply.Problems
		if errors.As(err, &ps) {
			return s.failed(ctx, res, rota.Errorf(rota.EConflict, "the converted set-up does not fit the database (%d problem(s)); nothing was imported", ps.Total), ps.Lines())
		}
		return s.failed(ctx, res, fmt.Errorf("%w; nothing was imported", err), nil)
	}
	res.Status = StatusOK
	res.FinishedAt = s.now().UTC()
	if err := s.record(ctx, res, plan); err != nil {
		return nil, err
	}
	s.log.Info("pagerduty import", "dry_run", opts.DryRun, "created", res.Created, "updated", res.Updated, "deleted", res.Deleted,
		"problems", len(res.Problems), "faithful", res.Faithful)
	return res, nil
}

// pruneOverride says which of an imported schedule's overrides that
// PagerDuty no longer has a re-import deletes: those an earlier import
// made from a PagerDuty override (deleted there since, or moved: the
// moved one is made anew) over the stretch this import read. Overrides
// made in Rota, and past ones, stay.
func pruneOverride(links []Link, snap *pagerduty.Snapshot) func(int64, scheduler.Override) bool {
	made := map[int64]bool{}
	for _, l := range links {
		if l.Kind == KindOverride {
			made[l.RotaID] = true
		}
	}
	return func(_ int64, o scheduler.Override) bool {
		return made[rota.ParseID(o.ID)] && snap.ReadOverrides(o.Start, o.End)
	}
}

// goneFromPagerDuty notes each object an earlier import made, still in
// Rota, whose PagerDuty original this import no longer read (deleted
// there, or out of the token's sight): Rota keeps it, and the note says
// so, for an admin to delete in Rota if that is meant.
func goneFromPagerDuty(ctx context.Context, st Store, links []Link, snap *pagerduty.Snapshot) ([]string, error) {
	have := map[[2]string]bool{}
	add := func(kind, id string) { have[[2]string{kind, id}] = true }
	for _, u := range snap.Users {
		add(KindUser, u.ID)
	}
	for _, t := range snap.Teams {
		add(KindTeam, t.ID)
	}
	for _, sc := range snap.Schedules {
		add(KindSchedule, sc.ID)
	}
	for _, p := range snap.Policies {
		add(KindPolicy, p.ID)
	}
	for _, sv := range snap.Services {
		add(KindService, sv.ID)
	}
	words := map[string]string{KindUser: "user", KindTeam: "team", KindSchedule: "schedule", KindPolicy: "escalation policy", KindService: "service"}
	exists := func(kind string, id int64) error {
		var err error
		switch kind {
		case KindUser:
			_, err = st.User(ctx, id)
		case KindTeam:
			_, err = st.Team(ctx, id)
		case KindSchedule:
			_, err = st.Schedule(ctx, id)
		case KindPolicy:
			_, err = st.Policy(ctx, id)
		default:
			_, err = st.Service(ctx, id)
		}
		return err
	}
	var out []string
	for _, l := range links {
		w, ok := words[l.Kind]
		if !ok || have[[2]string{l.Kind, l.ExternalID}] {
			continue
		}
		switch err := exists(l.Kind, l.RotaID); {
		case rota.IsCode(err, rota.ENotFound):
			continue // deleted in Rota too
		case err != nil:
			return nil, err
		}
		out = append(out, fmt.Sprintf("%s %q (%s) is no longer in PagerDuty: Rota keeps what an earlier import made of it; delete it in Rota if it is gone for good", w, l.Name, l.ExternalID))
	}
	return out, nil
}

func isTokenRefusal(err error) bool {
	return errors.Is(err, pagerduty.ErrBadToken) || errors.Is(err, pagerduty.ErrForbidden)
}

// failed records a failed run and returns it with err.
func (s *Service) failed(ctx context.Context, res *ImportResult, err error, lines []string) (*ImportResult, error) {
	res.Status = StatusFailed
	res.Error = rota.ErrorMessage(err)
	if rota.ErrorCode(err) == rota.EInternal && lines == nil {
		res.Error = "the import failed: " + err.Error()
	}
	res.ErrorLines = lines
	res.FinishedAt = s.now().UTC()
	if rerr := s.record(ctx, res, nil); rerr != nil {
		s.log.Error("pagerduty import: recording the failed run", "err", rerr)
	}
	s.log.Warn("pagerduty import failed", "dry_run", res.DryRun, "err", err)
	return res, err
}

// fill takes what was read, converted and checked.
func (r *ImportResult) fill(imp *pagerduty.Import) {
	snap := imp.Snapshot
	r.At = snap.At
	r.Fetched = Fetched{Users: len(snap.Users), Teams: len(snap.Teams), Schedules: len(snap.Schedules), Policies: len(snap.Policies), Services: len(snap.Services)}
	r.Problems = append([]pagerduty.Problem(nil), imp.Report.Problems...)
	r.Faithful = imp.Faithful()
	for _, c := range imp.Checks {
		ch := Check{PagerDutyID: c.PagerDutyID, Team: c.Team, Name: c.Name, From: c.From.UTC(), To: c.To.UTC(), Total: len(c.Differences)}
		for i, d := range c.Differences {
			if i == maxDifferences {
				break
			}
			ch.Differences = append(ch.Differences, d.String())
		}
		r.Checks = append(r.Checks, ch)
	}
}

// plan takes the plan's lines.
func (r *ImportResult) plan(p *apply.Plan) {
	r.Plan = nil
	for _, c := range p.Changes {
		r.Plan = append(r.Plan, c.Lines()...)
	}
	r.Summary = p.Summary()
	r.Notes = p.Notes
	r.Created, r.Updated, r.Deleted = p.Counts()
}

// record saves the run. A key Rota generated is shown in the answer
// this once and never stored (only its hash is).
func (s *Service) record(ctx context.Context, res *ImportResult, plan *apply.Plan) error {
	stored := *res
	if plan != nil {
		var keys []string
		for _, c := range plan.Changes {
			if c.Key != "" {
				keys = append(keys, c.Key)
			}
		}
		if len(keys) > 0 {
			stored.Plan = make([]string, len(res.Plan))
			for i, l := range res.Plan {
				for _, k := range keys {
					l = strings.ReplaceAll(l, k, k[:min(8, len(k))]+"… (shown once)")
				}
				stored.Plan[i] = l
			}
		}
	}
	raw, err := json.Marshal(stored)
	if err != nil {
		return err
	}
	saved, err := s.store.SaveSync(ctx, Sync{Kind: SyncImport, DryRun: res.DryRun, Status: res.Status, ActorID: res.ActorID,
		StartedAt: res.StartedAt, FinishedAt: res.FinishedAt, Result: raw}, keepSyncs)
	if err != nil {
		return err
	}
	res.ID = saved.ID
	return nil
}

// LastImport returns the most recent import (a dry run or not) and the
// most recent one that was applied; nil when there is none.
func (s *Service) LastImport(ctx context.Context) (last, applied *ImportResult, err error) {
	if last, err = s.lastImport(ctx, false); err != nil {
		return nil, nil, err
	}
	if last != nil && !last.DryRun {
		return last, last, nil
	}
	applied, err = s.lastImport(ctx, true)
	return last, applied, err
}

func (s *Service) lastImport(ctx context.Context, appliedOnly bool) (*ImportResult, error) {
	row, err := s.store.LastSync(ctx, SyncImport, appliedOnly)
	if rota.IsCode(err, rota.ENotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r ImportResult
	if err := json.Unmarshal(row.Result, &r); err != nil {
		return nil, fmt.Errorf("pagerduty sync %d: %w", row.ID, err)
	}
	r.ID, r.Status, r.DryRun = row.ID, row.Status, row.DryRun
	return &r, nil
}

// linkingStore runs apply's transaction and, once the plan is carried
// out, records in the same transaction which Rota object each PagerDuty
// object is.
type linkingStore struct {
	TxStore
	org   *pagerduty.Org
	names orgNames
}

var _ apply.TxStore = linkingStore{}

func (l linkingStore) InTx(ctx context.Context, fn func(apply.Store) error) error {
	return l.TxStore.InTx(ctx, func(tx Store) error {
		if err := fn(tx); err != nil {
			return err
		}
		want, err := linksOf(ctx, tx, l.org, l.names)
		if err != nil {
			return fmt.Errorf("remembering PagerDuty ids: %w", err)
		}
		have, err := tx.Links(ctx, Source)
		if err != nil {
			return err
		}
		if ch := changedLinks(have, want); len(ch) > 0 {
			return tx.SaveLinks(ctx, Source, ch)
		}
		return nil
	})
}

// Result is what a prepared import read, converted and checked, before
// any plan.
func (p *Prepared) Result() *ImportResult {
	r := &ImportResult{}
	r.fill(p.Import)
	return r
}
