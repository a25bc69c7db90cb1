package incident

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/rotaoncall/rota"
)

func TestAppendAssignsSeqAndChecks(t *testing.T) {
	at := ts(t, "2026-03-02T10:00:00Z")
	first, err := Append(0,
		Entry{At: at, Kind: KindOpened, To: Triggered},
		Entry{At: at, Kind: KindAlertTriggered, AlertID: 3, ServiceID: 1},
	)
	if err != nil {
		t.Fatal(err)
	}
	if first[0].Seq != 1 || first[1].Seq != 2 {
		t.Fatalf("seqs %d %d", first[0].Seq, first[1].Seq)
	}
	note, err := Note("  Paged the wrong team first  ", 5, at.Add(time.Minute), 0)
	if err != nil {
		t.Fatal(err)
	}
	correction, err := Note("It was the right team; the alert was mislabelled", 5, at.Add(2*time.Minute), 3)
	if err != nil {
		t.Fatal(err)
	}
	more, err := Append(LastSeq(first), note, correction)
	if err != nil {
		t.Fatalf("a correction of an entry earlier in the same append: %v", err)
	}
	if more[0].Seq != 3 || more[1].Seq != 4 || more[0].Text != "Paged the wrong team first" {
		t.Fatalf("appended %+v", more)
	}
	timeline := append(first, more...)
	if got := Corrections(timeline); !slices.Equal(got[3], []int64{4}) || len(got) != 1 {
		t.Fatalf("corrections %v", got)
	}

	for _, tc := range []struct {
		name  string
		e     Entry
		field string
	}{
		{"unknown kind", Entry{At: at, Kind: "deleted"}, "add[0].kind"},
		{"no instant", Entry{Kind: KindNote, ActorID: 1, Text: "x"}, "add[0].at"},
		{"already numbered", Entry{Seq: 2, At: at, Kind: KindNote, ActorID: 1, Text: "x"}, "add[0].seq"},
		{"empty note", Entry{At: at, Kind: KindNote, ActorID: 1, Text: " \n"}, "add[0].text"},
		{"long note", Entry{At: at, Kind: KindNote, ActorID: 1, Text: string(make([]byte, MaxNote+1))}, "add[0].text"},
		{"anonymous note", Entry{At: at, Kind: KindNote, Text: "x"}, "add[0].actor"},
		{"correction of nothing", Entry{At: at, Kind: KindNote, ActorID: 1, Text: "x", Corrects: 9}, "add[0].corrects"},
		{"correction by a system entry", Entry{At: at, Kind: KindEscalated, AlertID: 3, Corrects: 1}, "add[0].corrects"},
		{"page without channel", Entry{At: at, Kind: KindPaged, UserID: 1, AlertID: 3}, "add[0].user"},
		{"backward status change", Entry{At: at, Kind: KindStatusChanged, From: Resolved, To: Triggered}, "add[0].status"},
		{"link of both", Entry{At: at, Kind: KindLinked, AlertID: 1, ServiceID: 1}, "add[0].alert"},
		{"link of nothing", Entry{At: at, Kind: KindLinked}, "add[0].alert"},
		{"held without alert", Entry{At: at, Kind: KindHeld}, "add[0].alert"},
		{"change without service", Entry{At: at, Kind: KindChangeDeployed, ChangeID: 4}, "add[0].change"},
		{"edit without field", Entry{At: at, Kind: KindEdited}, "add[0].field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Append(LastSeq(timeline), tc.e)
			wantField(t, err, rota.EInvalid, tc.field)
			if got != nil {
				t.Fatalf("a refused append returned %v", got)
			}
		})
	}
	// One bad entry refuses the whole append.
	if _, err := Append(LastSeq(timeline), note, Entry{At: at, Kind: "x"}); err == nil {
		t.Fatal("a batch with a bad entry was accepted")
	}
}

// TestOrdered: time order, ties in append order, whatever order the
// entries are listed in, and the argument untouched.
func TestOrdered(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := ts(t, "2026-03-02T10:00:00Z")
	for range 200 {
		n := 1 + r.IntN(30)
		var add []Entry
		for range n {
			add = append(add, Entry{At: base.Add(time.Duration(r.IntN(5)) * time.Minute), Kind: KindNote, ActorID: 1, Text: "x"})
		}
		timeline, err := Append(0, add...)
		if err != nil {
			t.Fatal(err)
		}
		shuffled := slices.Clone(timeline)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		keep := slices.Clone(shuffled)
		got := Ordered(shuffled)
		if !slices.EqualFunc(shuffled, keep, entryEqual) {
			t.Fatal("Ordered modified its argument")
		}
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if a.At.After(b.At) || (a.At.Equal(b.At) && a.Seq >= b.Seq) {
				t.Fatalf("out of order at %d: %+v then %+v", i, a, b)
			}
		}
		if len(got) != n {
			t.Fatalf("%d entries, want %d", len(got), n)
		}
	}
}

func TestFromAlertEvent(t *testing.T) {
	at := ts(t, "2026-03-02T10:00:00+01:00")
	for kind, want := range map[string]Kind{
		"created": KindAlertTriggered, "acknowledged": KindAcknowledged, "escalated": KindEscalated,
		"held": KindHeld, "released": KindReleased, "resolved": KindAlertResolved,
	} {
		e, ok := FromAlertEvent(AlertEvent{AlertID: 3, ServiceID: 1, At: at, Kind: kind, ActorID: 2, Message: "m"})
		if !ok || e.Kind != want || e.AlertID != 3 || e.ServiceID != 1 || e.ActorID != 2 || e.Text != "m" || e.At.Location() != time.UTC {
			t.Errorf("%s → %+v %v", kind, e, ok)
		}
		if _, err := Append(0, e); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
	}
	for _, kind := range []string{"deduped", "routed", "suppressed", "step_fired", "page_sent", "page_failed", "paged", ""} {
		if e, ok := FromAlertEvent(AlertEvent{AlertID: 3, At: at, Kind: kind}); ok {
			t.Errorf("%s → %+v, want none", kind, e)
		}
	}
	e := PagedEntry(PageRecord{AlertID: 3, UserID: 4, At: at, Channel: "sms", Shadow: true})
	if e.Kind != KindPaged || e.UserID != 4 || e.Channel != "sms" || !e.Shadow {
		t.Fatalf("%+v", e)
	}
	if _, err := Append(0, e); err != nil {
		t.Fatal(err)
	}
}
