package paging

import (
	"testing"
	"time"
)

func TestPageQueueOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	q := &pageQueue{ready: make(chan struct{}, 1)}
	mk := func(id int64, u Urgency, loop, step int, at time.Duration) Message {
		return Message{Page: Page{ID: id, Urgency: u, Loop: loop, Step: step, NextAttemptAt: t0.Add(at), UserID: id}}
	}
	q.push(mk(1, Low, 0, 0, 0))
	q.push(mk(2, High, 1, 0, 0)) // a repeat
	q.push(mk(3, High, 0, 2, 0)) // a later step
	q.push(mk(4, High, 0, 0, time.Second))
	q.push(mk(5, High, 0, 0, 0))
	var got []int64
	for q.len() > 0 {
		m, _ := q.pop()
		got = append(got, m.ID)
	}
	want := []int64{5, 4, 3, 2, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order %v, want %v: high before low, first passes and steps before repeats, then oldest", got, want)
		}
	}
}
