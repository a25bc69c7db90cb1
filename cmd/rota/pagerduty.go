package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/apply"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/scheduler"
)

func (a *app) pagerdutyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pagerduty",
		Short: "Sync with PagerDuty: import its set-up, mirror Rota's on-call into it, import its page history",
		Long: `The pagerduty commands talk to PagerDuty's REST API with the token in
ROTA_PAGERDUTY_TOKEN (or --pagerduty-token, or ROTA_PAGERDUTY_TOKEN_FILE) at
ROTA_PAGERDUTY_API_URL.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.pdImportCmd(), a.pdImportLoadCmd(), a.pdMirrorCmd())
	return cmd
}

// pdClient is the PagerDuty client of the configured token and URLs.
func (a *app) pdClient() (*pagerduty.Client, error) {
	if a.cfg.PagerDutyToken == "" {
		return nil, usagef("set ROTA_PAGERDUTY_TOKEN (or --pagerduty-token) to a PagerDuty REST API token")
	}
	return pagerduty.NewClient(pagerduty.Config{Token: a.cfg.PagerDutyToken, APIURL: a.cfg.PagerDutyAPI, EventsURL: a.cfg.PagerDutyEvent}), nil
}

// progress prints PagerDuty fetch progress: a line rewritten in place on a
// terminal, plain lines otherwise.
func (a *app) progress() func(pagerduty.Progress) {
	tty := false
	if f, ok := a.stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	last := ""
	return func(p pagerduty.Progress) {
		line := "reading " + p.Step
		if p.Total > 0 {
			line = fmt.Sprintf("reading %s %d/%d", p.Step, p.Done, p.Total)
		}
		switch {
		case tty:
			fmt.Fprintf(a.stderr, "\r\033[K%s", line)
		case p.Step != last:
			fmt.Fprintln(a.stderr, line)
		}
		last = p.Step
	}
}

// pdError turns PagerDuty's refusals into usage errors (exit 2) that say
// what to fix.
func pdError(err error) error {
	switch {
	case errors.Is(err, pagerduty.ErrBadToken):
		return usagef("PagerDuty refused the token (401): check ROTA_PAGERDUTY_TOKEN")
	case errors.Is(err, pagerduty.ErrForbidden):
		return usagef("PagerDuty refused the token access (403): the token needs read access to users, teams, schedules, escalation policies and services")
	}
	return err
}

func (a *app) pdImportCmd() *cobra.Command {
	var (
		dryRun     bool
		toYAML     string
		discipline string
		weeks      int
	)
	cmd := &cobra.Command{
		Use:   "import [--dry-run] [--to-yaml FILE]",
		Short: "Import PagerDuty's users, teams, schedules, overrides, escalation policies and services",
		Long: `Import reads the PagerDuty organisation, converts it to Rota's model and
applies it like rota apply: idempotently (a re-run changes only what
changed; PagerDuty objects are matched by name and users by email), in one
transaction, printing the plan. --dry-run prints the plan and changes
nothing; --to-yaml FILE writes the declarative file instead, for keeping the
set-up as code and applying it with rota apply.

What cannot be carried over is listed with the reason (a user without an
email, a schedule naming a deleted user, a construct Rota has no form for)
and the rest is imported. For every imported schedule, Rota's on-call over
the next weeks is compared with PagerDuty's rendered final schedule, and any
difference is printed per schedule.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if weeks < 1 || weeks > 26 {
				return usagef("--weeks must be 1 to 26, not %d", weeks)
			}
			opts := pagerduty.YAMLOptions{}
			if discipline != "" {
				if d := rota.Discipline(discipline); d.Valid() {
					opts.Discipline = d
				} else {
					return usagef("--discipline must be dev or ops, not %q", discipline)
				}
			}
			client, err := a.pdClient()
			if err != nil {
				return err
			}
			// PagerDuty's times are whole minutes (or seconds); so is the import.
			at := a.clock()().UTC().Truncate(time.Minute)
			imp, err := client.Import(ctx, at, time.Duration(weeks)*7*24*time.Hour, pagerduty.Options{At: at}, a.progress())
			if err != nil {
				return pdError(err)
			}
			fmt.Fprintln(a.stderr)
			a.printPDReport(imp)
			opts.Report = imp.Report
			var buf bytes.Buffer
			if err := pagerduty.WriteYAML(&buf, imp.Org, opts); err != nil {
				return err
			}
			if toYAML != "" {
				if err := os.WriteFile(toYAML, buf.Bytes(), 0o644); err != nil {
					return usageError{err}
				}
				fmt.Fprintf(a.stdout, "Wrote %s: apply it with rota apply -f %s\n", toYAML, toYAML)
				return nil
			}
			return a.applyGenerated(ctx, "pagerduty-import.yaml", buf.Bytes(), dryRun)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&dryRun, "dry-run", false, "print the plan and change nothing")
	fl.StringVar(&toYAML, "to-yaml", "", "write the declarative file to FILE instead of changing the database")
	fl.StringVar(&discipline, "discipline", "", "the discipline (dev or ops) to give imported users; PagerDuty has none")
	fl.IntVar(&weeks, "weeks", 4, "how many weeks of on-call to compare with PagerDuty's final schedule")
	return cmd
}

// printPDReport says what was left out or changed, and how each imported
// schedule compares with PagerDuty's final schedule.
func (a *app) printPDReport(imp *pagerduty.Import) {
	for _, p := range imp.Report.Skipped() {
		fmt.Fprintln(a.stdout, "! "+p.String())
	}
	for _, p := range imp.Report.Changed() {
		fmt.Fprintln(a.stdout, "~ "+p.String())
	}
	for _, c := range imp.Checks {
		if len(c.Differences) == 0 {
			fmt.Fprintf(a.stdout, "= schedule %s/%s: same on-call as PagerDuty from %s to %s\n", c.Team, c.Name,
				c.From.UTC().Format(time.RFC3339), c.To.UTC().Format(time.RFC3339))
			continue
		}
		fmt.Fprintf(a.stdout, "≠ schedule %s/%s: %d difference(s) from PagerDuty's final schedule\n", c.Team, c.Name, len(c.Differences))
		for i, d := range c.Differences {
			if i == 10 {
				fmt.Fprintf(a.stdout, "    … and %d more\n", len(c.Differences)-i)
				break
			}
			fmt.Fprintln(a.stdout, "    "+d.String())
		}
	}
}

// applyGenerated applies a declarative file Rota wrote itself, as rota apply
// would.
func (a *app) applyGenerated(ctx context.Context, name string, src []byte, dryRun bool) error {
	f, err := apply.Parse(name, src)
	if err != nil {
		var ps *apply.Problems
		if errors.As(err, &ps) {
			for _, l := range ps.Lines() {
				fmt.Fprintln(a.stderr, l)
			}
			return fmt.Errorf("the converted set-up does not apply (%d problem(s)); nothing was imported: write it with --to-yaml to see", ps.Total)
		}
		return err
	}
	db, err := a.openDB(ctx, a.logger(), !dryRun)
	if err != nil {
		return err
	}
	defer db.Close()
	if dryRun {
		if err := db.CheckSchema(ctx); err != nil {
			return usageError{err}
		}
	}
	plan, err := apply.Run(ctx, applyStore{db}, f, apply.Options{DryRun: dryRun})
	var ps *apply.Problems
	if errors.As(err, &ps) {
		for _, l := range ps.Lines() {
			fmt.Fprintln(a.stderr, l)
		}
		return usagef("the converted set-up does not fit the database (%d problem(s)); nothing was imported", ps.Total)
	}
	if plan != nil {
		if werr := plan.Write(a.stdout); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		return fmt.Errorf("%w; nothing was imported", err)
	}
	created, updated, deleted := plan.Counts()
	if dryRun {
		fmt.Fprintln(a.stdout, "Dry run: nothing was changed.")
		return nil
	}
	fmt.Fprintf(a.stdout, "Imported from PagerDuty: %d created, %d updated, %d deleted.\n", created, updated, deleted)
	return nil
}

func (a *app) pdImportLoadCmd() *cobra.Command {
	var (
		since string
		out   string
	)
	cmd := &cobra.Command{
		Use:   "import-load [--since 90d] [-o FILE]",
		Short: "Turn PagerDuty incidents and their notifications into page records (the load import CSV)",
		Long: `import-load reads PagerDuty's incidents of the period and their
notification log entries, and writes one page record per notification in
the format of rota load import (at,email,alert,channel), so that page load
is measured for teams still paging through PagerDuty. Notifications to
users PagerDuty knows no email for are listed as skipped.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			d, err := parseDays("since", since)
			if err != nil {
				return usageError{err}
			}
			client, err := a.pdClient()
			if err != nil {
				return err
			}
			until := a.clock()().UTC().Truncate(time.Minute)
			snap, err := client.FetchLoad(ctx, until.Add(-d), until, a.progress())
			if err != nil {
				return pdError(err)
			}
			fmt.Fprintln(a.stderr)
			recs, rep := pagerduty.PageRecords(snap)
			for _, p := range rep.Skipped() {
				fmt.Fprintln(a.stderr, "! "+p.String())
			}
			var w io.Writer = a.stdout
			if out != "" && out != "-" {
				fh, err := os.Create(out)
				if err != nil {
					return usageError{err}
				}
				defer fh.Close()
				w = fh
			}
			if err := pagerduty.WritePageCSV(w, recs); err != nil {
				return err
			}
			if out != "" && out != "-" {
				fmt.Fprintf(a.stdout, "Wrote %d page record(s) to %s: load them with rota load import -f %s\n", len(recs), out, out)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "90d", "how far back, in days (e.g. 90d)")
	cmd.Flags().StringVarP(&out, "output", "o", "-", "the CSV file to write; - is standard output")
	return cmd
}

// parseDays reads "90d" (or "90").
func parseDays(field, s string) (time.Duration, error) {
	n := 0
	if _, err := fmt.Sscanf(strings.TrimSuffix(strings.TrimSpace(s), "d"), "%d", &n); err != nil || n < 1 || n > 3660 || strings.Count(s, "d") > 1 {
		return 0, rota.Invalid(field, "--%s must be a number of days like 90d, not %q", field, s)
	}
	return time.Duration(n) * 24 * time.Hour, nil
}

func (a *app) pdMirrorCmd() *cobra.Command {
	var (
		schedule, pdSchedule, tier string
		weeks                      int
		dryRun                     bool
	)
	cmd := &cobra.Command{
		Use:   "mirror --schedule TEAM/NAME --pagerduty-schedule ID [--tier primary] [--weeks 4] [--dry-run]",
		Short: "Make a PagerDuty schedule follow Rota's on-call, with overrides for the windows that differ",
		Long: `mirror writes overrides into a PagerDuty schedule so that, over the next
weeks, PagerDuty pages whoever Rota has on call for the tier: overrides that
already agree are kept, ones that disagree are removed, and only the missing
stretches are created. It is incremental and idempotent — a second run with
nothing changed writes nothing — so it can run from cron. Engineers
PagerDuty knows no user for (by email), and gaps in Rota's rota, are left to
PagerDuty's own layers and listed.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if schedule == "" || pdSchedule == "" {
				return usagef("mirror needs --schedule TEAM/NAME and --pagerduty-schedule ID")
			}
			if weeks < 1 || weeks > 26 {
				return usagef("--weeks must be 1 to 26, not %d", weeks)
			}
			t := scheduler.Tier(tier)
			if t != scheduler.TierPrimary && t != scheduler.TierSecondary {
				return usagef("--tier must be primary or secondary, not %q", tier)
			}
			client, err := a.pdClient()
			if err != nil {
				return err
			}
			db, err := a.openDB(ctx, a.logger(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			svc := oncall.New(db)
			all, err := svc.All(ctx)
			if err != nil {
				return err
			}
			teams, err := db.Teams(ctx)
			if err != nil {
				return err
			}
			names := map[string]string{}
			for _, tm := range teams {
				names[rota.ID(tm.ID)] = tm.Name
			}
			var cands []scheduleRef
			for _, r := range all {
				cands = append(cands, scheduleRef{id: r.ID, team: names[r.TeamID], name: r.Name})
			}
			ref, err := pickSchedule(cands, schedule)
			if err != nil {
				return err
			}
			r, err := svc.Schedule(ctx, rota.ParseID(ref.id))
			if err != nil {
				return err
			}
			users, err := client.Users(ctx)
			if err != nil {
				return pdError(err)
			}
			byEmail := pagerduty.UserIDsByEmail(users)
			emails := map[string]string{}
			from := a.clock()().UTC().Truncate(time.Minute)
			to := from.Add(time.Duration(weeks) * 7 * 24 * time.Hour)
			in := pagerduty.MirrorInput{From: from, To: to, Shifts: r.Compiled.TierShifts(t, from, to)}
			in.UserID = func(engineerID string) (string, bool) {
				e, ok := emails[engineerID]
				if !ok {
					if u, err := db.User(ctx, rota.ParseID(engineerID)); err == nil {
						e = u.Email
					}
					emails[engineerID] = e
				}
				id, ok := byEmail[rota.NormalizeEmail(e)]
				return id, ok
			}
			existing, err := client.Overrides(ctx, pdSchedule, from, to)
			if err != nil {
				return pdError(err)
			}
			in.Existing = existing
			plan, err := pagerduty.PlanMirror(in)
			if err != nil {
				return usageError{err}
			}
			for _, o := range plan.Delete {
				fmt.Fprintf(a.stdout, "- override %s %s–%s\n", o.User.Summary, o.Start, o.End)
			}
			for _, w := range plan.Create {
				fmt.Fprintf(a.stdout, "+ override %s %s–%s\n", w.UserID, w.Start.UTC().Format(time.RFC3339), w.End.UTC().Format(time.RFC3339))
			}
			for _, s := range plan.Unmapped {
				fmt.Fprintf(a.stdout, "! %s has no PagerDuty user: PagerDuty's layers decide %s–%s\n", s.EngineerID, s.Start.UTC().Format(time.RFC3339), s.End.UTC().Format(time.RFC3339))
			}
			if dryRun {
				fmt.Fprintf(a.stdout, "Dry run: %d to create, %d to delete, %d kept; nothing was changed.\n", len(plan.Create), len(plan.Delete), plan.Kept)
				return nil
			}
			if err := client.ApplyMirror(ctx, pdSchedule, plan); err != nil {
				return pdError(err)
			}
			fmt.Fprintf(a.stdout, "Mirrored %s %s into PagerDuty schedule %s: %d created, %d deleted, %d kept.\n", ref.team+"/"+r.Name, t, pdSchedule, len(plan.Create), len(plan.Delete), plan.Kept)
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&schedule, "schedule", "", "the Rota schedule to follow, TEAM/NAME (or NAME when unique)")
	fl.StringVar(&pdSchedule, "pagerduty-schedule", "", "the PagerDuty schedule id to write overrides into")
	fl.StringVar(&tier, "tier", "primary", "the Rota tier to mirror: primary or secondary")
	fl.IntVar(&weeks, "weeks", 4, "how many weeks ahead to mirror")
	fl.BoolVar(&dryRun, "dry-run", false, "print the overrides and change nothing")
	return cmd
}
