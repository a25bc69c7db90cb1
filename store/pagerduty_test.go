package store_test

import (
	"testing"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/pagerduty/pdsync/record"
	"github.com/rotaoncall/rota/paging"
	"github.com/rotaoncall/rota/store"
	"github.com/rotaoncall/rota/store/storetest"
)

// TestPagerDutyRows: links are upserted by PagerDuty id, the connection is
// one row, runs are kept to the most recent, and routing keys are contact
// methods.
func TestPagerDutyRows(t *testing.T) {
	clock := storetest.NewClock(t0)
	storetest.Each(t, storetest.Options{Now: clock.Now}, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		clock.Set(t0)
		if err := db.SaveLinks(ctx, record.Source, []record.Link{
			{Kind: record.KindTeam, ExternalID: "PT1", RotaID: 1, Name: "payments"},
			{Kind: record.KindUser, ExternalID: "PU1", RotaID: 7, Name: "olga@example.com"},
		}); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Hour)
		if err := db.SaveLinks(ctx, record.Source, []record.Link{{Kind: record.KindTeam, ExternalID: "PT1", RotaID: 2, Name: "Payments"}}); err != nil {
			t.Fatal(err)
		}
		links, err := db.Links(ctx, record.Source)
		if err != nil {
			t.Fatal(err)
		}
		if len(links) != 2 || links[0].Kind != record.KindTeam || links[0].RotaID != 2 || links[0].Name != "Payments" || !links[0].UpdatedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("links: %+v", links)
		}

		if _, err := db.PagerDutyConnection(ctx); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("no connection yet: %v", err)
		}
		for _, tok := range []string{"first-token", "second-token"} {
			if err := db.SetPagerDutyConnection(ctx, record.Connection{Token: tok, ConnectedAt: clock.Now()}); err != nil {
				t.Fatal(err)
			}
		}
		c, err := db.PagerDutyConnection(ctx)
		if err != nil || c.Token != "second-token" || c.ConnectedBy != 0 {
			t.Fatalf("connection: %+v %v", c, err)
		}
		if err := db.DeletePagerDutyConnection(ctx); err != nil {
			t.Fatal(err)
		}
		if err := db.DeletePagerDutyConnection(ctx); !rota.IsCode(err, rota.ENotFound) {
			t.Fatalf("second delete: %v", err)
		}

		var last record.Sync
		for i := range 5 {
			last, err = db.SaveSync(ctx, record.Sync{Kind: record.SyncImport, DryRun: i%2 == 1, Status: record.StatusOK,
				StartedAt: clock.Now(), FinishedAt: clock.Now(), Result: []byte(`{"N":1}`)}, 3)
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SaveSync(ctx, record.Sync{Kind: record.SyncMirror, Status: record.StatusFailed, StartedAt: clock.Now(), FinishedAt: clock.Now()}, 3); err != nil {
			t.Fatal(err)
		}
		got, err := db.LastSync(ctx, record.SyncImport, false)
		if err != nil || got.ID != last.ID || string(got.Result) != `{"N":1}` {
			t.Fatalf("last import: %+v %v", got, err)
		}
		var n int
		db.SQL().QueryRow("SELECT COUNT(*) FROM pagerduty_syncs WHERE kind = 'import'").Scan(&n)
		if n != 3 {
			t.Fatalf("%d import runs kept, want 3", n)
		}
		if got, err := db.LastSync(ctx, record.SyncMirror, true); err != nil || got.Status != record.StatusFailed {
			t.Fatalf("last mirror: %+v %v", got, err)
		}

		u, err := db.CreateUser(ctx, rota.User{Email: "pd@example.com", Name: "PD"}, "")
		if err != nil {
			t.Fatal(err)
		}
		m, err := db.AddContactMethod(ctx, u.ID, paging.ChannelPagerDuty, "0123456789abcdef0123456789abcdef", "", true)
		if err != nil {
			t.Fatalf("a routing key as a contact method: %v", err)
		}
		if _, err := db.SetNotificationRules(ctx, u.ID, []paging.NotificationRule{{ContactMethodID: m.ID, Urgency: "any"}}); err != nil {
			t.Fatal(err)
		}
		r, err := db.Reachability(ctx, u.ID)
		if err != nil || len(r.Methods) != 1 || r.Methods[0].Type != paging.ChannelPagerDuty || len(r.Rules) != 1 {
			t.Fatalf("reachability: %+v %v", r, err)
		}
	})
}
