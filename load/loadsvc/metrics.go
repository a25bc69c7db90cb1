package loadsvc

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rotaoncall/rota/load"
)

// MetricsWindow is the period the gauges look back over.
const MetricsWindow = 7 * 24 * time.Hour

// metricsMaxAge is how long a computed set of gauges is served before a
// scrape computes it again: reports stream a week of pages per team.
const metricsMaxAge = time.Minute

// Collector exports per-team gauges computed from the last 7 days:
// rota_load_interruptions{team,band} and rota_load_flags{team,code}.
type Collector struct {
	svc *Service
	log *slog.Logger

	mu      sync.Mutex
	at      time.Time
	metrics []prometheus.Metric
}

var (
	interruptionsDesc = prometheus.NewDesc("rota_load_interruptions",
		"Interruptions of the team's engineers over the last 7 days, by band (business, off_hours, sleep).", []string{"team", "band"}, nil)
	flagsDesc = prometheus.NewDesc("rota_load_flags",
		"Burnout flags active on the team's report of the last 7 days, by code.", []string{"team", "code"}, nil)
)

// Collector returns the service's Prometheus collector.
func (s *Service) Collector(log *slog.Logger) *Collector {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Collector{svc: s, log: log}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- interruptionsDesc
	ch <- flagsDesc
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.svc.now()
	if c.metrics == nil || now.Sub(c.at) >= metricsMaxAge || now.Before(c.at) {
		ms, err := c.compute(context.Background(), now)
		if err != nil {
			c.log.Warn("load gauges not computed", "err", err)
		} else {
			c.metrics, c.at = ms, now
		}
	}
	for _, m := range c.metrics {
		ch <- m
	}
}

// flagCodes are the codes every team exports, zero when not active.
var flagCodes = []string{load.FlagSleepInterruptions, load.FlagIncidentsPerShift, load.FlagOnCallShare, load.FlagUnfairShare, load.FlagSmallRotation}

func (c *Collector) compute(ctx context.Context, now time.Time) ([]prometheus.Metric, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	teams, err := c.svc.Report(ctx, Query{From: now.Add(-MetricsWindow), To: now})
	if err != nil {
		return nil, err
	}
	ms := []prometheus.Metric{}
	for _, t := range teams {
		i := t.Report.Totals.Interruptions
		for _, b := range []struct {
			band string
			n    int
		}{{"business", i.Business}, {"off_hours", i.OffHours}, {"sleep", i.Sleep}} {
			ms = append(ms, prometheus.MustNewConstMetric(interruptionsDesc, prometheus.GaugeValue, float64(b.n), t.Team.Name, b.band))
		}
		counts := map[string]int{}
		for _, f := range t.Report.AllFlags() {
			counts[f.Code]++
		}
		for _, code := range flagCodes {
			ms = append(ms, prometheus.MustNewConstMetric(flagsDesc, prometheus.GaugeValue, float64(counts[code]), t.Team.Name, code))
		}
	}
	return ms, nil
}
