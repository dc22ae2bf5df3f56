// Package transporttest holds the test doubles of the transport's world that the tests of internal/client and of
// internal/client/transport share: a clock whose sleeps advance time at once, and round trippers that answer from
// a function. It imports nothing of internal/client, the transport included, so that the transport's own tests
// can use it.
package transporttest

import (
	"context"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// FakeClock is a clock whose sleeps advance time at once. Build a transport.Clock from Now and Sleep.
type FakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
	// Hook, when set, replaces the default sleep behaviour (the time then stays).
	Hook func(ctx context.Context, d time.Duration) error
}

// NewFakeClock returns a clock at 2026-11-28 14:00 UTC.
func NewFakeClock() *FakeClock {
	return &FakeClock{t: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)}
}

// Now is the clock's time.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock's time by d.
func (c *FakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Sleep records d and advances the time by it (or runs Hook), unless ctx is done.
func (c *FakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	hook := c.Hook
	c.mu.Unlock()
	if hook != nil {
		return hook(ctx, d)
	}
	c.Advance(d)
	return nil
}

// Slept returns the sleeps so far.
func (c *FakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// RoundTripFunc adapts a function to http.RoundTripper.
type RoundTripFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f.
func (f RoundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Response is an answer to req with status, body and the headers given as key, value pairs.
func Response(req *http.Request, status int, body string, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: req}
}

// WaitFor waits until cond holds, yielding to the goroutines that make it true; t fails when it does not within
// 10 s.
func WaitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}
