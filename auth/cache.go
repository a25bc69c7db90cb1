package auth

import (
	"sync"
	"time"

	"github.com/rotaoncall/rota"
)

// credCache remembers recently checked session and token hashes so that a
// busy client costs no database query per request. An entry lives for ttl:
// a session ended or a token revoked on another Rota process stops working
// within ttl; on this process it stops at once (Forget).
type credCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	entries map[string]credEntry
}

type credEntry struct {
	user  rota.User
	until time.Time
}

const maxCredEntries = 100_000

func newCredCache(ttl time.Duration) *credCache {
	return &credCache{ttl: ttl, entries: map[string]credEntry{}}
}

func (c *credCache) get(hash string, now time.Time) (rota.User, bool) {
	if c.ttl <= 0 {
		return rota.User{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[hash]
	if !ok || !now.Before(e.until) {
		return rota.User{}, false
	}
	return e.user, true
}

func (c *credCache) put(hash string, u rota.User, now, hardExpiry time.Time) {
	if c.ttl <= 0 {
		return
	}
	until := now.Add(c.ttl)
	if !hardExpiry.IsZero() && hardExpiry.Before(until) {
		until = hardExpiry
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCredEntries {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCredEntries {
			c.entries = map[string]credEntry{}
		}
	}
	c.entries[hash] = credEntry{user: u, until: until}
}

func (c *credCache) forgetHash(hash string) {
	c.mu.Lock()
	delete(c.entries, hash)
	c.mu.Unlock()
}

func (c *credCache) forgetUser(id int64) {
	c.mu.Lock()
	for k, e := range c.entries {
		if e.user.ID == id {
			delete(c.entries, k)
		}
	}
	c.mu.Unlock()
}
