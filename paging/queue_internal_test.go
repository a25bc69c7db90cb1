package paging

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func page(id, user int64, u Urgency, loop, step int, at time.Duration) Message {
	return Message{Page: Page{ID: id, UserID: user, Urgency: u, Loop: loop, Step: step, NextAttemptAt: t0.Add(at), Channel: ChannelSMS, Address: fmt.Sprintf("+1555%07d", user)}}
}

// popAll pops until empty, marking each message done at once, and returns
// "user:id+bundled…" per message.
func popAll(q *fairQueue) []string {
	var out []string
	for {
		m, ok := q.pop()
		if !ok {
			return out
		}
		s := fmt.Sprintf("%d:%d", m.UserID, m.ID)
		for _, b := range m.Bundle {
			s += fmt.Sprintf("+%d", b.ID)
		}
		out = append(out, s)
		q.done(m.UserID)
	}
}

func TestFairQueueOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		bundle bool
		pages  []Message
		want   []string
	}{
		{"high urgency before low, even older low", false, []Message{page(1, 1, Low, 0, 0, 0), page(2, 2, High, 0, 0, time.Minute)}, []string{"2:2", "1:1"}},
		{"first passes before repeats, earlier steps first, then oldest", false, []Message{
			page(1, 1, High, 1, 0, 0), page(2, 2, High, 0, 2, 0), page(3, 3, High, 0, 0, time.Second), page(4, 4, High, 0, 0, 0)},
			[]string{"4:4", "3:3", "2:2", "1:1"}},
		{"engineers in turn: one already sent a message goes after every other", false, []Message{
			page(1, 1, High, 0, 0, 0), page(2, 1, High, 0, 0, 0), page(3, 1, High, 0, 0, 0), page(4, 2, High, 0, 0, time.Minute), page(5, 3, High, 0, 0, 2*time.Minute)},
			[]string{"1:1", "2:4", "3:5", "1:2", "1:3"}},
		{"urgency beats turns", false, []Message{page(1, 1, High, 0, 0, 0), page(2, 1, High, 0, 0, 0), page(3, 2, Low, 0, 0, 0)},
			[]string{"1:1", "1:2", "2:3"}},
		{"SMS bundles an engineer's waiting pages to one number", true, []Message{
			page(1, 1, High, 0, 0, 0), page(2, 1, High, 0, 0, time.Second), page(3, 2, High, 0, 0, 0), page(4, 1, Low, 0, 0, 0)},
			[]string{"1:1+2+4", "2:3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := newFairQueue(tc.bundle, 8)
			for _, m := range tc.pages {
				q.push(m)
			}
			got := popAll(q)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("order %v, want %v", got, tc.want)
			}
			if q.len() != 0 || len(q.users) != 0 {
				t.Fatalf("%d pages and %d engineers left", q.len(), len(q.users))
			}
		})
	}
}

func TestFairQueueBundlesNeitherShadowsNorOtherNumbers(t *testing.T) {
	q := newFairQueue(true, 8)
	sh := page(2, 1, High, 0, 0, 0)
	sh.Shadow = true
	other := page(3, 1, High, 0, 0, 0)
	other.Address = "+15559999999"
	q.push(page(1, 1, High, 0, 0, 0))
	q.push(sh)
	q.push(other)
	q.push(page(4, 1, High, 0, 0, 0))
	got := popAll(q)
	want := []string{"1:1+4", "1:2", "1:3"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// TestFairQueueNewEngineerGoesBeforeTheFlood: a flood keeps 150 engineers'
// pages waiting while one message leaves at a time (as at one message a
// second); once every flood engineer has had a message, a new engineer's
// page is the next to leave, and at any point it goes before every page to
// an engineer already sent one in this backlog.
func TestFairQueueNewEngineerGoesBeforeTheFlood(t *testing.T) {
	for _, after := range []int{0, 10, 150, 400} {
		t.Run(fmt.Sprintf("after %d messages", after), func(t *testing.T) {
			q := newFairQueue(true, 8)
			id := int64(0)
			flood := func() {
				for u := int64(1); u <= 150; u++ {
					id++
					q.push(page(id, u, High, 0, 0, time.Duration(id)*time.Millisecond))
				}
			}
			flood()
			sent := map[int64]int{}
			step := func() Message {
				m, ok := q.pop()
				if !ok {
					t.Fatal("nothing to send")
				}
				q.done(m.UserID)
				sent[m.UserID]++
				flood() // the flood goes on between messages
				return m
			}
			for range after {
				step()
			}
			const newcomer = 999
			id++
			q.push(page(id, newcomer, High, 0, 0, time.Duration(id)*time.Millisecond))
			for {
				m := step()
				if m.UserID == newcomer {
					break
				}
				if sent[m.UserID] > 1 {
					t.Fatalf("engineer %d got a second message in the backlog before the new engineer's first", m.UserID)
				}
			}
		})
	}
}

func TestFairQueueInFlightCap(t *testing.T) {
	q := newFairQueue(false, 2)
	for i := int64(1); i <= 4; i++ {
		q.push(page(i, 1, High, 0, 0, 0))
	}
	q.push(page(5, 2, High, 0, 0, time.Hour))
	var got []int64
	for q.sendable() {
		m, _ := q.pop()
		got = append(got, m.ID)
	}
	if fmt.Sprint(got) != "[1 5 2]" {
		t.Fatalf("sent %v before any finished; want [1 5 2] (two in flight to engineer 1 at most)", got)
	}
	q.done(1)
	if m, ok := q.pop(); !ok || m.ID != 3 {
		t.Fatalf("after a send ended got %v %v, want page 3", m.ID, ok)
	}
}

func TestFairQueueDropAndDrain(t *testing.T) {
	q := newFairQueue(true, 8)
	for i := int64(1); i <= 5; i++ {
		q.push(page(i, i%2, High, 0, 0, time.Duration(i)))
	}
	q.push(page(3, 1, High, 0, 0, 0)) // a page already waiting is not added twice
	if got := q.drop([]int64{1, 2, 42}); fmt.Sprint(got) != "[1 2]" {
		t.Fatalf("dropped %v", got)
	}
	if q.len() != 3 {
		t.Fatalf("%d waiting, want 3", q.len())
	}
	m, _ := q.pop()
	if m.ID != 3 || len(m.Bundle) != 1 || m.Bundle[0].ID != 5 {
		t.Fatalf("popped %d with %d bundled", m.ID, len(m.Bundle))
	}
	rest := q.drain()
	if len(rest) != 1 || rest[0].ID != 4 || q.len() != 0 || q.sendable() {
		t.Fatalf("drained %v", rest)
	}
}

// BenchmarkFairQueueFlood: 20,000 pages over 150 engineers waiting, sent
// page by page (no bundling) while as many arrive.
func BenchmarkFairQueueFlood(b *testing.B) {
	q := newFairQueue(false, 8)
	id := int64(0)
	for ; id < 20000; id++ {
		q.push(page(id+1, id%150, High, 0, 0, time.Duration(id)))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m, _ := q.pop()
		q.done(m.UserID)
		id++
		q.push(page(id, id%150, High, 0, 0, time.Duration(id)))
	}
}

// leaseStore is an OutboxStore that only renews leases: those of the pages
// in keep.
type leaseStore struct {
	OutboxStore
	keep    map[int64]bool
	renewed []int64
	until   time.Time
}

func (s *leaseStore) RenewLeases(_ context.Context, ids []int64, at, until time.Time) ([]int64, error) {
	var out []int64
	for _, id := range ids {
		s.renewed = append(s.renewed, id)
		if s.keep[id] {
			out = append(out, id)
		}
	}
	s.until = until
	return out, nil
}

// TestRenewKeepsWaitingPagesLeased: pages held longer than their lease
// have it renewed before it ends; one whose lease was lost meanwhile
// (another process may send it) is let go unsent; pages with time left are
// not touched.
func TestRenewKeepsWaitingPagesLeased(t *testing.T) {
	now := t0
	st := &leaseStore{keep: map[int64]bool{1: true}}
	d := NewDispatcher(st, nil, func() time.Time { return now }, slog.New(slog.DiscardHandler), nil)
	r := d.newRunner(context.Background(), nil)
	soon, later := now.Add(5*time.Second), now.Add(50*time.Second)
	for _, m := range []Message{page(1, 1, High, 0, 0, 0), page(2, 2, High, 0, 0, 0), page(3, 3, High, 0, 0, 0)} {
		m.LeaseUntil = soon
		if m.ID == 3 {
			m.LeaseUntil = later
		}
		r.routeAll([]Message{m})
	}
	r.renew()
	if fmt.Sprint(sorted(st.renewed)) != "[1 2]" || !st.until.Equal(now.Add(d.Lease)) {
		t.Fatalf("renewed %v until %s; want pages 1 and 2 (ending within 10 s) until %s", st.renewed, st.until, now.Add(d.Lease))
	}
	if r.held[1].until != now.Add(d.Lease) {
		t.Fatalf("page 1 held until %s", r.held[1].until)
	}
	if _, held := r.held[2]; held {
		t.Fatal("page 2, whose lease was lost, is still held")
	}
	q := r.queues[ChannelSMS]
	got := popAll(q)
	if fmt.Sprint(got) != "[1:1 3:3]" {
		t.Fatalf("sent %v; want pages 1 and 3, not 2", got)
	}
}

func sorted(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	slices.Sort(out)
	return out
}
