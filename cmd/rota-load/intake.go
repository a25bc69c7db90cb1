package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

// sink is an HTTP server that receives Rota's page webhooks and measures
// how long after the alert was sent each page arrived.
type sink struct {
	mu       sync.Mutex
	sentAt   map[string]time.Time // dedup key → when the alert was posted
	arrived  map[string]time.Time // dedup key → when its first page arrived
	latency  []time.Duration
	pages    atomic.Int64
	real     atomic.Int64 // first (non-shadow, step 0) pages of this run's alerts
	unknown  atomic.Int64
	measured atomic.Bool
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	arrived := time.Now()
	var p struct {
		DedupKey string `json:"dedup_key"`
		Shadow   bool   `json:"shadow"`
		Step     int    `json:"step"`
		Loop     int    `json:"loop"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&p); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusNoContent)
	s.pages.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.arrived[p.DedupKey]; !ok {
		s.arrived[p.DedupKey] = arrived
	}
	sent, ok := s.sentAt[p.DedupKey]
	if !ok {
		s.unknown.Add(1)
		return
	}
	if !p.Shadow && p.Step == 0 && p.Loop == 0 {
		s.real.Add(1)
		if s.measured.Load() {
			s.latency = append(s.latency, arrived.Sub(sent))
		}
	}
}

// arrival returns when the first page of the alert with this dedup key
// arrived.
func (s *sink) arrival(key string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.arrived[key]
	return at, ok
}

func (s *sink) sent(key string, at time.Time) {
	s.mu.Lock()
	if _, ok := s.sentAt[key]; !ok {
		s.sentAt[key] = at
	}
	s.mu.Unlock()
}

// smsAlert finds the load run's alert number in an SMS body.
var smsAlert = regexp.MustCompile(`rota-load alert (\d+)`)

// fromTwilio waits until the fake Twilio has an SMS for every alert (or
// the deadline) and counts their arrival as pages.
func (s *sink) fromTwilio(f *twiliofake.Server, alerts int64, deadline time.Time) {
	seen := 0
	for {
		msgs := f.MessagesFrom(seen)
		seen += len(msgs)
		for _, m := range msgs {
			s.pages.Add(1)
			for _, match := range smsAlert.FindAllStringSubmatch(m.Body, -1) {
				s.mu.Lock()
				sent, ok := s.sentAt["alert "+match[1]+" "]
				if ok {
					s.real.Add(1)
					if s.measured.Load() {
						s.latency = append(s.latency, m.At.Sub(sent))
					}
				} else {
					s.unknown.Add(1)
				}
				s.mu.Unlock()
			}
		}
		if s.real.Load() >= alerts || time.Now().After(deadline) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// engineer is one engineer of a multi-engineer setup.
type engineer struct{ key, phone string }

// readEngineers reads the "key: KEY phone: NUMBER" lines setup prints.
func readEngineers(path string) ([]engineer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []engineer
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "key:" {
			e := engineer{key: f[1]}
			if len(f) >= 4 && f[2] == "phone:" {
				e.phone = f[3]
			}
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no \"key: …\" lines (rota-load setup -engineers N prints them)", path)
	}
	return out, nil
}

func pct(lat []time.Duration, p float64) float64 {
	if len(lat) == 0 {
		return 0
	}
	return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
}

// runIntake drives POST /api/v1/integrations/KEY/generic.
func runIntake(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("intake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c commonFlags
	c.register(fs)
	key := fs.String("key", "", "a generic integration key (rota-load setup prints one)")
	keysFile := fs.String("keys-file", "", "spread alerts round-robin over the engineers in this file (rota-load setup -engineers N output)")
	nEng := fs.Int("engineers", 0, "with -keys-file: use only the first N engineers (0: all)")
	probe := fs.Bool("probe", false, "with -keys-file: after the run, send one alert for the next engineer (untouched by the run) and time its page")
	lowEvery := fs.Int("low-every", 0, "with -keys-file: every Nth engineer's alerts are low urgency (severity warning)")
	burst := fs.Int("burst", 0, "with -keys-file: instead of -d, send N alerts to each engineer as fast as the clients go, then check the order their SMS left in")
	sinkAddr := fs.String("sink", "", "listen here for page webhooks (run Rota with ROTA_PAGE_WEBHOOK_URL=http://ADDR/pages) and measure alert→page latency")
	keys := fs.Int("dedup-keys", 0, "send over this many dedup keys (a storm); 0 = every alert is new")
	fakeTwilio := fs.String("fake-twilio", "", "run a fake Twilio REST API here (run Rota with ROTA_TWILIO_API_URL=http://ADDR and the -twilio-* credentials) and measure alert→SMS request latency")
	twSID := fs.String("twilio-account-sid", "AC00000000000000000000000000000001", "the fake's account SID")
	twToken := fs.String("twilio-auth-token", "loadtesttoken0000000000000000000", "the fake's auth token")
	settle := fs.Duration("settle", 30*time.Second, "after sending, wait up to this long for every alert's page to arrive")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	dur, err1 := time.ParseDuration(c.dur)
	warm, err2 := time.ParseDuration(c.warmup)
	if err1 != nil || err2 != nil || c.conc < 1 || (*key == "" && *keysFile == "") {
		fmt.Fprintln(stderr, "rota-load intake: needs -key or -keys-file, and -d/-warmup durations")
		return 2
	}
	engineers := []engineer{{key: *key}}
	if *keysFile != "" {
		var err error
		if engineers, err = readEngineers(*keysFile); err != nil {
			fmt.Fprintln(stderr, "rota-load:", err)
			return 2
		}
	}
	used := len(engineers)
	if *nEng > 0 && *nEng < used {
		used = *nEng
	}
	if *probe && used >= len(engineers) {
		fmt.Fprintln(stderr, "rota-load intake: -probe needs an engineer beyond -engineers in -keys-file")
		return 2
	}
	if (*probe || *burst > 0) && *keysFile == "" {
		fmt.Fprintln(stderr, "rota-load intake: -probe and -burst need -keys-file")
		return 2
	}
	var fake *twiliofake.Server
	if *fakeTwilio != "" {
		var err error
		if fake, err = twiliofake.Listen(*fakeTwilio, *twSID, *twToken); err != nil {
			fmt.Fprintln(stderr, "rota-load: fake Twilio:", err)
			return 1
		}
		defer fake.Close()
	}
	if *burst > 0 && fake == nil {
		fmt.Fprintln(stderr, "rota-load intake: -burst needs -fake-twilio")
		return 2
	}
	var sk *sink
	if *sinkAddr != "" || fake != nil {
		sk = &sink{sentAt: map[string]time.Time{}, arrived: map[string]time.Time{}}
		if *sinkAddr != "" {
			ln, err := net.Listen("tcp", *sinkAddr)
			if err != nil {
				fmt.Fprintln(stderr, "rota-load: sink:", err)
				return 1
			}
			srv := &http.Server{Handler: sk}
			go srv.Serve(ln)
			defer srv.Close()
		}
	}
	client := newClient(c.conc)
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	var seq, accepted atomic.Int64
	post := func(ctx context.Context, eng int, n int64) error {
		dk := run + "-" + strconv.FormatInt(n, 10)
		if *keys > 0 {
			dk = run + "-k" + strconv.FormatInt(n%int64(*keys), 10)
		}
		sev := "critical"
		if *lowEvery > 0 && eng%*lowEvery == *lowEvery-1 {
			sev = "warning"
		}
		body, _ := json.Marshal(map[string]any{"summary": "rota-load alert " + strconv.FormatInt(n, 10), "dedup_key": dk, "severity": sev, "source": "rota-load"})
		start := time.Now()
		if sk != nil {
			sk.sent(dk, start)
			sk.sent("alert "+strconv.FormatInt(n, 10)+" ", start)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/api/v1/integrations/"+engineers[eng].key+"/generic", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusAccepted {
			return fmt.Errorf("intake answered %d", res.StatusCode)
		}
		accepted.Add(1)
		return nil
	}
	op := func(ctx context.Context) error {
		n := seq.Add(1)
		return post(ctx, int((n-1)%int64(used)), n)
	}
	if *burst > 0 {
		return runBurst(ctx, stdout, stderr, fake, engineers[:used], *burst, c.conc, *lowEvery, *settle, func(ctx context.Context, eng int) error {
			return post(ctx, eng, seq.Add(1))
		})
	}
	if sk != nil {
		sk.measured.Store(true)
	}
	r := drive(ctx, "intake", c.conc, c.rate, warm, dur, op)
	r.print(stdout, c.json)
	if *probe {
		// One alert for an engineer the run did not touch: how long its page
		// waits behind the backlog the run left.
		n := seq.Add(1)
		phone := engineers[used].phone
		start := time.Now()
		seen := 0
		if fake != nil {
			seen = len(fake.Messages())
		}
		if err := post(ctx, used, n); err != nil {
			fmt.Fprintln(stderr, "rota-load: probe:", err)
			return 1
		}
		dk := run + "-" + strconv.FormatInt(n, 10)
		deadline := start.Add(*settle)
		var lat time.Duration
		for lat == 0 && time.Now().Before(deadline) {
			if fake != nil {
				for _, m := range fake.MessagesFrom(seen) {
					if m.To == phone && lat == 0 {
						lat = m.At.Sub(start)
					}
				}
			} else if at, ok := sk.arrival(dk); ok {
				lat = at.Sub(start)
			}
			time.Sleep(2 * time.Millisecond)
		}
		if lat == 0 {
			fmt.Fprintf(stdout, "probe: the untouched engineer's page did not arrive within %s\n", *settle)
		} else {
			fmt.Fprintf(stdout, "probe: the untouched engineer's page arrived %.0f ms after its alert was sent\n", float64(lat.Microseconds())/1000)
		}
	}
	if sk == nil {
		return 0
	}
	// Alerts that were accepted (a request cut off when the run ended may
	// never have been).
	alerts := accepted.Load()
	if *keys > 0 && int64(*keys) < alerts {
		alerts = int64(*keys)
	}
	stopped := time.Now()
	deadline := stopped.Add(*settle)
	if fake != nil {
		sk.fromTwilio(fake, alerts, deadline)
	}
	for time.Now().Before(deadline) && sk.real.Load() < alerts {
		time.Sleep(20 * time.Millisecond)
	}
	caughtUp := time.Since(stopped)
	sk.mu.Lock()
	lat := append([]time.Duration(nil), sk.latency...)
	sk.mu.Unlock()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if c.json {
		json.NewEncoder(stdout).Encode(map[string]any{"pages": sk.pages.Load(), "distinct_alerts": alerts, "alert_to_page_p50_ms": pct(lat, .5),
			"alert_to_page_p99_ms": pct(lat, .99), "alert_to_page_max_ms": pct(lat, 1)})
		return 0
	}
	fmt.Fprintf(stdout, "pages received: %d (%d first pages) for %d distinct alerts (%d from earlier runs); the last arrived %.1fs after sending stopped\n",
		sk.pages.Load(), sk.real.Load(), alerts, sk.unknown.Load(), caughtUp.Seconds())
	fmt.Fprintf(stdout, "alert→page ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  (%d samples)\n", pct(lat, .5), pct(lat, .9), pct(lat, .99), pct(lat, 1), len(lat))
	return 0
}
