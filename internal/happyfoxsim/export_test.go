package happyfoxsim

// Test-only hooks: used by this package's tests alone. Other packages cannot see this file; hooks the provider, e2e or
// bench tests use stay in hooks.go and its neighbours.

import (
	"slices"
	"time"
)

// InFlight lists the objects currently held by in-flight requests (e.g.
// "contact_group/5"), sorted. Tests use it to wait until a request is in
// progress before overlapping it.
func (s *Server) InFlight() []string {
	s.objs.mu.Lock()
	defer s.objs.mu.Unlock()
	out := make([]string, 0, len(s.objs.m))
	for k := range s.objs.m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// CurrentFaults returns the fault configuration in force.
func (s *Server) CurrentFaults() Faults {
	s.flt.mu.Lock()
	defer s.flt.mu.Unlock()
	f := s.flt.f
	f.Routes = slices.Clone(f.Routes)
	return f
}

// LockedUntil reports the end of the current rate-limit lockout, or the zero
// time when there is none.
func (s *Server) LockedUntil() time.Time {
	s.lim.mu.Lock()
	defer s.lim.mu.Unlock()
	if s.lim.lockedUntil.IsZero() || !s.lim.now().Before(s.lim.lockedUntil) {
		return time.Time{}
	}
	return s.lim.lockedUntil
}
