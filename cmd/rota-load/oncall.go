package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"
)

// runOnCall measures GET /api/v1/oncall.
func runOnCall(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("oncall", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c commonFlags
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dur, err1 := time.ParseDuration(c.dur)
	warm, err2 := time.ParseDuration(c.warmup)
	if err1 != nil || err2 != nil || c.conc < 1 {
		fmt.Fprintln(stderr, "rota-load: -d and -warmup must be durations and -c at least 1")
		return 2
	}
	client := newClient(c.conc)
	if c.email != "" {
		if err := signIn(ctx, client, c.url, c.email, c.password); err != nil {
			fmt.Fprintln(stderr, "rota-load:", err)
			return 1
		}
	} else if c.token == "" {
		fmt.Fprintln(stderr, "rota-load: give -token (or $ROTA_API_TOKEN) or -email and -password")
		return 2
	}
	url := c.url + "/api/v1/oncall"
	op := func(ctx context.Context) error {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if c.token != "" && c.email == "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return fmt.Errorf("GET /api/v1/oncall answered %d", res.StatusCode)
		}
		return err
	}
	if err := op(ctx); err != nil {
		fmt.Fprintln(stderr, "rota-load:", err)
		return 1
	}
	drive(ctx, "oncall", c.conc, c.rate, warm, dur, op).print(stdout, c.json)
	return 0
}
