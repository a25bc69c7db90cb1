package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/scheduler"
)

// The CLI's JSON output mirrors the API's, so scripts can switch between a
// local database and --server without change.

type cliUser struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Discipline string `json:"discipline"`
	TimeZone   string `json:"time_zone"`
}

type cliTier struct {
	Tier        string     `json:"tier"`
	User        cliUser    `json:"user"`
	Start       time.Time  `json:"start"`
	End         time.Time  `json:"end"`
	NextHandoff *time.Time `json:"next_handoff"`
}

type cliSchedule struct {
	Team     string    `json:"team"`
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	TimeZone string    `json:"time_zone"`
	OnCall   []cliTier `json:"oncall"`
	Gaps     []string  `json:"gaps"`
}

type cliOnCall struct {
	At        time.Time     `json:"at"`
	Schedules []cliSchedule `json:"schedules"`
}

type cliShift struct {
	Tier       string    `json:"tier"`
	UserID     string    `json:"user_id"`
	UserName   string    `json:"user_name"`
	Discipline string    `json:"discipline"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Source     struct {
		Kind string `json:"kind"`
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"source"`
}

type cliShifts struct {
	Schedule string     `json:"schedule"`
	TimeZone string     `json:"time_zone"`
	From     time.Time  `json:"from"`
	To       time.Time  `json:"to"`
	Shifts   []cliShift `json:"shifts"`
	Gaps     []struct {
		Tier  string    `json:"tier"`
		Start time.Time `json:"start"`
		End   time.Time `json:"end"`
	} `json:"gaps"`
}

// roster is where on-call answers come from: the database or a server.
type roster interface {
	onCall(ctx context.Context, at time.Time) ([]cliSchedule, error)
	shifts(ctx context.Context, schedule string, from, to time.Time) (cliShifts, error)
	close()
}

func (a *app) roster(ctx context.Context) (roster, error) {
	if a.cfg.Server != "" {
		if a.cfg.APIToken == "" {
			return nil, usagef("--server needs an API token in ROTA_API_TOKEN (or ROTA_API_TOKEN_FILE)")
		}
		u, err := url.Parse(a.cfg.Server)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, usagef("--server %q must be an http(s) URL", a.cfg.Server)
		}
		return &remoteRoster{base: strings.TrimRight(a.cfg.Server, "/"), token: a.cfg.APIToken, http: &http.Client{Timeout: 30 * time.Second}}, nil
	}
	db, err := a.openDB(ctx, a.logger(), true)
	if err != nil {
		return nil, err
	}
	teams, err := db.Teams(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	names := map[string]string{}
	for _, t := range teams {
		names[rota.ID(t.ID)] = t.Name
	}
	return &localRoster{svc: oncall.New(db), teams: names, closeDB: func() { db.Close() }}, nil
}

type localRoster struct {
	svc     *oncall.Service
	teams   map[string]string
	closeDB func()
}

func (l *localRoster) close() { l.closeDB() }

func (l *localRoster) onCall(ctx context.Context, at time.Time) ([]cliSchedule, error) {
	all, err := l.svc.All(ctx)
	if err != nil {
		return nil, err
	}
	var out []cliSchedule
	for _, r := range all {
		if r.Err != nil {
			return nil, r.Err
		}
		cs := cliSchedule{Team: l.teams[r.TeamID], ID: r.ID, Name: r.Name, TimeZone: r.TimeZone, Gaps: []string{}}
		staffed := map[string]bool{}
		for _, t := range oncall.OnCall(r, at) {
			ct := cliTier{Tier: string(t.Tier), User: cliUser{ID: t.Engineer.ID, Name: t.Engineer.Name, Discipline: string(t.Engineer.Discipline), TimeZone: t.Engineer.TimeZone},
				Start: t.Shift.Start.UTC(), End: t.Shift.End.UTC()}
			if !t.NextHandoff.IsZero() {
				h := t.NextHandoff.UTC()
				ct.NextHandoff = &h
			}
			staffed[ct.Tier] = true
			cs.OnCall = append(cs.OnCall, ct)
		}
		for _, layer := range r.Layers {
			if layer.Tier != scheduler.TierShadow && !staffed[string(layer.Tier)] {
				staffed[string(layer.Tier)] = true
				cs.Gaps = append(cs.Gaps, string(layer.Tier))
			}
		}
		out = append(out, cs)
	}
	// The API's order: by team name, then schedule name.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Team != out[j].Team {
			return out[i].Team < out[j].Team
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

func (l *localRoster) shifts(ctx context.Context, name string, from, to time.Time) (cliShifts, error) {
	all, err := l.svc.All(ctx)
	if err != nil {
		return cliShifts{}, err
	}
	var cands []scheduleRef
	for _, r := range all {
		cands = append(cands, scheduleRef{id: r.ID, team: l.teams[r.TeamID], name: r.Name})
	}
	ref, err := pickSchedule(cands, name)
	if err != nil {
		return cliShifts{}, err
	}
	r, err := l.svc.Schedule(ctx, rota.ParseID(ref.id))
	if err != nil {
		return cliShifts{}, err
	}
	out := cliShifts{Schedule: ref.team + "/" + r.Name, TimeZone: r.TimeZone, From: from, To: to}
	for _, sh := range r.Compiled.Shifts(from, to) {
		eng, _ := r.Compiled.Member(sh.EngineerID)
		cs := cliShift{Tier: string(sh.Tier), UserID: sh.EngineerID, UserName: eng.Name, Discipline: string(sh.Discipline), Start: sh.Start.UTC(), End: sh.End.UTC()}
		cs.Source.Kind, cs.Source.ID, cs.Source.Name = sh.Source.Kind, sh.Source.ID, sh.Source.Name
		out.Shifts = append(out.Shifts, cs)
	}
	for _, g := range r.Compiled.Gaps(from, to) {
		out.Gaps = append(out.Gaps, struct {
			Tier  string    `json:"tier"`
			Start time.Time `json:"start"`
			End   time.Time `json:"end"`
		}{string(g.Tier), g.Start.UTC(), g.End.UTC()})
	}
	return out, nil
}

type scheduleRef struct{ id, team, name string }

// pickSchedule finds a schedule by "team/name" or by a name unique across
// teams.
func pickSchedule(cands []scheduleRef, name string) (scheduleRef, error) {
	team, sname, qualified := strings.Cut(name, "/")
	if !qualified {
		sname, team = name, ""
	}
	var found []scheduleRef
	for _, c := range cands {
		if c.name == sname && (team == "" || c.team == team) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return scheduleRef{}, usagef("no schedule named %q", name)
	case 1:
		return found[0], nil
	}
	return scheduleRef{}, usagef("%d teams have a schedule named %q; write TEAM/%s", len(found), name, name)
}

type remoteRoster struct {
	base, token string
	http        *http.Client
}

func (r *remoteRoster) close() {}

func (r *remoteRoster) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	res, err := r.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach %s: %v", r.base, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if res.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Message != "" {
			return fmt.Errorf("%s: %s", r.base, e.Error.Message)
		}
		return fmt.Errorf("%s answered %d", r.base, res.StatusCode)
	}
	return json.Unmarshal(body, v)
}

func (r *remoteRoster) onCall(ctx context.Context, at time.Time) ([]cliSchedule, error) {
	var resp struct {
		Teams []struct {
			Team      struct{ Name string } `json:"team"`
			Schedules []cliSchedule         `json:"schedules"`
		} `json:"teams"`
	}
	if err := r.get(ctx, "/api/v1/oncall?at="+url.QueryEscape(at.UTC().Format(time.RFC3339)), &resp); err != nil {
		return nil, err
	}
	var out []cliSchedule
	for _, t := range resp.Teams {
		for _, s := range t.Schedules {
			s.Team = t.Team.Name
			out = append(out, s)
		}
	}
	return out, nil
}

func (r *remoteRoster) shifts(ctx context.Context, name string, from, to time.Time) (cliShifts, error) {
	var teams struct {
		Teams []struct{ ID, Name string } `json:"teams"`
	}
	if err := r.get(ctx, "/api/v1/teams", &teams); err != nil {
		return cliShifts{}, err
	}
	tn := map[string]string{}
	for _, t := range teams.Teams {
		tn[t.ID] = t.Name
	}
	var scheds struct {
		Schedules []struct {
			ID       string `json:"id"`
			TeamID   string `json:"team_id"`
			Name     string `json:"name"`
			TimeZone string `json:"time_zone"`
		} `json:"schedules"`
	}
	if err := r.get(ctx, "/api/v1/schedules", &scheds); err != nil {
		return cliShifts{}, err
	}
	var cands []scheduleRef
	zones := map[string]string{}
	for _, s := range scheds.Schedules {
		cands = append(cands, scheduleRef{id: s.ID, team: tn[s.TeamID], name: s.Name})
		zones[s.ID] = s.TimeZone
	}
	ref, err := pickSchedule(cands, name)
	if err != nil {
		return cliShifts{}, err
	}
	out := cliShifts{Schedule: ref.team + "/" + ref.name, TimeZone: zones[ref.id], From: from, To: to}
	q := url.Values{"from": {from.UTC().Format(time.RFC3339)}, "to": {to.UTC().Format(time.RFC3339)}}
	return out, r.get(ctx, "/api/v1/schedules/"+ref.id+"/shifts?"+q.Encode(), &out)
}

// parseWhen reads an RFC 3339 instant or a date (midnight UTC).
func parseWhen(flag, v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t, nil
	}
	return time.Time{}, usagef("--%s %q must be RFC 3339 (2026-11-22T09:00:00Z) or a date (2026-11-22)", flag, v)
}

func (a *app) oncallCmd() *cobra.Command {
	var schedule, at string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "oncall [--schedule NAME] [--at RFC3339] [--json]",
		Short: "Who is on call, per schedule and tier",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			when := a.clock()().UTC()
			if at != "" {
				var err error
				if when, err = parseWhen("at", at); err != nil {
					return err
				}
			}
			src, err := a.roster(ctx)
			if err != nil {
				return err
			}
			defer src.close()
			all, err := src.onCall(ctx, when)
			if err != nil {
				return err
			}
			if schedule != "" {
				var cands []scheduleRef
				for _, s := range all {
					cands = append(cands, scheduleRef{id: s.ID, team: s.Team, name: s.Name})
				}
				ref, err := pickSchedule(cands, schedule)
				if err != nil {
					return err
				}
				for _, s := range all {
					if s.ID == ref.id {
						all = []cliSchedule{s}
						break
					}
				}
			}
			if asJSON {
				return writeJSON(a.stdout, cliOnCall{At: when, Schedules: all})
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "SCHEDULE\tTIER\tENGINEER\tDISCIPLINE\tUNTIL")
			for _, s := range all {
				loc, _ := time.LoadLocation(s.TimeZone)
				for _, t := range s.OnCall {
					until := t.End
					if t.NextHandoff != nil {
						until = *t.NextHandoff
					}
					fmt.Fprintf(w, "%s/%s\t%s\t%s\t%s\t%s\n", s.Team, s.Name, t.Tier, t.User.Name, t.User.Discipline, until.In(loc).Format("Mon 02 Jan 15:04 MST"))
				}
				for _, g := range s.Gaps {
					fmt.Fprintf(w, "%s/%s\t%s\t(nobody: coverage gap)\t\t\n", s.Team, s.Name, g)
				}
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&schedule, "schedule", "", "only this schedule (NAME or TEAM/NAME)")
	cmd.Flags().StringVar(&at, "at", "", "the instant to ask about (default now)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) shiftsCmd() *cobra.Command {
	var schedule, from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "shifts --schedule NAME --from T --to T [--json]",
		Short: "Resolved shifts of a schedule in a range",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if schedule == "" {
				return usagef("--schedule is required")
			}
			if from == "" || to == "" {
				return usagef("--from and --to are required")
			}
			f, err := parseWhen("from", from)
			if err != nil {
				return err
			}
			t, err := parseWhen("to", to)
			if err != nil {
				return err
			}
			if !t.After(f) {
				return usagef("--to must be after --from")
			}
			if t.Sub(f) > 400*24*time.Hour {
				return usagef("the range is longer than 400 days")
			}
			src, err := a.roster(ctx)
			if err != nil {
				return err
			}
			defer src.close()
			res, err := src.shifts(ctx, schedule, f, t)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, res)
			}
			loc, _ := time.LoadLocation(res.TimeZone)
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintf(w, "Schedule %s (%s)\n", res.Schedule, res.TimeZone)
			fmt.Fprintln(w, "TIER\tSTART\tEND\tENGINEER\tDISCIPLINE\tSOURCE")
			for _, s := range res.Shifts {
				src := s.Source.Kind + " " + s.Source.Name
				if s.Source.Kind == scheduler.SourceOverride {
					src = "override"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Tier, s.Start.In(loc).Format("Mon 02 Jan 15:04"), s.End.In(loc).Format("Mon 02 Jan 15:04"), s.UserName, s.Discipline, src)
			}
			for _, g := range res.Gaps {
				fmt.Fprintf(w, "%s\t%s\t%s\t(coverage gap)\t\t\n", g.Tier, g.Start.In(loc).Format("Mon 02 Jan 15:04"), g.End.In(loc).Format("Mon 02 Jan 15:04"))
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&schedule, "schedule", "", "schedule NAME or TEAM/NAME (required)")
	cmd.Flags().StringVar(&from, "from", "", "range start, RFC 3339 or a date (required)")
	cmd.Flags().StringVar(&to, "to", "", "range end, RFC 3339 or a date (required)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
