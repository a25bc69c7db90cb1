package paging

import "testing"

func TestDeliveryAdvances(t *testing.T) {
	for _, tc := range []struct {
		name, current, next string
		want                bool
	}{
		{"first status", "", "sent", true},
		{"forward", "sent", "delivered", true},
		{"replay", "delivered", "delivered", false},
		{"late earlier status", "delivered", "sent", false},
		{"other final outcome", "delivered", "failed", false},
		{"read after delivered", "delivered", "read", true},
		{"call answered", "ringing", "completed", true},
		{"call replay", "completed", "completed", false},
		{"unknown first", "", "mystery", true},
		{"unknown after known", "sent", "mystery", false},
		{"known after unknown", "mystery", "queued", true},
		{"empty", "sent", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DeliveryAdvances(tc.current, tc.next); got != tc.want {
				t.Fatalf("DeliveryAdvances(%q, %q) = %v, want %v", tc.current, tc.next, got, tc.want)
			}
		})
	}
}
