package happyfoxsim

import (
	"slices"
	"sync"
)

// TrustFaults are faults that strike after a request was carried out: HappyFox has the object, and what
// follows goes wrong. Each entry is a route key such as "POST /users/" or "POST /contact_groups/". Each
// fault fires once per SetTrustFaults for each listed route, then disarms.
type TrustFaults struct {
	// LockoutAfter: once a request on the route has been carried out and answered, the account is locked
	// out as if it had gone over its limit (for Options.Lockout), so the next request gets 429.
	LockoutAfter []string
	// ReadErrorsAfter: once a request on the route has been carried out, every GET of one contact, one asset or one
	// contact group answers a 5xx page (Faults.ErrorRate 1 on those routes) until SetFaults changes it.
	ReadErrorsAfter []string
}

type afterFaults struct {
	mu      sync.Mutex
	lockout []string
	reads   []string
	fired   int
}

// SetTrustFaults arms the faults (thread-safe, at runtime).
func (s *Server) SetTrustFaults(f TrustFaults) {
	s.after.mu.Lock()
	defer s.after.mu.Unlock()
	s.after.lockout = slices.Clone(f.LockoutAfter)
	s.after.reads = slices.Clone(f.ReadErrorsAfter)
}

// TrustFaultsFired counts the trust faults that fired since the server started.
func (s *Server) TrustFaultsFired() int {
	s.after.mu.Lock()
	defer s.after.mu.Unlock()
	return s.after.fired
}

func (t *afterFaults) take(list *[]string, key string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	i := slices.Index(*list, key)
	if i < 0 {
		return false
	}
	*list = slices.Delete(*list, i, i+1)
	t.fired++
	return true
}

// afterHandler applies the armed trust faults to a carried-out request's answer (called with s.mu held).
func (s *Server) afterHandler(rt *route, rep *reply) *reply {
	if rep == nil || rep.status != 200 || rep.raw != nil {
		return rep
	}
	if s.after.take(&s.after.reads, rt.key) {
		s.flt.setFaults(Faults{ErrorRate: 1, Routes: []string{"GET /user/{id}/", "GET /contact_group/{id}/", "GET /asset/{id}/"}})
	}
	if s.after.take(&s.after.lockout, rt.key) {
		s.lim.lockNow()
	}
	return rep
}

// lockNow starts a lockout at once, as if a request had gone over the limit.
func (l *limiter) lockNow() {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := l.lockout
	if d <= 0 {
		d = l.window
	}
	l.lockedUntil = l.now().Add(d)
}
