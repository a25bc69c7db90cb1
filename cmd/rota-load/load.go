package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Result is one run's outcome.
type Result struct {
	Mode        string  `json:"mode"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`
	Rate        float64 `json:"rate_per_s"`
	TargetRate  float64 `json:"target_rate_per_s"`
	Concurrency int     `json:"concurrency"`
	P50         float64 `json:"p50_ms"`
	P90         float64 `json:"p90_ms"`
	P99         float64 `json:"p99_ms"`
	P999        float64 `json:"p999_ms"`
	Max         float64 `json:"max_ms"`
	FirstError  string  `json:"first_error,omitempty"`
}

func (r Result) print(w io.Writer, asJSON bool) {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(r)
		return
	}
	target := "closed loop"
	if r.TargetRate > 0 {
		target = fmt.Sprintf("target %.0f/s", r.TargetRate)
	}
	fmt.Fprintf(w, "%s: %d requests in %.1fs = %.0f/s (%s, %d clients), %d errors\n", r.Mode, r.Requests, r.Seconds, r.Rate, target, r.Concurrency, r.Errors)
	fmt.Fprintf(w, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f\n", r.P50, r.P90, r.P99, r.P999, r.Max)
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error: %s\n", r.FirstError)
	}
}

// newClient returns an HTTP client with enough idle connections for conc.
func newClient(conc int) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:     jar,
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
			MaxIdleConns:        conc * 2,
			MaxIdleConnsPerHost: conc * 2,
			MaxConnsPerHost:     0,
			IdleConnTimeout:     90 * time.Second,
		},
	}
}

// signIn logs the client in with email and password (the session cookie
// lands in its jar). A one-time password (from rota user create) opens
// nothing but a password change, so it is replaced, as a first sign-in
// must, by itself with "-load" appended; the session goes on.
func signIn(ctx context.Context, c *http.Client, base, email, password string) error {
	body, _ := json.Marshal(map[string]string{"email": email, "password": password})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/auth/login", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("sign in: %d %s", res.StatusCode, b)
	}
	var login struct {
		MustChange bool `json:"must_change_password"`
	}
	if json.Unmarshal(b, &login) != nil || !login.MustChange {
		return nil
	}
	body, _ = json.Marshal(map[string]string{"current_password": password, "password": password + "-load"})
	req, _ = http.NewRequestWithContext(ctx, http.MethodPut, base+"/api/v1/me/password", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	res2, err := c.Do(req)
	if err != nil {
		return err
	}
	defer res2.Body.Close()
	if res2.StatusCode != http.StatusNoContent {
		b, _ := io.ReadAll(res2.Body)
		return fmt.Errorf("replace the one-time password: %d %s", res2.StatusCode, b)
	}
	return nil
}

// recorder collects latencies from many goroutines.
type recorder struct {
	mu        sync.Mutex
	lat       []time.Duration
	errs      int
	firstErr  string
	measuring atomic.Bool
}

func (r *recorder) add(d time.Duration, err error) {
	if !r.measuring.Load() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errs++
		if r.firstErr == "" {
			r.firstErr = err.Error()
		}
		return
	}
	r.lat = append(r.lat, d)
}

func (r *recorder) result(mode string, secs float64, conc int, target float64) Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	pct := func(p float64) float64 {
		if len(r.lat) == 0 {
			return 0
		}
		i := int(p * float64(len(r.lat)-1))
		return float64(r.lat[i].Microseconds()) / 1000
	}
	res := Result{Mode: mode, Requests: len(r.lat), Errors: r.errs, Seconds: secs, Concurrency: conc, TargetRate: target,
		P50: pct(0.50), P90: pct(0.90), P99: pct(0.99), P999: pct(0.999), FirstError: r.firstErr}
	if len(r.lat) > 0 {
		res.Max = float64(r.lat[len(r.lat)-1].Microseconds()) / 1000
	}
	res.Rate = float64(len(r.lat)) / secs
	return res
}

// drive runs op with conc clients, closed loop or at rate per second, for
// warmup then dur, and returns the measured result.
func drive(ctx context.Context, mode string, conc int, rate float64, warmup, dur time.Duration, op func(ctx context.Context) error) Result {
	rec := &recorder{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	once := func() {
		start := time.Now()
		err := op(ctx)
		if ctx.Err() == nil {
			rec.add(time.Since(start), err)
		}
	}
	if rate <= 0 {
		for i := 0; i < conc; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					once()
				}
			}()
		}
	} else {
		// Open loop: a ticker hands out start times; latency counts from the
		// scheduled start, so queueing in the tool is not hidden.
		slots := make(chan time.Time, conc)
		for i := 0; i < conc; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for sched := range slots {
					err := op(ctx)
					if ctx.Err() == nil {
						rec.add(time.Since(sched), err)
					}
				}
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(slots)
			interval := time.Duration(float64(time.Second) / rate)
			next := time.Now()
			for ctx.Err() == nil {
				next = next.Add(interval)
				if d := time.Until(next); d > 0 {
					time.Sleep(d)
				}
				select {
				case slots <- next:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	time.Sleep(warmup)
	rec.measuring.Store(true)
	start := time.Now()
	select {
	case <-time.After(dur):
	case <-ctx.Done():
	}
	rec.measuring.Store(false)
	secs := time.Since(start).Seconds()
	cancel()
	wg.Wait()
	return rec.result(mode, secs, conc, rate)
}
