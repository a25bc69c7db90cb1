package paging

import (
	"context"
	"sync"
	"time"
)

// ContactMethod is a way to reach an engineer: a phone number for SMS or
// for voice calls, or a PagerDuty routing key pages are forwarded to. A
// number is used only once verified; a routing key is verified when added
// (there is nobody to send a code to).
type ContactMethod struct {
	ID         int64
	UserID     int64
	Type       Channel // ChannelSMS, ChannelVoice or ChannelPagerDuty
	Address    string  // E.164, or the routing key
	VerifiedAt *time.Time
	CreatedAt  time.Time
}

// ContactChannel reports whether c is a channel a contact method can be.
func ContactChannel(c Channel) bool {
	return c == ChannelSMS || c == ChannelVoice || c == ChannelPagerDuty
}

// Verified reports whether the method may be used.
func (c ContactMethod) Verified() bool { return c.VerifiedAt != nil }

// NotificationRule says: Delay after a step pages this engineer, use this
// contact method, for alerts of this urgency ("any", "high" or "low").
type NotificationRule struct {
	ID              int64
	UserID          int64
	ContactMethodID int64
	Delay           time.Duration
	Urgency         string
}

// DefaultVoiceDelay is when the default rules call if still unacknowledged.
const DefaultVoiceDelay = 2 * time.Minute

// Reachability is what the notifier needs to know about one engineer.
type Reachability struct {
	// Phone is the engineer's verified primary phone (set by an admin,
	// rota apply or a PagerDuty import); "" when none.
	Phone    string
	Methods  []ContactMethod
	Rules    []NotificationRule
	OptedOut map[string]bool // numbers that replied STOP
}

// ContactStore reads reachability.
type ContactStore interface {
	Reachability(ctx context.Context, userID int64) (Reachability, error)
	// Reachabilities reads many users' at once; users that do not exist
	// are left out.
	Reachabilities(ctx context.Context, userIDs []int64) (map[int64]Reachability, error)
}

// ContactNotifier reaches engineers by their notification rules, or by the
// default (SMS at once, a voice call after two minutes) on their verified
// number. An engineer Rota cannot reach by phone gets a log page, so the
// page is still recorded and shown.
type ContactNotifier struct {
	store ContactStore
	now   func() time.Time
	ttl   time.Duration

	mu    sync.Mutex
	cache map[int64]Reachability
	// loadedAt is when the cached engineers were last read, all together.
	loadedAt time.Time
}

// NewContactNotifier returns a notifier that remembers engineers'
// reachability for a few seconds, so a burst of alerts does not read it per
// page.
func NewContactNotifier(store ContactStore, now func() time.Time) *ContactNotifier {
	return &ContactNotifier{store: store, now: now, ttl: 5 * time.Second, cache: map[int64]Reachability{}}
}

// Forget drops a cached engineer after their methods or rules changed.
func (n *ContactNotifier) Forget(userID int64) {
	n.mu.Lock()
	delete(n.cache, userID)
	n.mu.Unlock()
}

// Routes implements Notifier. The cached engineers are read again all
// together, with one set of queries, once the cache is older than its
// time to live; an engineer not in it is read alone and joins it. So an
// alert storm across many engineers costs a few queries every few
// seconds, not a few per engineer (nor, as their entries age one by one,
// per alert).
func (n *ContactNotifier) Routes(ctx context.Context, userID int64, urgency Urgency) ([]Route, error) {
	now := n.now()
	n.mu.Lock()
	stale := now.Sub(n.loadedAt) > n.ttl || now.Before(n.loadedAt)
	r, ok := n.cache[userID]
	var ids []int64
	if stale {
		ids = make([]int64, 0, len(n.cache)+1)
		for id := range n.cache {
			ids = append(ids, id)
		}
		if !ok {
			ids = append(ids, userID)
		}
	}
	n.mu.Unlock()
	switch {
	case stale:
		rs, err := n.store.Reachabilities(ctx, ids)
		if err != nil {
			return nil, err
		}
		if r, ok = rs[userID]; !ok {
			// Not found in the batch: the store's own answer (its error).
			if r, err = n.store.Reachability(ctx, userID); err != nil {
				return nil, err
			}
			rs[userID] = r
		}
		n.mu.Lock()
		n.cache, n.loadedAt = rs, now
		n.mu.Unlock()
	case !ok:
		var err error
		if r, err = n.store.Reachability(ctx, userID); err != nil {
			return nil, err
		}
		n.mu.Lock()
		n.cache[userID] = r
		n.mu.Unlock()
	}
	return RoutesFor(r, urgency), nil
}

// RoutesFor applies an engineer's rules (or the default) to an urgency.
func RoutesFor(r Reachability, urgency Urgency) []Route {
	var out []Route
	usable := func(m ContactMethod) bool {
		return m.Verified() && !(m.Type == ChannelSMS && r.OptedOut[m.Address])
	}
	byID := map[int64]ContactMethod{}
	for _, m := range r.Methods {
		byID[m.ID] = m
	}
	if len(r.Rules) > 0 {
		for _, rule := range r.Rules {
			if rule.Urgency != "any" && rule.Urgency != "" && rule.Urgency != string(urgency) {
				continue
			}
			m, ok := byID[rule.ContactMethodID]
			if !ok || !usable(m) {
				continue
			}
			out = append(out, Route{Channel: m.Type, Delay: rule.Delay, Address: m.Address, ContactMethodID: m.ID})
		}
		if len(out) > 0 {
			return out
		}
	}
	// Default: SMS at once, voice after two minutes, on the first verified
	// number of each kind, else the primary phone; PagerDuty keys at once.
	sms, voice := "", ""
	var smsID, voiceID int64
	for _, m := range r.Methods {
		if !usable(m) {
			continue
		}
		if m.Type == ChannelSMS && sms == "" {
			sms, smsID = m.Address, m.ID
		}
		if m.Type == ChannelVoice && voice == "" {
			voice, voiceID = m.Address, m.ID
		}
	}
	if sms == "" && r.Phone != "" && !r.OptedOut[r.Phone] {
		sms = r.Phone
	}
	if voice == "" && r.Phone != "" {
		voice = r.Phone
	}
	if sms != "" {
		out = append(out, Route{Channel: ChannelSMS, Address: sms, ContactMethodID: smsID})
	}
	if voice != "" {
		out = append(out, Route{Channel: ChannelVoice, Delay: DefaultVoiceDelay, Address: voice, ContactMethodID: voiceID})
	}
	// Every PagerDuty routing key at once: forwarding is what they are for.
	for _, m := range r.Methods {
		if m.Type == ChannelPagerDuty && usable(m) {
			out = append(out, Route{Channel: ChannelPagerDuty, Address: m.Address, ContactMethodID: m.ID})
		}
	}
	if len(out) == 0 {
		out = append(out, Route{Channel: ChannelLog})
	}
	return out
}
