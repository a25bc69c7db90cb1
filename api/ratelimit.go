package api

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// keyedLimiter is a token bucket per key (an IP address), for sign-in.
// Callers key it by c.ClientIP(), which believes X-Forwarded-For and
// X-Real-IP only from Config.TrustedProxies: anyone else would pick a new
// key per request and never be limited.
type keyedLimiter struct {
	mu      sync.Mutex
	perKey  map[string]*limiterEntry
	burst   int
	every   rate.Limit
	lastGC  time.Time
	maxIdle time.Duration
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newKeyedLimiter(n int, per time.Duration) *keyedLimiter {
	return &keyedLimiter{perKey: map[string]*limiterEntry{}, burst: n, every: rate.Every(per / time.Duration(n)), maxIdle: 2 * per}
}

// allow reports whether key may act now and, if not, how long to wait.
func (k *keyedLimiter) allow(key string) (bool, time.Duration) {
	now := time.Now()
	k.mu.Lock()
	defer k.mu.Unlock()
	if now.Sub(k.lastGC) > k.maxIdle {
		for key, e := range k.perKey {
			if now.Sub(e.seen) > k.maxIdle {
				delete(k.perKey, key)
			}
		}
		k.lastGC = now
	}
	e := k.perKey[key]
	if e == nil {
		e = &limiterEntry{lim: rate.NewLimiter(k.every, k.burst)}
		k.perKey[key] = e
	}
	e.seen = now
	r := e.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}
