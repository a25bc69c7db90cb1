package incidents

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/rotaoncall/rota"
	"github.com/rotaoncall/rota/incident"
	"github.com/rotaoncall/rota/paging"
)

// errUnknownKey is the error for a change event whose integration key
// names no active integration; Field is "routing_key" or "key" (the
// path's).
func errUnknownKey(field string) error {
	return &rota.Error{Code: rota.ENotFound, Field: field, Message: "unknown or revoked integration key"}
}

// RecordChange parses and stores a PagerDuty change event
// (incident.ParseChangeEvent) for the service its integration key names;
// pathKey is the key from /api/v1/integrations/{key}/change, "" for
// /v2/change/enqueue. Any of the service's integration keys will do: a
// change is a record, not an alert, so the key's alert format does not
// matter. It returns once the change is committed; created is false for
// a retry of a change already stored (same service, content and
// timestamp). Open incidents of the service that started within a day
// after the change get it on their timelines.
func (s *Service) RecordChange(ctx context.Context, body []byte, pathKey string) (incident.Change, bool, error) {
	at := s.now()
	cfg, err := s.cfg.Get(ctx)
	if err != nil {
		return incident.Change{}, false, err
	}
	// A key in the path is checked first, as the alert intake does: a
	// wrong secret is not found whatever the body says.
	if pathKey != "" {
		if _, ok := cfg.Integrations[paging.HashKey(pathKey)]; !ok {
			return incident.Change{}, false, errUnknownKey("key")
		}
	}
	key, c, err := incident.ParseChangeEvent(body, pathKey, at)
	if err != nil {
		return incident.Change{}, false, err
	}
	ref, ok := cfg.Integrations[paging.HashKey(key)]
	if !ok || cfg.Services[ref.ServiceID] == nil {
		field := "routing_key"
		if pathKey != "" {
			field = "key"
		}
		return incident.Change{}, false, errUnknownKey(field)
	}
	c.ServiceID = ref.ServiceID
	stored, created, err := s.store.CreateChange(ctx, c, ref.ID, fingerprint(c))
	if err != nil {
		return incident.Change{}, false, err
	}
	if created {
		// The incidents this change may have caused: started within a day
		// after it.
		rs, err := s.store.IncidentsStarted(ctx, []int64{c.ServiceID}, stored.Timestamp, stored.Timestamp.Add(incident.SuspectWindow))
		if err != nil {
			s.log.Warn("incidents after a change", "change", stored.ID, "err", err)
		}
		for _, r := range rs {
			if _, err := s.sync(ctx, r.ID); err != nil {
				s.log.Warn("incident timeline catch-up failed", "incident", r.ID, "err", err)
			}
		}
	}
	return stored, created, nil
}

// fingerprint identifies a change event's content. An event that gives
// its own timestamp is the same change when sent again (a retry after a
// timeout); one without is stamped on arrival, so two of them are always
// two changes, as PagerDuty counts them.
func fingerprint(c incident.Change) string {
	stamp := c.Timestamp.UTC().Format(time.RFC3339Nano)
	if c.Timestamp.Equal(c.ReceivedAt) {
		stamp = "received " + stamp
	}
	var details bytes.Buffer
	if len(c.CustomDetails) > 0 && json.Compact(&details, c.CustomDetails) != nil {
		details.Reset()
		details.Write(c.CustomDetails)
	}
	if details.Len() == 0 {
		details.WriteString("null")
	}
	raw, _ := json.Marshal(struct {
		Summary, Source, Stamp string
		Details                json.RawMessage
		Links                  []incident.Link
		Images                 []incident.Image
	}{c.Summary, c.Source, stamp, json.RawMessage(details.Bytes()), c.Links, c.Images})
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// Changes lists a service's change events in [from, to), newest first.
func (s *Service) Changes(ctx context.Context, serviceID int64, from, to time.Time, limit int) ([]incident.Change, error) {
	cfg, err := s.cfg.Get(ctx)
	if err != nil {
		return nil, err
	}
	if cfg.Services[serviceID] == nil {
		return nil, rota.Errorf(rota.ENotFound, "service not found")
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return nil, rota.Invalid("to", "to must be after from")
	}
	return s.store.Changes(ctx, []int64{serviceID}, from, to, limit)
}
