package happyfoxsim

import (
	"maps"
	"sync"
)

// Stats is a snapshot of the request counters.
//
// Every request that reaches the handler is counted in Total and, when its
// path matches a route, in Routes under the route pattern (e.g.
// "GET /contact_group/{id}/", "POST /users/") whatever the outcome: 401, 429,
// 409 and fault-injected answers are counted there too, so Routes tells how
// many attempts a client made.
type Stats struct {
	Routes       map[string]int
	Writes       map[string]int // writes carried out (2xx) on one object, by object such as "asset/3" or "contact_group/2"
	Statuses     map[int]int    // answered status codes (dropped connections are not answers)
	RateLimited  int            // 429 answers
	Unauthorized int            // 401 answers
	Concurrency  int            // 409 concurrency violations
	Faults       int            // injected failures: FaultErrors + FaultDrops + FaultProcessedThenFail
	Total        int
	Unrouted     int // paths that match no route (404 or 405)

	FaultErrors            int // 500/502/503 without processing
	FaultDrops             int // connection dropped without processing
	FaultProcessedThenFail int // processed, then dropped or answered 502
	Slow                   int // requests that got the SlowRate extra latency (not in Faults)
	ForeignAnswers         int // creates answered with another object or its id (ForeignAnswer, foreign_answer.go)
	LockoutsExtended       int // lockouts started again by a request during them (lockout-extension=extended-by-requests)
	GarbledAnswers         int // 200 answers whose body is not HappyFox's JSON (GarbleAnswers, garbled_answers.go)
}

type counterSet struct {
	mu sync.Mutex
	st Stats
}

func (c *counterSet) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.st = Stats{Routes: map[string]int{}, Statuses: map[int]int{}, Writes: map[string]int{}}
}

func (c *counterSet) add(f func(*Stats)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.st)
}

func (c *counterSet) request(routeKey string) {
	c.add(func(st *Stats) {
		st.Total++
		if routeKey == "" {
			st.Unrouted++
			return
		}
		st.Routes[routeKey]++
	})
}

func (c *counterSet) status(code int) { c.add(func(st *Stats) { st.Statuses[code]++ }) }

// Counters returns a snapshot copy of the counters.
func (s *Server) Counters() Stats {
	s.cnt.mu.Lock()
	defer s.cnt.mu.Unlock()
	st := s.cnt.st
	st.Routes = maps.Clone(s.cnt.st.Routes)
	st.Statuses = maps.Clone(s.cnt.st.Statuses)
	st.Writes = maps.Clone(s.cnt.st.Writes)
	s.lim.mu.Lock()
	st.LockoutsExtended = s.lim.extensions
	s.lim.mu.Unlock()
	return st
}

// ResetCounters zeroes every counter.
func (s *Server) ResetCounters() { s.cnt.reset() }
