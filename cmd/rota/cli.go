package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// Version is set at build time with -ldflags "-X main.Version=…".
var Version = "dev"

// usageError marks errors in how rota was invoked or configured; they exit
// with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// env reads the environment; tests pass their own.
type env func(string) string

// run executes the command line and returns the exit status: 0 on success,
// 2 for usage, configuration and start-up errors, 1 for other failures.
func run(ctx context.Context, args []string, getenv env, stdout, stderr io.Writer) int {
	root := newRoot(ctx, getenv, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "rota: "+strings.ReplaceAll(err.Error(), "\n", " "))
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// app carries what every subcommand shares.
type app struct {
	ctx    context.Context
	getenv env
	stdout io.Writer
	stderr io.Writer
	cfg    config
	now    func() time.Time // set by clock()
}

func newRoot(ctx context.Context, getenv env, stdout, stderr io.Writer) *cobra.Command {
	a := &app{ctx: ctx, getenv: getenv, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "rota",
		Short:         "Rota: fair, shared on-call for developers and operations engineers",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.cfg.resolve(cmd.Flags(), getenv)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	a.cfg.register(root.PersistentFlags())
	root.AddCommand(a.serveCmd(), a.migrateCmd(), a.userCmd(), a.versionCmd(), a.healthcheckCmd(), a.oncallCmd(), a.shiftsCmd(), a.applyCmd(), a.pagerdutyCmd(), a.loadCmd())
	// Unknown subcommands are usage errors too.
	root.Args = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q; see rota --help", args[0])
		}
		return nil
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	return root
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(a.stdout, "rota", Version)
			return nil
		},
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

// readSecretFile reads NAME_FILE's content for a secret.
func readSecretFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}
