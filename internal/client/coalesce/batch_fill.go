package coalesce

import (
	"context"
	"sync"
	"time"
)

// Fill decides how long the caller that sends a shared request (a bulk contact create,
// internal/client/contacts_bulk.go; a group's membership change, memberships_batched.go) waits for more callers to
// join it.
//
// Terraform runs at most -parallelism (default 10) resource operations at once. When a shared request ends, its
// callers return together, Terraform starts as many new resources, and their creates arrive over the next few
// milliseconds. Sent at the first arrival, the next request would carry one or two items and leave the rest for
// later ones: 1,000 contacts at parallelism 10 then took about 220 requests instead of 100 (BENCHMARKS.md, section 8).
//
// So the sender waits until the request holds as many items as this Fill has seen at once (the high-water mark
// of callers inside, which under Terraform is the parallelism), or until no caller has arrived for fillQuiet, and
// never longer than fillMax after it began to wait. A lone create, with no high-water mark above one, is sent at
// once; the cost of the wait falls only on a request that stays short of the mark (the last one of a run, or one
// whose slots went to other resources), and is at most fillQuiet after the last arrival. The zero Fill is ready
// to use.
type Fill struct {
	mu      sync.Mutex
	active  int // items entered and not yet settled: queued, or in a request under way
	high    int // the most items active at once
	sending int // requests under way (of other keys: the sender itself is not counted until it sends)
	last    time.Time
	arrived chan struct{} // closed and replaced when an item enters
}

const (
	fillQuiet = 200 * time.Millisecond
	fillMax   = 5 * time.Second
)

// Clock is the time a Fill waits on: Now, and Timer, which starts a timer that can be stopped. A nil Timer (a
// test's virtual clock) means no wait: a shared request is then sent without waiting for callers still to come.
type Clock struct {
	Now   func() time.Time
	Timer func(d time.Duration) (<-chan time.Time, func() bool)
}

// Enter counts in an item that has just been queued.
func (f *Fill) Enter(now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.active++
	f.high = max(f.high, f.active)
	f.last = now
	if f.arrived != nil {
		close(f.arrived)
		f.arrived = nil
	}
}

// Send counts a request in until the returned function is called (with the time), when its items are settled.
func (f *Fill) Send() func(now time.Time) {
	f.mu.Lock()
	f.sending++
	f.mu.Unlock()
	return func(now time.Time) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.sending--
		f.last = now
		if f.arrived != nil {
			close(f.arrived)
			f.arrived = nil
		}
	}
}

// Leave counts out an item whose outcome is set, or that left the queue unsent. Counting it out when its outcome
// is set (not when its caller returns) keeps the finished items of one request from counting toward the next.
func (f *Fill) Leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.active--
}

// Wait returns when every item expected is in (no request under way and as many items active as the high-water
// mark, or most: the most items a request carries), when no item has entered and no request ended for fillQuiet,
// after fillMax, or when ctx is done. A request under way for another key (another group,
// memberships_batched.go) is waited for: when it ends, Terraform refills its callers' slots, and some of the new
// items may be for this key.
func (f *Fill) Wait(ctx context.Context, clk Clock, most int) {
	if clk.Timer == nil {
		return
	}
	deadline := clk.Now().Add(fillMax)
	for {
		f.mu.Lock()
		full := f.sending == 0 && f.active >= min(f.high, most)
		end := f.last.Add(fillQuiet)
		if end.After(deadline) {
			end = deadline
		}
		if f.arrived == nil {
			f.arrived = make(chan struct{})
		}
		arrived := f.arrived
		f.mu.Unlock()
		d := end.Sub(clk.Now())
		if full || d <= 0 {
			return
		}
		c, stop := clk.Timer(d)
		select {
		case <-arrived:
			stop()
		case <-c:
		case <-ctx.Done():
			stop()
			return
		}
	}
}

// Active is the number of items counted in and not yet settled.
func (f *Fill) Active() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.active
}
