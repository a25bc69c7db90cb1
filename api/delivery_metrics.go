package api

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/incident/incidents"
)

// DeliveryWindow is the period the Prometheus delivery gauges cover: the
// 28 days up to the scrape.
const DeliveryWindow = 28 * 24 * time.Hour

// deliveryCollector exports the delivery metrics per service as gauges,
// computed at each scrape over DeliveryWindow, so that Prometheus and the
// dashboard show the same numbers.
type deliveryCollector struct {
	s     *Server
	descs map[string]*prometheus.Desc
}

var deliveryGauges = []struct{ name, help string }{
	{"deployments", "Change events (deploys) of the service in the last 28 days."},
	{"change_fail_rate", "Deploys of the last 28 days followed within 24 hours by an incident on the service, over deploys (0 to 1)."},
	{"lead_time_seconds", "Median time from commit to deploy over the last 28 days' deploys that give committed_at."},
	{"mtta_seconds", "Mean time from detection to acknowledgement of the incidents started in the last 28 days."},
	{"mttr_seconds", "Mean time from detection to resolution of the incidents started in the last 28 days."},
	{"incidents", "Incidents started in the last 28 days."},
	{"open_action_items", "Post-incident action items still to do."},
	{"overdue_action_items", "Post-incident action items past their due date."},
}

func newDeliveryCollector(s *Server) *deliveryCollector {
	d := &deliveryCollector{s: s, descs: map[string]*prometheus.Desc{}}
	for _, g := range deliveryGauges {
		d.descs[g.name] = prometheus.NewDesc("rota_delivery_"+g.name, g.help, []string{"service", "team"}, nil)
	}
	return d
}

func (d *deliveryCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, desc := range d.descs {
		ch <- desc
	}
}

func (d *deliveryCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	now := d.s.now().UTC()
	// To is just after now, so that a deploy recorded this instant counts.
	rep, err := d.s.incidents.Delivery(ctx, incidents.DeliveryQuery{Period: incident.Period{From: now.Add(-DeliveryWindow), To: now.Add(time.Second)}})
	if err != nil {
		d.s.log.Warn("delivery metrics for Prometheus", "err", err)
		return
	}
	for _, sf := range rep.Services {
		team := rep.Names.Teams[sf.TeamID]
		f := sf.Figures
		for name, v := range map[string]float64{"deployments": float64(f.Deployments), "change_fail_rate": f.ChangeFailRate,
			"lead_time_seconds": f.LeadTime.Seconds(), "mtta_seconds": f.MTTA.Seconds(), "mttr_seconds": f.MTTR.Seconds(),
			"incidents": float64(f.Incidents), "open_action_items": float64(f.OpenActionItems), "overdue_action_items": float64(f.OverdueActionItems)} {
			ch <- prometheus.MustNewConstMetric(d.descs[name], prometheus.GaugeValue, v, sf.Name, team)
		}
	}
}
