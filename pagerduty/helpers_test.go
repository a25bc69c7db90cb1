package pagerduty_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rotaoncall/rota/pagerduty"
	"github.com/rotaoncall/rota/pagerduty/pdfake"
)

// sleeper records the waits a client asks for instead of waiting.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	return ctx.Err()
}

func (s *sleeper) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

func newClient(fake *pdfake.Server, token string, sl *sleeper) *pagerduty.Client {
	return pagerduty.NewClient(pagerduty.Config{Token: token, APIURL: fake.URL, EventsURL: fake.URL, Sleep: sl.sleep})
}

// fixture starts the fixture fake and a client for it.
func fixture(t *testing.T) (*pdfake.Server, *pagerduty.Client, *sleeper) {
	t.Helper()
	fake := pdfake.NewFixture()
	t.Cleanup(fake.Close)
	sl := &sleeper{}
	return fake, newClient(fake, pdfake.FixtureToken, sl), sl
}

// snapshot reads the fixture organisation at FixtureAt.
func snapshot(t *testing.T) (*pdfake.Server, *pagerduty.Client, *pagerduty.Snapshot) {
	t.Helper()
	fake, c, _ := fixture(t)
	snap, err := c.Fetch(context.Background(), pdfake.FixtureAt, pdfake.FixtureHorizon, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fake, c, snap
}

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
