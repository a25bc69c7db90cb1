package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/oncall"
	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdsync"
	"github.com/rotaoncall/rota/scheduler"
	"github.com/rotaoncall/rota/system"
)

func (a *app) pagerdutyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "pagerduty",
		Short: "Sync with PagerDuty: import its set-up, mirror Rota's on-call into it, import its page history",
		Long: `The pagerduty commands talk to PagerDuty's REST API with the token in
ROTA_PAGERDUTY_TOKEN (or --pagerduty-token, or ROTA_PAGERDUTY_TOKEN_FILE), or
else the one an admin connected under Settings → PagerDuty, at
ROTA_PAGERDUTY_API_URL.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.pdImportCmd(), a.pdImportLoadCmd(), a.pdMirrorCmd())
	return cmd
}

// pdConfig is how the configuration reaches PagerDuty.
func (a *app) pdConfig() pdsync.Config {
	return pdsync.Config{Token: a.cfg.PagerDutyToken, APIURL: a.cfg.PagerDutyAPI, EventsURL: a.cfg.PagerDutyEvent}
}

// startMirror runs the configured mirrors (ROTA_PAGERDUTY_MIRROR) on the
// process clock, at once and then every ROTA_PAGERDUTY_MIRROR_EVERY, until
// the returned stop is called; stop waits for a run in progress. With
// several processes each mirrors: a run that finds PagerDuty already
// following Rota writes nothing.
func (a *app) startMirror(svc *pdsync.Service, log *slog.Logger) (stop func()) {
	if len(a.cfg.PagerDutyMirror) == 0 {
		return func() {}
	}
	var names []string
	for _, t := range a.cfg.PagerDutyMirror {
		names = append(names, t.String())
	}
	log.Info("mirroring into PagerDuty", "targets", names, "every", a.cfg.PagerDutyMirrorEvery.String())
	m := svc.NewMirrors(a.cfg.PagerDutyMirror, a.cfg.PagerDutyMirrorEvery)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}

// pdSync opens the database (migrating it, or checking its schema when
// migrate is false) and returns the PagerDuty sync on it: the token is
// ROTA_PAGERDUTY_TOKEN's, or else the one stored under Settings.
func (a *app) pdSync(ctx context.Context, migrate bool) (*pdsync.Service, func(), error) {
	db, err := a.openDB(ctx, a.logger(), migrate)
	if err != nil {
		return nil, nil, err
	}
	if !migrate {
		if err := db.CheckSchema(ctx); err != nil {
			db.Close()
			return nil, nil, usageError{err}
		}
	}
	return system.NewPagerDutySync(db, oncall.New(db), a.pdConfig(), a.clock(), a.logger()), func() { db.Close() }, nil
}

// pdClient is the PagerDuty client of the configured token, or of the one
// stored under Settings when none is configured.
func (a *app) pdClient(ctx context.Context) (*pagerduty.Client, func(), error) {
	if a.cfg.PagerDutyToken != "" {
		return pagerduty.NewClient(pagerduty.Config{Token: a.cfg.PagerDutyToken, APIURL: a.cfg.PagerDutyAPI, EventsURL: a.cfg.PagerDutyEvent}), func() {}, nil
	}
	svc, done, err := a.pdSync(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	c, err := svc.Client(ctx)
	if err != nil {
		done()
		return nil, nil, pdError(err)
	}
	return c, done, nil
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
	case errors.Is(err, pdsync.ErrNotConnected):
		return usagef("set ROTA_PAGERDUTY_TOKEN (or --pagerduty-token) to a PagerDuty REST API token, or connect PagerDuty under Settings → PagerDuty")
	case rota.IsCode(err, rota.EInvalid):
		return usageError{err}
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
changed; what an earlier import made is recognised by its PagerDuty id,
whatever either side renamed it to, and the rest is matched by name, users
by email), in one transaction, printing the plan. --dry-run prints the plan and changes
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
			if weeks < 1 || weeks > pdsync.MaxWeeks {
				return usagef("--weeks must be 1 to %d, not %d", pdsync.MaxWeeks, weeks)
			}
			opts := pdsync.ImportOptions{DryRun: dryRun, Weeks: weeks, Progress: a.progress()}
			if discipline != "" {
				if d := rota.Discipline(discipline); d.Valid() {
					opts.Discipline = d
				} else {
					return usagef("--discipline must be dev or ops, not %q", discipline)
				}
			}
			// Only a real import migrates the database.
			svc, done, err := a.pdSync(ctx, !dryRun && toYAML == "")
			if err != nil {
				return err
			}
			defer done()
			if toYAML != "" {
				p, err := svc.Prepare(ctx, opts)
				if err != nil {
					return pdError(err)
				}
				fmt.Fprintln(a.stderr)
				a.printPDReport(p.Result())
				if err := os.WriteFile(toYAML, p.YAML, 0o644); err != nil {
					return usageError{err}
				}
				fmt.Fprintf(a.stdout, "Wrote %s: apply it with rota apply -f %s\n", toYAML, toYAML)
				return nil
			}
			res, err := svc.Import(ctx, opts)
			if res == nil {
				return pdError(err)
			}
			fmt.Fprintln(a.stderr)
			a.printPDReport(res)
			for _, l := range res.ErrorLines {
				fmt.Fprintln(a.stderr, l)
			}
			if err != nil {
				if res.Summary == "" && len(res.ErrorLines) == 0 {
					return pdError(err)
				}
				a.printPlan(res)
				if rota.IsCode(err, rota.EConflict) {
					return usageError{err}
				}
				return err
			}
			a.printPlan(res)
			if dryRun {
				fmt.Fprintln(a.stdout, "Dry run: nothing was changed.")
				return nil
			}
			fmt.Fprintf(a.stdout, "Imported from PagerDuty: %d created, %d updated, %d deleted.\n", res.Created, res.Updated, res.Deleted)
			return nil
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
func (a *app) printPDReport(res *pdsync.ImportResult) {
	for _, action := range []string{pagerduty.Skipped, pagerduty.Changed} {
		sign := "! "
		if action == pagerduty.Changed {
			sign = "~ "
		}
		for _, p := range res.Problems {
			if p.Action == action {
				fmt.Fprintln(a.stdout, sign+p.String())
			}
		}
	}
	for _, c := range res.Checks {
		if c.Total == 0 {
			fmt.Fprintf(a.stdout, "= schedule %s/%s: same on-call as PagerDuty from %s to %s\n", c.Team, c.Name,
				c.From.UTC().Format(time.RFC3339), c.To.UTC().Format(time.RFC3339))
			continue
		}
		fmt.Fprintf(a.stdout, "≠ schedule %s/%s: %d difference(s) from PagerDuty's final schedule\n", c.Team, c.Name, c.Total)
		for i, d := range c.Differences {
			if i == 10 {
				fmt.Fprintf(a.stdout, "    … and %d more\n", c.Total-i)
				break
			}
			fmt.Fprintln(a.stdout, "    "+d)
		}
	}
}

// printPlan prints an import's plan the way rota apply does.
func (a *app) printPlan(res *pdsync.ImportResult) {
	if res.Summary == "" {
		return
	}
	if len(res.Plan) == 0 {
		fmt.Fprintf(a.stdout, "No changes: the database already matches %s.\n", pdsync.FileName)
	}
	for _, l := range res.Plan {
		fmt.Fprintln(a.stdout, l)
	}
	fmt.Fprintln(a.stdout, res.Summary)
	for _, n := range res.Notes {
		fmt.Fprintln(a.stdout, "note: "+n)
	}
}

func (a *app) pdImportLoadCmd() *cobra.Command {
	var (
		since string
		out   string
		keep  bool
	)
	cmd := &cobra.Command{
		Use:   "import-load [--since 90d] [-o FILE | --store]",
		Short: "Turn PagerDuty incidents and their notifications into page records (the load import CSV)",
		Long: `import-load reads PagerDuty's incidents of the period and their
notification log entries, and writes one page record per notification in
the format of rota load import (at,email,alert,channel), so that page load
is measured for teams still paging through PagerDuty. With --store the
records go straight into Rota's page history, as rota load import would
store them (every row checked first; an engineer Rota does not know by
email refuses the whole import). Notifications to users PagerDuty knows no
email for are listed as skipped.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			d, err := parseDays("since", since)
			if err != nil {
				return usageError{err}
			}
			client, done, err := a.pdClient(ctx)
			if err != nil {
				return err
			}
			defer done()
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
			if keep {
				var buf bytes.Buffer
				if err := pagerduty.WritePageCSV(&buf, recs); err != nil {
					return err
				}
				svc, db, err := a.loadService(ctx)
				if err != nil {
					return err
				}
				defer db.Close()
				res, err := svc.Import(ctx, 0, 0, &buf)
				if err != nil {
					return a.importFailed("pagerduty", err)
				}
				fmt.Fprintf(a.stdout, "Imported %d page record(s) from PagerDuty into the page history.\n", res.Rows)
				return nil
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
	cmd.Flags().BoolVar(&keep, "store", false, "store the page records in Rota's page history instead of writing the CSV")
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
			db, err := a.openDB(ctx, a.logger(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			all, err := oncall.New(db).All(ctx)
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
			svc := system.NewPagerDutySync(db, oncall.New(db), a.pdConfig(), a.clock(), a.logger())
			target := pdsync.MirrorTarget{Schedule: ref.team + "/" + ref.name, ScheduleID: rota.ParseID(ref.id), Tier: t, PagerDutySchedule: pdSchedule}
			res, err := svc.Mirror(ctx, target, pdsync.MirrorOptions{Weeks: weeks, DryRun: dryRun})
			if res != nil {
				for _, l := range res.Lines {
					fmt.Fprintln(a.stdout, l)
				}
			}
			if err != nil {
				return pdError(err)
			}
			if dryRun {
				fmt.Fprintf(a.stdout, "Dry run: %d to create, %d to delete, %d kept; nothing was changed.\n", res.Created, res.Deleted, res.Kept)
				return nil
			}
			fmt.Fprintf(a.stdout, "Mirrored %s %s into PagerDuty schedule %s: %d created, %d deleted, %d kept.\n", target.Schedule, t, pdSchedule, res.Created, res.Deleted, res.Kept)
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
