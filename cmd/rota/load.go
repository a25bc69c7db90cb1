package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident/incidents"
	"github.com/rotaoncall/rota/load"
	"github.com/rotaoncall/rota/load/loadsvc"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
)

// The JSON of rota load report is the API's (GET /api/v1/load), in the
// fields the command knows, so scripts can switch between a local
// database and --server.

type cliInterruptions struct {
	Total    int `json:"total"`
	Business int `json:"business"`
	OffHours int `json:"off_hours"`
	Sleep    int `json:"sleep"`
}

type cliHours struct {
	Primary   float64 `json:"primary"`
	Secondary float64 `json:"secondary"`
	Shadow    float64 `json:"shadow"`
}

type cliFlag struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type cliEngineerLoad struct {
	ID            string           `json:"id"`
	Email         string           `json:"email"`
	Name          string           `json:"name"`
	Pages         int              `json:"pages"`
	Interruptions cliInterruptions `json:"interruptions"`
	Weighted      int              `json:"weighted"`
	SleepNights   int              `json:"sleep_nights"`
	HoursOnCall   cliHours         `json:"hours_on_call"`
	Flags         []cliFlag        `json:"flags"`
}

type cliTeamLoad struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	TimeZone  string            `json:"time_zone"`
	Fairness  float64           `json:"fairness"`
	Flags     []cliFlag         `json:"flags"`
	Engineers []cliEngineerLoad `json:"engineers"`
}

type cliLoad struct {
	From  time.Time     `json:"from"`
	To    time.Time     `json:"to"`
	Teams []cliTeamLoad `json:"teams"`
	// OverdueReviews are the SEV1 and SEV2 incidents of the teams reported
	// whose review is not published five business days after they were
	// resolved (the reminder of the incidents list and the Now page).
	OverdueReviews []cliOverdueReview `json:"overdue_reviews"`
}

type cliOverdueReview struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	TeamName string `json:"team_name"`
}

// errorField returns the field a coded error names, "" when none.
func errorField(err error) string {
	var f interface{ ErrorField() string }
	if errors.As(err, &f) {
		return f.ErrorField()
	}
	return ""
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func toCLIInterruptions(i load.Interruptions) cliInterruptions {
	return cliInterruptions{Total: i.Total, Business: i.Business, OffHours: i.OffHours, Sleep: i.Sleep}
}

func toCLITeamLoad(tl loadsvc.TeamLoad) cliTeamLoad {
	r := tl.Report
	out := cliTeamLoad{ID: rota.ID(tl.Team.ID), Name: tl.Team.Name, TimeZone: r.TimeZone, Fairness: math.Round(r.Fairness*1000) / 1000,
		Flags: []cliFlag{}, Engineers: []cliEngineerLoad{}}
	for _, f := range r.AllFlags() {
		out.Flags = append(out.Flags, cliFlag{f.Code, f.Message})
	}
	for _, e := range r.Engineers {
		ce := cliEngineerLoad{ID: e.ID, Email: e.Email, Name: e.Name, Pages: e.Pages, Interruptions: toCLIInterruptions(e.Interruptions),
			Weighted: e.Weighted, SleepNights: e.SleepNights,
			HoursOnCall: cliHours{round2(e.OnCall.Primary.Hours()), round2(e.OnCall.Secondary.Hours()), round2(e.OnCall.Shadow.Hours())},
			Flags:       []cliFlag{}}
		for _, f := range e.Flags {
			ce.Flags = append(ce.Flags, cliFlag{f.Code, f.Message})
		}
		out.Engineers = append(out.Engineers, ce)
	}
	return out
}

var sinceRE = regexp.MustCompile(`^([0-9]{1,4})([hdw])$`)

// parseSince reads --since: a number of hours, days or weeks (36h, 28d,
// 4w); days and weeks are calendar days back from now in UTC.
func parseSince(v string, now time.Time) (time.Time, error) {
	m := sinceRE.FindStringSubmatch(strings.TrimSpace(v))
	if m == nil {
		return time.Time{}, usagef("--since %q must be a number of hours, days or weeks, such as 36h, 28d or 4w", v)
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "h":
		return now.Add(-time.Duration(n) * time.Hour), nil
	case "w":
		n *= 7
	}
	return now.AddDate(0, 0, -n), nil
}

// loadPeriod reads --since or --from/--to.
func (a *app) loadPeriod(since, from, to string) (time.Time, time.Time, error) {
	now := a.clock()().UTC()
	if since != "" && (from != "" || to != "") {
		return time.Time{}, time.Time{}, usagef("give --since or --from/--to, not both")
	}
	var f, t time.Time
	var err error
	switch {
	case from != "" || to != "":
		if from == "" {
			return f, t, usagef("--to needs --from")
		}
		if f, err = parseWhen("from", from); err != nil {
			return f, t, err
		}
		t = now
		if to != "" {
			if t, err = parseWhen("to", to); err != nil {
				return f, t, err
			}
		}
	default:
		if since == "" {
			since = "28d"
		}
		t = now
		if f, err = parseSince(since, now); err != nil {
			return f, t, err
		}
	}
	if err := loadsvc.CheckPeriod(f, t); err != nil {
		return f, t, usagef("--%s: %s", errorField(err), rota.ErrorMessage(err))
	}
	return f, t, nil
}

// loadService opens the database and builds the load service on it.
func (a *app) loadService(ctx context.Context) (*loadsvc.Service, *store.DB, error) {
	db, err := a.openDB(ctx, a.logger(), true)
	if err != nil {
		return nil, nil, err
	}
	return loadsvc.New(db, oncall.New(db), a.clock()), db, nil
}

// client returns the --server client, nil without --server.
func (a *app) client() (*remoteRoster, error) {
	if a.cfg.Server == "" {
		return nil, nil
	}
	r, err := a.rosterRemote()
	if err != nil {
		return nil, err
	}
	return r, nil
}

func (a *app) rosterRemote() (*remoteRoster, error) {
	src, err := a.roster(context.Background())
	if err != nil {
		return nil, err
	}
	r, ok := src.(*remoteRoster)
	if !ok {
		src.close()
		return nil, errors.New("not a server")
	}
	return r, nil
}

func (a *app) loadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Page load per engineer: burnout flags, history import, replay of proposals",
		Args:  noArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.loadReportCmd(), a.loadImportCmd(), a.loadReplayCmd())
	return cmd
}

func (a *app) loadReportCmd() *cobra.Command {
	var team, since, from, to string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "report [--team NAME] [--since 28d | --from T --to T] [--json]",
		Short: "Interruptions by band, hours on call and burnout flags per engineer",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			f, t, err := a.loadPeriod(since, from, to)
			if err != nil {
				return err
			}
			res := cliLoad{From: f, To: t, Teams: []cliTeamLoad{}, OverdueReviews: []cliOverdueReview{}}
			remote, err := a.client()
			if err != nil {
				return err
			}
			if remote != nil {
				q := url.Values{"from": {f.Format(time.RFC3339)}, "to": {t.Format(time.RFC3339)}}
				if team != "" {
					q.Set("team", team)
				}
				if err := remote.get(ctx, "/api/v1/load?"+q.Encode(), &res); err != nil {
					return err
				}
				var list struct {
					Incidents []cliOverdueReview `json:"incidents"`
				}
				// The reminder of the teams reported (by id: the incidents
				// list takes ids).
				for _, tl := range res.Teams {
					rq := url.Values{"review": {"overdue"}, "team": {tl.ID}}
					if err := remote.get(ctx, "/api/v1/incidents?"+rq.Encode(), &list); err != nil {
						return err
					}
					res.OverdueReviews = append(res.OverdueReviews, list.Incidents...)
				}
			} else {
				svc, db, err := a.loadService(ctx)
				if err != nil {
					return err
				}
				defer db.Close()
				q := loadsvc.Query{From: f, To: t}
				if team != "" {
					tm, err := svc.ParseTeam(ctx, "team", team)
					if err != nil {
						return usagef("--team: %s", rota.ErrorMessage(err))
					}
					q.TeamID = tm.ID
				}
				teams, err := svc.Report(ctx, q)
				if err != nil {
					return err
				}
				for _, tl := range teams {
					res.Teams = append(res.Teams, toCLITeamLoad(tl))
				}
				now := a.clock()
				inc := incidents.New(db, paging.NewConfigCache(db, now), svc, now, a.logger())
				overdue, names, err := inc.List(ctx, incidents.Filter{ReviewOverdue: true, TeamID: q.TeamID})
				if err != nil {
					return err
				}
				for _, o := range overdue {
					res.OverdueReviews = append(res.OverdueReviews, cliOverdueReview{ID: rota.ID(o.ID), Title: o.Title,
						Severity: string(o.Severity), TeamName: names.Teams[o.TeamID]})
				}
			}
			if asJSON {
				return writeJSON(a.stdout, res)
			}
			return printLoad(a.stdout, res)
		},
	}
	cmd.Flags().StringVar(&team, "team", "", "only this team (name)")
	cmd.Flags().StringVar(&since, "since", "", "the period back from now: 36h, 28d, 4w (default 28d)")
	cmd.Flags().StringVar(&from, "from", "", "period start, RFC 3339 or a date")
	cmd.Flags().StringVar(&to, "to", "", "period end, RFC 3339 or a date (default now)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON (the API's shape)")
	return cmd
}

func printLoad(w io.Writer, res cliLoad) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Page load from %s to %s\n", res.From.Format(time.RFC3339), res.To.Format(time.RFC3339))
	for _, t := range res.Teams {
		fmt.Fprintf(tw, "\nTeam %s (%s): fairness %.2f (Gini of weighted interruptions; 0 is even)\n", t.Name, t.TimeZone, t.Fairness)
		for _, f := range t.Flags {
			fmt.Fprintf(tw, "  ! %s: %s\n", f.Code, f.Message)
		}
		fmt.Fprintln(tw, "ENGINEER\tPAGES\tINTERRUPTIONS\tBUSINESS\tOFF-HOURS\tSLEEP\tPRIMARY H\tSECONDARY H\tSHADOW H\tFLAGS")
		for _, e := range t.Engineers {
			codes := make([]string, len(e.Flags))
			for i, f := range e.Flags {
				codes[i] = f.Code
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%s\n", e.Name, e.Pages, e.Interruptions.Total, e.Interruptions.Business,
				e.Interruptions.OffHours, e.Interruptions.Sleep, e.HoursOnCall.Primary, e.HoursOnCall.Secondary, e.HoursOnCall.Shadow, strings.Join(codes, ","))
		}
	}
	if len(res.OverdueReviews) > 0 {
		fmt.Fprintf(tw, "\nReviews overdue (SEV1/SEV2 without a published review five business days after they were resolved):\n")
		for _, o := range res.OverdueReviews {
			fmt.Fprintf(tw, "  ! %s %s (team %s, incident %s)\n", o.Severity, o.Title, o.TeamName, o.ID)
		}
	}
	return tw.Flush()
}

func (a *app) loadImportCmd() *cobra.Command {
	var file, team string
	cmd := &cobra.Command{
		Use:   "import -f FILE [--team NAME]",
		Short: "Import past pages from another tool (CSV: at,email,alert,channel); nothing is stored on any error",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if file == "" {
				return usagef("-f FILE is required")
			}
			raw, err := os.ReadFile(file)
			if err != nil {
				return usagef("cannot read %s: %v", file, err)
			}
			var res loadsvc.ImportResult
			remote, err := a.client()
			if err != nil {
				return err
			}
			if remote != nil {
				path := "/api/v1/load/imports"
				if team != "" {
					path += "?team=" + url.QueryEscape(team)
				}
				var out struct {
					Import struct {
						Rows        int
						First, Last *time.Time
					}
				}
				if err := remote.send(ctx, http.MethodPost, path, "text/csv", raw, &out); err != nil {
					return a.importFailed(file, err)
				}
				res.Rows = out.Import.Rows
				if out.Import.First != nil {
					res.First, res.Last = *out.Import.First, *out.Import.Last
				}
			} else {
				svc, db, err := a.loadService(ctx)
				if err != nil {
					return err
				}
				defer db.Close()
				var teamID int64
				if team != "" {
					tm, err := svc.ParseTeam(ctx, "team", team)
					if err != nil {
						return usagef("--team: %s", rota.ErrorMessage(err))
					}
					teamID = tm.ID
				}
				if res, err = svc.Import(ctx, 0, teamID, bytes.NewReader(raw)); err != nil {
					return a.importFailed(file, err)
				}
			}
			if res.Rows == 0 {
				fmt.Fprintf(a.stdout, "%s has no pages; nothing imported\n", file)
				return nil
			}
			fmt.Fprintf(a.stdout, "imported %d pages from %s (%s to %s)\n", res.Rows, file, res.First.UTC().Format(time.RFC3339), res.Last.UTC().Format(time.RFC3339))
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "the CSV file (header at,email,alert,channel)")
	cmd.Flags().StringVar(&team, "team", "", "the team the history is for (default: every team of each engineer)")
	return cmd
}

// importFailed prints each problem of a refused file on its own line
// (FILE:LINE:COLUMN …) and returns a one-line summary.
func (a *app) importFailed(file string, err error) error {
	var ie *load.ImportError
	if errors.As(err, &ie) {
		for _, re := range ie.Errors {
			fmt.Fprintf(a.stderr, "%s:%s\n", file, re.Error())
		}
		if ie.More > 0 {
			fmt.Fprintf(a.stderr, "%s: and %d more\n", file, ie.More)
		}
		return fmt.Errorf("%s: %d invalid rows; nothing was imported", file, len(ie.Errors)+ie.More)
	}
	var he *httpError
	if errors.As(err, &he) && he.code == rota.EInvalid {
		for _, line := range strings.Split(he.message, "\n") {
			fmt.Fprintf(a.stderr, "%s:%s\n", file, line)
		}
		return fmt.Errorf("%s: invalid; nothing was imported", file)
	}
	return err
}

// httpError is an error answer of the server.
type httpError struct {
	status               int
	code, message, field string
}

func (e *httpError) Error() string { return e.message }

// send makes one request with a body and decodes the answer into v.
func (r *remoteRoster) send(ctx context.Context, method, path, contentType string, body []byte, v any) error {
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Content-Type", contentType)
	res, err := r.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach %s: %v", r.base, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<20))
	if res.StatusCode/100 != 2 {
		var e struct {
			Error struct{ Code, Message, Field string } `json:"error"`
		}
		if json.Unmarshal(raw, &e) == nil && e.Error.Message != "" {
			return &httpError{res.StatusCode, e.Error.Code, e.Error.Message, e.Error.Field}
		}
		return fmt.Errorf("%s answered %d", r.base, res.StatusCode)
	}
	return json.Unmarshal(raw, v)
}

func (a *app) loadReplayCmd() *cobra.Command {
	var team, history, schedule string
	var weeks int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "replay --team NAME --history FILE [--weeks 13] [--schedule NAME] [--json]",
		Short: "Replay a past quarter of pages against round-robin and against Rota's proposals",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if team == "" || history == "" {
				return usagef("--team and --history are required")
			}
			if a.cfg.Server != "" {
				return usagef("rota load replay works on the database directly; it does not take --server")
			}
			f, err := os.Open(history)
			if err != nil {
				return usagef("cannot read %s: %v", history, err)
			}
			defer f.Close()
			svc, db, err := a.loadService(ctx)
			if err != nil {
				return err
			}
			defer db.Close()
			tm, err := svc.ParseTeam(ctx, "team", team)
			if err != nil {
				return usagef("--team: %s", rota.ErrorMessage(err))
			}
			out, err := svc.Replay(ctx, loadsvc.ReplayQuery{TeamID: tm.ID, Schedule: schedule, History: f, Weeks: weeks})
			if err != nil {
				var ie *load.ImportError
				if errors.As(err, &ie) {
					return a.importFailed(history, err)
				}
				if errorField(err) == "weeks" || errorField(err) == "schedule" {
					return usagef("--%s: %s", errorField(err), rota.ErrorMessage(err))
				}
				return err
			}
			rep := toCLIReplay(out)
			if asJSON {
				return writeJSON(a.stdout, rep)
			}
			return printReplay(a.stdout, rep)
		},
	}
	cmd.Flags().StringVar(&team, "team", "", "the team (name; required)")
	cmd.Flags().StringVar(&history, "history", "", "a quarter of pages in the import format (required)")
	cmd.Flags().IntVar(&weeks, "weeks", 13, "weeks replayed from the Monday of the first page")
	cmd.Flags().StringVar(&schedule, "schedule", "", "the team's schedule (default its first)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

type cliReplayEngineer struct {
	Email            string  `json:"email"`
	Name             string  `json:"name"`
	SleepRoundRobin  int     `json:"sleep_round_robin"`
	SleepProposed    int     `json:"sleep_proposed"`
	WeightRoundRobin int     `json:"weighted_round_robin"`
	WeightProposed   int     `json:"weighted_proposed"`
	HoursRoundRobin  float64 `json:"oncall_hours_round_robin"`
	HoursProposed    float64 `json:"oncall_hours_proposed"`
}

type cliReplayPlan struct {
	Fairness             float64   `json:"fairness"`
	SleepInterruptions   int       `json:"sleep_interruptions"`
	Weighted             int       `json:"weighted"`
	GapHours             float64   `json:"coverage_gap_hours"`
	PairingViolationHrs  float64   `json:"pairing_violation_hours"`
	DoubleBookedHours    float64   `json:"double_booked_hours"`
	Flags                []cliFlag `json:"flags"`
	OverridesOrSwapsUsed int       `json:"changes"`
}

type cliReplay struct {
	Team       string              `json:"team"`
	Schedule   string              `json:"schedule"`
	From       time.Time           `json:"from"`
	To         time.Time           `json:"to"`
	Pages      int                 `json:"pages"`
	RoundRobin cliReplayPlan       `json:"round_robin"`
	Proposed   cliReplayPlan       `json:"proposed"`
	Engineers  []cliReplayEngineer `json:"engineers"`
}

func toCLIReplay(o *loadsvc.ReplayOutcome) cliReplay {
	out := cliReplay{Team: o.Team.Name, Schedule: o.Schedule, From: o.From.UTC(), To: o.To.UTC(), Pages: o.Pages}
	plan := func(p load.ReplayPlan) cliReplayPlan {
		c := cliReplayPlan{Fairness: math.Round(p.Report.Fairness*1000) / 1000, SleepInterruptions: p.Report.Totals.Interruptions.Sleep,
			Weighted: p.Report.Totals.Weighted, PairingViolationHrs: round2(p.PairingViolations.Hours()), DoubleBookedHours: round2(p.DoubleBooked.Hours()),
			Flags: []cliFlag{}}
		for _, g := range p.Gaps {
			c.GapHours += g.End.Sub(g.Start).Hours()
		}
		c.GapHours = round2(c.GapHours)
		for _, f := range p.Report.AllFlags() {
			c.Flags = append(c.Flags, cliFlag{f.Code, f.Message})
		}
		return c
	}
	out.RoundRobin, out.Proposed = plan(o.Result.RoundRobin), plan(o.Result.Proposed)
	out.Proposed.OverridesOrSwapsUsed = len(o.Result.Overrides)
	for _, e := range o.Result.RoundRobin.Report.Engineers {
		p, _ := o.Result.Proposed.Report.Engineer(e.ID)
		out.Engineers = append(out.Engineers, cliReplayEngineer{Email: e.Email, Name: e.Name,
			SleepRoundRobin: e.Interruptions.Sleep, SleepProposed: p.Interruptions.Sleep,
			WeightRoundRobin: e.Weighted, WeightProposed: p.Weighted,
			HoursRoundRobin: round2((e.OnCall.Primary + e.OnCall.Secondary).Hours()), HoursProposed: round2((p.OnCall.Primary + p.OnCall.Secondary).Hours())})
	}
	sort.SliceStable(out.Engineers, func(i, j int) bool { return out.Engineers[i].WeightRoundRobin > out.Engineers[j].WeightRoundRobin })
	return out
}

func printReplay(w io.Writer, r cliReplay) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "Replay of %d pages for %s/%s from %s to %s\n\n", r.Pages, r.Team, r.Schedule, r.From.Format(time.RFC3339), r.To.Format(time.RFC3339))
	fmt.Fprintln(tw, "ENGINEER\tSLEEP (RR)\tSLEEP (ROTA)\tWEIGHTED (RR)\tWEIGHTED (ROTA)\tON CALL H (RR)\tON CALL H (ROTA)")
	for _, e := range r.Engineers {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%.0f\t%.0f\n", e.Name, e.SleepRoundRobin, e.SleepProposed, e.WeightRoundRobin, e.WeightProposed, e.HoursRoundRobin, e.HoursProposed)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "PLAN\tFAIRNESS (GINI)\tSLEEP\tWEIGHTED\tGAP H\tPAIRING H\tDOUBLE-BOOKED H\tFLAGS")
	for _, p := range []struct {
		name string
		p    cliReplayPlan
	}{{"round-robin", r.RoundRobin}, {"Rota's proposals", r.Proposed}} {
		fmt.Fprintf(tw, "%s\t%.3f\t%d\t%d\t%.1f\t%.1f\t%.1f\t%d\n", p.name, p.p.Fairness, p.p.SleepInterruptions, p.p.Weighted, p.p.GapHours, p.p.PairingViolationHrs, p.p.DoubleBookedHours, len(p.p.Flags))
	}
	return tw.Flush()
}
