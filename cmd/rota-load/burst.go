package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rotaoncall/rota/paging/twilio/twiliofake"
)

// runBurst sends perEng alerts to each engineer (round-robin, conc clients
// as fast as they go), then watches the fake Twilio until every engineer
// has an SMS, and reports how long that took and the order the SMS left
// in: once the burst is in, every engineer waits for a first SMS, so an
// SMS to a low-urgency engineer while a high-urgency one still waits, or a
// second SMS to an engineer while one of the same urgency still waits for
// a first, is out of order.
func runBurst(ctx context.Context, stdout, stderr io.Writer, fake *twiliofake.Server, engs []engineer, perEng, conc, lowEvery int,
	settle time.Duration, post func(ctx context.Context, eng int) error) int {
	low := func(i int) bool { return lowEvery > 0 && i%lowEvery == lowEvery-1 }
	byPhone := map[string]int{}
	for i, e := range engs {
		if e.phone == "" {
			fmt.Fprintln(stderr, "rota-load: -burst needs the engineers' phones in -keys-file")
			return 2
		}
		byPhone[e.phone] = i
	}
	jobs := make(chan int)
	var errs atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for eng := range jobs {
				if err := post(ctx, eng); err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	for n := range perEng * len(engs) {
		jobs <- n % len(engs)
	}
	close(jobs)
	wg.Wait()
	in := time.Now()
	fmt.Fprintf(stdout, "burst: %d alerts for %d engineers (%d low urgency) sent in %.2fs, %d errors\n", perEng*len(engs), len(engs), countLow(len(engs), low), in.Sub(start).Seconds(), errs.Load())
	if e, ok := firstErr.Load().(string); ok {
		fmt.Fprintln(stdout, "first error:", e)
	}

	got := make([]int, len(engs)) // SMS per engineer
	first := make([]time.Time, len(engs))
	waiting := [2]int{} // engineers without a first SMS, by urgency (0 high, 1 low)
	for i := range engs {
		if low(i) {
			waiting[1]++
		} else {
			waiting[0]++
		}
	}
	lowBeforeHigh, repeatBeforeFirst, total, seen, viaService := 0, 0, 0, 0, 0
	deadline := in.Add(settle)
	for waiting[0]+waiting[1] > 0 && time.Now().Before(deadline) {
		msgs := fake.MessagesFrom(seen)
		seen += len(msgs)
		for _, m := range msgs {
			i, ok := byPhone[m.To]
			if !ok {
				continue
			}
			total++
			if m.MessagingServiceSID != "" {
				viaService++
			}
			u := 0
			if low(i) {
				u = 1
			}
			if m.At.After(in) {
				if u == 1 && waiting[0] > 0 {
					lowBeforeHigh++
				}
				if got[i] > 0 && waiting[u] > 0 {
					repeatBeforeFirst++
				}
			}
			if got[i] == 0 {
				first[i] = m.At
				waiting[u]--
			}
			got[i]++
		}
		time.Sleep(20 * time.Millisecond)
	}
	var last time.Time
	paged := 0
	for _, t := range first {
		if !t.IsZero() {
			paged++
			if t.After(last) {
				last = t
			}
		}
	}
	fmt.Fprintf(stdout, "first SMS: %d of %d engineers paged; the last %.2fs after the burst began (%d SMS in all, %d through a Messaging Service)\n",
		paged, len(engs), last.Sub(start).Seconds(), total, viaService)
	fmt.Fprintf(stdout, "order after the burst was in: %d SMS to low-urgency engineers while a high-urgency one waited, %d second SMS while an engineer of the same urgency waited for a first\n",
		lowBeforeHigh, repeatBeforeFirst)
	return 0
}

func countLow(n int, low func(int) bool) int {
	c := 0
	for i := range n {
		if low(i) {
			c++
		}
	}
	return c
}
