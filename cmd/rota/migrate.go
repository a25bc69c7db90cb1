package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func (a *app) migrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Schema management: up, status",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown migrate command %q (want up or status)", args[0])
			}
			return usagef("rota migrate needs a command: up or status")
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "up",
		Short: "Apply pending migrations",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := a.openDB(ctx, a.logger(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			applied, err := db.Migrate(ctx)
			if err != nil {
				return usageError{err}
			}
			if len(applied) == 0 {
				fmt.Fprintln(a.stdout, "Schema is up to date.")
				return nil
			}
			for _, v := range applied {
				fmt.Fprintf(a.stdout, "Applied migration %05d\n", v)
			}
			return nil
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "List migrations and whether each is applied",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			db, err := a.openDB(ctx, a.logger(), false)
			if err != nil {
				return err
			}
			defer db.Close()
			st, err := db.MigrationStatus(ctx)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "VERSION\tNAME\tSTATE\tAPPLIED AT")
			for _, s := range st {
				state, at := "pending", ""
				if s.Applied {
					state, at = "applied", s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
				}
				fmt.Fprintf(w, "%05d\t%s\t%s\t%s\n", s.Version, s.Name, state, at)
			}
			return w.Flush()
		},
	})
	return cmd
}
