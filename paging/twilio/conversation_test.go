package twilio_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/paging/twilio"
)

const olgaPhone = "+15550100001"

// convStore is the conversation's storage: Olga, her open pages and the
// alerts as the listing sees them.
type convStore struct {
	pages  []paging.Page
	alerts map[int64]paging.Alert
}

func (s *convStore) UsersByPhone(_ context.Context, phone string) ([]rota.User, error) {
	if phone != olgaPhone {
		return nil, nil
	}
	return []rota.User{{ID: 7, Email: "olga@example.com", Phone: olgaPhone}}, nil
}

func (s *convStore) OpenPagesFor(context.Context, int64) ([]paging.Page, error) { return s.pages, nil }

func (s *convStore) Page(_ context.Context, id int64) (paging.Page, error) {
	for _, p := range s.pages {
		if p.ID == id {
			return p, nil
		}
	}
	return paging.Page{}, rota.Errorf(rota.ENotFound, "no page %d", id)
}

func (s *convStore) Alert(_ context.Context, id int64) (paging.Alert, error) {
	return s.alerts[id], nil
}

func (s *convStore) SetOptOut(context.Context, string, bool) error { return nil }

func (s *convStore) TeamRoles(context.Context, int64) (map[int64]rota.TeamRole, error) {
	return map[int64]rota.TeamRole{1: rota.TeamMember}, nil
}

// lifecycleStore is the alert rows as the transaction finds them, which
// may differ from the listing (resolved meanwhile), or fail.
type lifecycleStore struct {
	now    map[int64]paging.Alert
	shadow map[int64]bool
	fail   map[int64]error
	acked  []int64
}

func (s *lifecycleStore) ChangeAlert(_ context.Context, id, _ int64, decide func(paging.Alert, paging.PagedAs) (paging.AlertChange, error)) (paging.Alert, error) {
	if err := s.fail[id]; err != nil {
		return paging.Alert{}, err
	}
	a := s.now[id]
	ch, err := decide(a, paging.PagedAs{Real: !s.shadow[id], Shadow: s.shadow[id]})
	if err != nil {
		return paging.Alert{}, err
	}
	if ch.Status == paging.Acknowledged {
		s.acked = append(s.acked, id)
		a.Status = paging.Acknowledged
	}
	return a, nil
}

// TestAckAllSaysWhatItCouldNotDo: "ack all" acknowledges what it can and
// names each alert it could not, and why — one resolved meanwhile, one
// paged as a shadow — instead of dropping them; a storage failure is an
// error, never a reply claiming success.
func TestAckAllSaysWhatItCouldNotDo(t *testing.T) {
	triggered := func(id int64, summary string) paging.Alert {
		return paging.Alert{ID: id, TeamID: 1, ServiceID: 3, Status: paging.Triggered, Summary: summary}
	}
	st := &convStore{
		pages: []paging.Page{
			{ID: 11, AlertID: 1, UserID: 7, ReplyCode: "4", Address: olgaPhone},
			{ID: 12, AlertID: 2, UserID: 7, ReplyCode: "5", Address: olgaPhone},
			{ID: 13, AlertID: 3, UserID: 7, ReplyCode: "6", Address: olgaPhone, Shadow: true},
		},
		alerts: map[int64]paging.Alert{1: triggered(1, "disk full"), 2: triggered(2, "queue stuck"), 3: triggered(3, "latency")},
	}
	resolved := triggered(2, "queue stuck")
	resolved.Status = paging.Resolved
	ls := &lifecycleStore{now: map[int64]paging.Alert{1: triggered(1, "disk full"), 2: resolved, 3: triggered(3, "latency")},
		shadow: map[int64]bool{3: true}}
	cv := &twilio.Conversation{Store: st, Alerts: paging.NewAlerts(ls, nil)}
	answer, err := cv.SMS(context.Background(), olgaPhone, "ack all")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Acknowledged 1 alert(s).", "5 (the alert is already resolved)", "6 (you were paged as a shadow"} {
		if !strings.Contains(answer, want) {
			t.Errorf("answer %q lacks %q", answer, want)
		}
	}
	if len(ls.acked) != 1 || ls.acked[0] != 1 {
		t.Errorf("acknowledged %v, want only alert 1", ls.acked)
	}

	ls = &lifecycleStore{now: ls.now, shadow: ls.shadow, fail: map[int64]error{2: rota.Errorf(rota.EUnavailable, "the database is away")}}
	cv.Alerts = paging.NewAlerts(ls, nil)
	if answer, err := cv.SMS(context.Background(), olgaPhone, "ack all"); err == nil || !rota.IsCode(err, rota.EUnavailable) {
		t.Fatalf("with storage failing: answer %q, error %v; want the error", answer, err)
	}
}
