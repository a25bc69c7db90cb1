package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// healthcheckCmd probes a running server, for container health checks in
// images that have no curl.
func (a *app) healthcheckCmd() *cobra.Command {
	var url string
	cmd := &cobra.Command{
		Use:   "healthcheck [--url URL]",
		Short: "Exit 0 when a running Rota answers its readiness probe",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if url == "" {
				url = "http://" + a.cfg.Listen + "/readyz"
			}
			client := &http.Client{Timeout: 5 * time.Second}
			res, err := client.Get(url)
			if err != nil {
				return fmt.Errorf("not healthy: %v", err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				return fmt.Errorf("not healthy: %s answered %d", url, res.StatusCode)
			}
			fmt.Fprintln(a.stdout, "ok")
			return nil
		},
	}
	cmd.Flags().StringVar(&url, "url", "", "readiness URL (default: the listen address's /readyz)")
	return cmd
}
