package happyfoxsim

import (
	"math"
	"sync"
	"time"
)

// limiter implements §1.3: two fixed-window counters (GET, and writes =
// POST/PUT/DELETE; whether PUT and DELETE share the POST bucket is "?", we
// count them as writes) and an account-wide lockout during which every
// request gets 429. Requests during a lockout do not extend it.
type limiter struct {
	mu          sync.Mutex
	now         func() time.Time
	window      time.Duration
	lockout     time.Duration
	getLimit    int // <= 0: unlimited
	writeLimit  int
	windowStart time.Time
	gets        int
	writes      int
	lockedUntil time.Time
	// otherGets / otherWrites are used by other integrations at the start of every window.
	otherGets, otherWrites int
}

// allow reports whether a request may proceed; if not, how long until it
// could (for Retry-After).
func (l *limiter) allow(isGet bool) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if !l.lockedUntil.IsZero() {
		if now.Before(l.lockedUntil) {
			return false, l.lockedUntil.Sub(now)
		}
		// The lockout is over: start a fresh window (L; otherwise a
		// lockout shorter than the window would re-trigger at once).
		l.lockedUntil = time.Time{}
		l.windowStart = time.Time{}
	}
	if l.windowStart.IsZero() || now.Sub(l.windowStart) >= l.window {
		l.windowStart, l.gets, l.writes = now, l.otherGets, l.otherWrites
	}
	limit, count := l.writeLimit, &l.writes
	if isGet {
		limit, count = l.getLimit, &l.gets
	}
	if limit > 0 && *count >= limit {
		if l.lockout > 0 {
			l.lockedUntil = now.Add(l.lockout)
			return false, l.lockout
		}
		return false, l.windowStart.Add(l.window).Sub(now)
	}
	*count++
	return true, 0
}

func (l *limiter) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.windowStart, l.lockedUntil, l.gets, l.writes = time.Time{}, time.Time{}, 0, 0
}

// ResetRateLimit clears the rate-limit windows and any lockout.
func (s *Server) ResetRateLimit() { s.lim.reset() }

// retryAfterSeconds rounds up to whole seconds, minimum 1.
func retryAfterSeconds(d time.Duration) int {
	n := int(math.Ceil(d.Seconds()))
	if n < 1 {
		n = 1
	}
	return n
}
