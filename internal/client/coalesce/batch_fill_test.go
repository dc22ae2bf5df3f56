package coalesce

import (
	"context"
	"sync"
	"testing"
	"time"
)

// stepClock is a Clock whose timers fire only when the test says so: each Timer call is announced on started, and
// fire moves the time to the timer's end and fires it.
type stepClock struct {
	mu      sync.Mutex
	t       time.Time
	started chan time.Duration
	ch      chan time.Time
}

func newStepClock() *stepClock {
	return &stepClock{t: time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC), started: make(chan time.Duration, 16)}
}

func (s *stepClock) clock() Clock {
	return Clock{
		Now: func() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.t },
		Timer: func(d time.Duration) (<-chan time.Time, func() bool) {
			ch := make(chan time.Time, 1)
			s.mu.Lock()
			s.ch = ch
			s.mu.Unlock()
			s.started <- d
			return ch, func() bool { return true }
		},
	}
}

func (s *stepClock) fire(d time.Duration) {
	s.mu.Lock()
	s.t = s.t.Add(d)
	ch := s.ch
	s.mu.Unlock()
	ch <- s.t
}

// A sender waits until the request holds as many items as were ever in at once: the arrivals end the wait, not a
// timer.
func TestFillWaitsForTheHighWaterMark(t *testing.T) {
	var f Fill
	clk := newStepClock()
	for range 3 {
		f.Enter(clk.clock().Now())
	}
	for range 3 {
		f.Leave()
	}
	f.Enter(clk.clock().Now()) // the sender's own item: 1 of the 3 seen at once
	done := make(chan struct{})
	go func() { f.Wait(context.Background(), clk.clock(), 100); close(done) }()
	if d := <-clk.started; d != fillQuiet {
		t.Fatalf("the first wait is %s, want %s", d, fillQuiet)
	}
	f.Enter(clk.clock().Now())
	<-clk.started // woken by the arrival: waits again, 2 of 3
	f.Enter(clk.clock().Now())
	<-done // 3 of 3: no timer fired
	if f.Active() != 3 {
		t.Fatalf("active %d", f.Active())
	}
}

// When nobody arrives for fillQuiet, the sender goes with what it holds; without a timer it never waits.
func TestFillGoesWhenQuietAndNeverWaitsWithoutATimer(t *testing.T) {
	var f Fill
	clk := newStepClock()
	f.Enter(clk.clock().Now())
	f.Enter(clk.clock().Now())
	f.Leave()
	done := make(chan struct{})
	go func() { f.Wait(context.Background(), clk.clock(), 100); close(done) }()
	d := <-clk.started
	clk.fire(d)
	<-done

	f.Wait(context.Background(), Clock{Now: clk.clock().Now}, 100) // returns at once: no Timer
}
