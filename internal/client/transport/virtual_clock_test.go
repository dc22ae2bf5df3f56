package transport

import (
	"context"
	"sort"
	"sync"
	"time"
)

// virtualClock is a clock for a fixed set of goroutines (run): a sleep blocks until every goroutine still
// running sleeps too, then time jumps to the earliest wake-up. Time moves only when no goroutine can run, so
// concurrent workers see what they would on a real clock with instant answers, without any real waiting. The
// goroutines must block on nothing but the clock for longer than it takes another one to run.
type virtualClock struct {
	mu       sync.Mutex
	t        time.Time
	running  int
	sleepers []*virtualSleeper
}

type virtualSleeper struct {
	at   time.Time
	wake chan struct{}
}

func newVirtualClock() *virtualClock {
	return &virtualClock{t: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)}
}

func (v *virtualClock) clock() Clock { return Clock{Now: v.now, Sleep: v.sleep} }

func (v *virtualClock) now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.t
}

func (v *virtualClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.Lock()
	s := &virtualSleeper{at: v.t.Add(d), wake: make(chan struct{})}
	v.sleepers = append(v.sleepers, s)
	v.running--
	v.advanceLocked()
	v.mu.Unlock()
	<-s.wake
	return nil
}

// advanceLocked wakes the earliest sleepers once no goroutine runs.
func (v *virtualClock) advanceLocked() {
	if v.running > 0 || len(v.sleepers) == 0 {
		return
	}
	sort.SliceStable(v.sleepers, func(i, j int) bool { return v.sleepers[i].at.Before(v.sleepers[j].at) })
	if at := v.sleepers[0].at; at.After(v.t) {
		v.t = at
	}
	n := 0
	for n < len(v.sleepers) && !v.sleepers[n].at.After(v.t) {
		v.running++
		close(v.sleepers[n].wake)
		n++
	}
	v.sleepers = v.sleepers[n:]
}

// run runs f(0) … f(n-1) in n goroutines on the clock and returns when all have returned.
func (v *virtualClock) run(n int, f func(i int)) {
	v.mu.Lock()
	v.running += n
	v.mu.Unlock()
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				v.mu.Lock()
				v.running--
				v.advanceLocked()
				v.mu.Unlock()
			}()
			f(i)
		}()
	}
	wg.Wait()
}
