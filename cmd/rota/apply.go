package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/apply"
	"github.com/rotaoncall/rota/auth"
	"github.com/rotaoncall/rota/store"
)

// applyStore lets apply run its work in one store transaction.
type applyStore struct{ *store.DB }

var _ apply.TxStore = applyStore{}

func (s applyStore) InTx(ctx context.Context, fn func(apply.Store) error) error {
	return s.DB.InTx(ctx, func(tx *store.DB) error { return fn(tx) })
}

func (a *app) applyCmd() *cobra.Command {
	var (
		file                  string
		dryRun, prune, invite bool
	)
	cmd := &cobra.Command{
		Use:   "apply -f FILE [--dry-run] [--prune]",
		Short: "Apply a declarative on-call file (teams, members, schedules, escalation policies, services, routing rules)",
		Long: `Apply reads a YAML file declaring teams, their members, schedules and
overrides, escalation policies and services (with integrations and business
hours), and the routing rules, checks all of it, prints how the database
differs and makes the changes in one transaction. A file with any problem
changes nothing: each problem is printed with its line, column and field,
and rota exits with status 2. Applying the same file twice changes nothing
the second time.

An integration without a key in the file gets a generated one, printed once
in the plan with where to send alerts; Rota keeps only its hash. Routing
rules are one ordered list for all teams: when the file has routing_rules,
they replace the stored ones; when it has none, the stored ones stay.

Without --prune, members, schedules, overrides, escalation policies,
services and integrations that exist in the database but not in the file are
left alone. With --prune they are deleted (integrations revoked), for the
teams the file names only; a team's escalation policies, services and a
service's integrations only when the file lists them (an empty list
included). Users are never deleted.

New users get no password from the file. With --invite each gets a
one-time password, printed once after the plan: they sign in with it and
choose their own. Without it, give them one later (Reset password on the
web app's Users page, or rota user reset-password).`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if file == "" {
				return usagef("rota apply needs -f FILE (or -f - to read standard input)")
			}
			name, src, err := readApplyFile(file, cmd.InOrStdin())
			if err != nil {
				return usageError{err}
			}
			f, err := apply.Parse(name, src)
			if err != nil {
				var ps *apply.Problems
				if !errors.As(err, &ps) {
					return usageError{err}
				}
				for _, l := range ps.Lines() {
					fmt.Fprintln(a.stderr, l)
				}
				return usagef("%s is invalid (%d problem(s)); nothing was applied", name, ps.Total)
			}
			log := a.logger()
			// A dry run changes nothing, the schema included.
			db, err := a.openDB(ctx, log, !dryRun)
			if err != nil {
				return err
			}
			defer db.Close()
			if dryRun {
				if err := db.CheckSchema(ctx); err != nil {
					return usageError{err}
				}
			}
			opts := apply.Options{DryRun: dryRun, Prune: prune}
			if invite {
				opts.Invite = func() (string, string, error) {
					pw := auth.GeneratePassword()
					hash, err := auth.HashPassword(pw, auth.DefaultParams)
					return pw, hash, err
				}
			}
			plan, err := apply.Run(ctx, applyStore{db}, f, opts)
			var ps *apply.Problems
			if errors.As(err, &ps) {
				// Names the file uses that neither it nor the database has.
				for _, l := range ps.Lines() {
					fmt.Fprintln(a.stderr, l)
				}
				return usagef("%s is invalid (%d problem(s)); nothing was applied", name, ps.Total)
			}
			if plan != nil {
				if werr := plan.Write(a.stdout); werr != nil && err == nil {
					err = werr
				}
			}
			if err != nil {
				err = fmt.Errorf("%w; nothing was applied", err)
				if rota.IsCode(err, rota.EInvalid) {
					return usageError{err}
				}
				return err
			}
			created, updated, deleted := plan.Counts()
			switch {
			case dryRun:
				fmt.Fprintln(a.stdout, "Dry run: nothing was changed.")
			case len(plan.Changes) > 0:
				fmt.Fprintf(a.stdout, "Applied %s: %d created, %d updated, %d deleted.\n", name, created, updated, deleted)
			}
			for _, in := range plan.Invites {
				fmt.Fprintf(a.stdout, "Invite %s: one-time password %s\n", in.Email, in.Password)
			}
			if len(plan.Invites) > 0 {
				fmt.Fprintln(a.stdout, "Each one-time password is shown this once and works once: its user signs in with it and chooses their own.")
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&file, "file", "f", "", "the YAML file to apply; - reads standard input")
	fl.BoolVar(&dryRun, "dry-run", false, "print the plan and change nothing")
	fl.BoolVar(&invite, "invite", false, "give each new user a one-time password and print it (once)")
	fl.BoolVar(&prune, "prune", false, "delete members, schedules, overrides, escalation policies and services of the file's teams, and revoke integrations, that the file leaves out")
	return cmd
}

// readApplyFile reads the file to apply and names it as problems will.
func readApplyFile(path string, stdin io.Reader) (string, []byte, error) {
	if path == "-" {
		src, err := io.ReadAll(io.LimitReader(stdin, apply.MaxFileSize+1))
		if err != nil {
			return "", nil, fmt.Errorf("read standard input: %w", err)
		}
		return "<stdin>", src, nil
	}
	fh, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	defer fh.Close()
	src, err := io.ReadAll(io.LimitReader(fh, apply.MaxFileSize+1))
	if err != nil {
		return "", nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return path, src, nil
}
