package paging_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/paging"
)

// refusingStore is an IntakeStore whose database refuses one dedup key as
// an invalid value, failing any transaction holding it.
type refusingStore struct {
	refuse string
	stored []string
}

func (s *refusingStore) Ingest(_ context.Context, items []paging.Ingest, _ time.Time) ([]paging.IngestResult, error) {
	for _, it := range items {
		if it.DedupKey == s.refuse {
			return nil, rota.Errorf(rota.EInvalid, "the database refused a value")
		}
	}
	out := make([]paging.IngestResult, len(items))
	for i, it := range items {
		s.stored = append(s.stored, it.DedupKey)
		out[i] = paging.IngestResult{AlertID: int64(len(s.stored)), DedupKey: it.DedupKey, Outcome: paging.Created}
	}
	return out, nil
}

// TestIntakeIsolatesARefusedItem: when the database refuses one alert of a
// request (an Alertmanager group), the others are committed and the refused
// one carries the error in its result; a request of one refused alert fails
// with the invalid error, which is a 400, not a retry.
func TestIntakeIsolatesARefusedItem(t *testing.T) {
	st := &refusingStore{refuse: "bad"}
	in := paging.NewIntake(nil, st, func() time.Time { return monday }, slog.New(slog.DiscardHandler), nil, paging.IntakeOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { in.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	item := func(k string) paging.Ingest {
		return paging.Ingest{ServiceID: 1, Incoming: paging.Incoming{DedupKey: k, Summary: k}}
	}
	res, err := in.Submit(context.Background(), []paging.Ingest{item("a"), item("bad"), item("c")})
	if err != nil {
		t.Fatalf("the group failed as a whole: %v", err)
	}
	if len(res) != 3 || res[0].Outcome != paging.Created || res[2].Outcome != paging.Created || res[0].DedupKey != "a" || res[2].DedupKey != "c" {
		t.Fatalf("results %+v: the good alerts must be committed, in order", res)
	}
	if !rota.IsCode(res[1].Err, rota.EInvalid) || res[1].DedupKey != "bad" {
		t.Fatalf("refused alert's result %+v, want its invalid error", res[1])
	}
	if len(st.stored) != 2 {
		t.Fatalf("stored %v", st.stored)
	}
	if _, err := in.Submit(context.Background(), []paging.Ingest{item("bad")}); !rota.IsCode(err, rota.EInvalid) {
		t.Fatalf("a lone refused alert: %v, want invalid", err)
	}
}
