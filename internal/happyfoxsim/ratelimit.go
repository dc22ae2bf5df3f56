package happyfoxsim

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter implements §1.3: two fixed-window counters (GET, and writes =
// POST/PUT/DELETE; whether PUT and DELETE share the POST bucket is "?", we
// count them as writes unless put-delete-bucket=gets) and an account-wide
// lockout during which every request gets 429. Requests during a lockout do
// not extend it unless lockout-extension=extended-by-requests; key-limit=lower
// throttles the key to a quarter of the limits (KB476).
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
	extensions             int // lockouts started again by a request during them (lockout-extension)
}

// limit is the bucket's limit per window (<= 0: unlimited), a quarter of it with key-limit=lower.
func (l *limiter) limit(isGet bool, a Assumptions) int {
	n := l.writeLimit
	if isGet {
		n = l.getLimit
	}
	if a.KeyLimit == "lower" && n > 0 {
		n = max(1, n/4)
	}
	return n
}

// countsAsGet tells which bucket a request uses: GET and HEAD, and PUT and DELETE with put-delete-bucket=gets.
func countsAsGet(method string, a Assumptions) bool {
	switch method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodPut, http.MethodDelete:
		return a.PutDeleteBucket == "gets"
	}
	return false
}

// headers are the X-RateLimit-* headers of rate-limit-headers=present: the bucket's limit, what is left of it in
// this window and the window's end (Unix seconds).
func (l *limiter) headers(isGet bool, a Assumptions) http.Header {
	l.mu.Lock()
	defer l.mu.Unlock()
	limit, used := l.limit(isGet, a), l.writes
	if isGet {
		used = l.gets
	}
	reset := l.windowStart.Add(l.window)
	if l.lockedUntil.After(reset) {
		reset = l.lockedUntil
	}
	return http.Header{
		"X-Ratelimit-Limit":     {strconv.Itoa(limit)},
		"X-Ratelimit-Remaining": {strconv.Itoa(max(0, limit-used))},
		"X-Ratelimit-Reset":     {strconv.FormatInt(reset.Unix(), 10)},
	}
}

// allow reports whether a request may proceed; if not, how long until it
// could (for Retry-After).
func (l *limiter) allow(isGet bool, a Assumptions) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if !l.lockedUntil.IsZero() {
		if now.Before(l.lockedUntil) {
			if a.LockoutExtension == "extended-by-requests" && l.lockout > 0 {
				l.lockedUntil = now.Add(l.lockout)
				l.extensions++
			}
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
	limit, count := l.limit(isGet, a), &l.writes
	if isGet {
		count = &l.gets
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
