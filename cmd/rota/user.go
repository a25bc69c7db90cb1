package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rotaoncall/rota"
)

func (a *app) userCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage users",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usagef("unknown user command %q (want create or reset-password)", args[0])
			}
			return usagef("rota user needs a command: create or reset-password")
		},
		RunE: func(*cobra.Command, []string) error { return nil },
	}
	var u rota.User
	var discipline string
	create := &cobra.Command{
		Use:   "create --email E --name N [--admin]",
		Short: "Create a user and print a one-time password",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			u.Discipline = rota.Discipline(discipline)
			if err := u.Validate(); err != nil {
				return usageError{err}
			}
			log := a.logger()
			db, err := a.openDB(ctx, log, true)
			if err != nil {
				return err
			}
			defer db.Close()
			created, pw, err := a.authService(db).CreateUser(ctx, u)
			if err != nil {
				return err
			}
			role := "user"
			if created.IsAdmin {
				role = "admin"
			}
			fmt.Fprintf(a.stdout, "Created %s %s (id %d)\nOne-time password: %s\nIt works once: signing in with it leads to choosing a password of their own.\n", role, created.Email, created.ID, pw)
			return nil
		},
	}
	f := create.Flags()
	f.StringVar(&u.Email, "email", "", "email address (required)")
	f.StringVar(&u.Name, "name", "", "display name (required)")
	f.BoolVar(&u.IsAdmin, "admin", false, "make the user an organisation admin")
	f.StringVar(&discipline, "discipline", "dev", "dev or ops")
	f.StringVar(&u.TimeZone, "time-zone", "UTC", "IANA time zone, e.g. Europe/Berlin")
	f.StringVar(&u.Phone, "phone", "", "phone number in E.164 form")
	var resetEmail string
	reset := &cobra.Command{
		Use:   "reset-password --email E",
		Short: "Give a user a new one-time password (signing them out everywhere and revoking their API tokens)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if resetEmail == "" {
				return usagef("--email is required")
			}
			db, err := a.openDB(ctx, a.logger(), true)
			if err != nil {
				return err
			}
			defer db.Close()
			u, pw, err := a.authService(db).ResetPassword(ctx, resetEmail)
			if rota.IsCode(err, rota.ENotFound) {
				return usagef("no user with email %s", resetEmail)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Reset the password of %s\nOne-time password: %s\nIt works once: signing in with it leads to choosing a password of their own.\n", u.Email, pw)
			return nil
		},
	}
	reset.Flags().StringVar(&resetEmail, "email", "", "the user's email address")
	cmd.AddCommand(create, reset)
	return cmd
}
