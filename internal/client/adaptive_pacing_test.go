package client

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// accountLimit is HappyFox's per-account limit as §1.3 describes it, on the fake clock: a fixed window of one
// minute, limit writes per window, then a 10-minute lockout (no Retry-After) during which everything gets 429.
// Another integration uses others of the account's writes at the start of every window.
type accountLimit struct {
	mu          sync.Mutex
	now         func() time.Time
	limit       int
	others      int
	windowStart time.Time
	used        int
	lockedUntil time.Time
	lockouts    int
	got429      int
	ok          int
}

func (a *accountLimit) RoundTrip(r *http.Request) (*http.Response, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if now.Before(a.lockedUntil) {
		a.got429++
		return mkResp(r, 429, `{"error": "Rate limit exceeded. Try again later."}`), nil
	}
	if !a.lockedUntil.IsZero() || a.windowStart.IsZero() || now.Sub(a.windowStart) >= time.Minute {
		a.lockedUntil, a.windowStart, a.used = time.Time{}, now, a.others
	}
	if a.used >= a.limit {
		a.lockedUntil = now.Add(10 * time.Minute)
		a.lockouts++
		a.got429++
		return mkResp(r, 429, `{"error": "Rate limit exceeded. Try again later."}`), nil
	}
	a.used++
	a.ok++
	return mkResp(r, 200, `{}`), nil
}

// With the account's real limit (20 writes a minute, 5 of them used by another integration) below the
// provider's budget (300), 60 creates trip one lockout, not one per window: after the first 429 the client
// slows down, and says so in a notice whose lockout end is marked as an estimate.
func TestUnexpected429SlowsDownSoOneRunTripsOneLockout(t *testing.T) {
	fc := newFakeClock()
	acct := &accountLimit{now: fc.now, limit: 20, others: 5}
	c, err := newClient(Config{
		BaseURL: "http://127.0.0.1/api/1.1/json/", APIKey: "k", AuthCode: "c",
		RateLimitMaxWait: 11 * time.Minute, Transport: acct,
	}, fc.clock())
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 60; i++ {
		if _, err := c.do(context.Background(), http.MethodPost, "contact_groups/", nil, map[string]any{"name": i}); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	if acct.ok != 60 {
		t.Fatalf("%d creates carried out, want 60", acct.ok)
	}
	if acct.lockouts != 1 {
		t.Fatalf("%d lockouts (%d × 429), want 1", acct.lockouts, acct.got429)
	}
	ns := c.TakeNotices()
	if len(ns) != 1 {
		t.Fatalf("%d notices, want 1: %+v", len(ns), ns)
	}
	for _, want := range []string{"429", "under the configured 300 per minute", "at most 8 write requests per minute", "an estimate"} {
		if !strings.Contains(ns[0].Detail, want) {
			t.Errorf("the notice does not say %q:\n%s", want, ns[0].Detail)
		}
	}
	if ns[0].Budget != BudgetWrite || ns[0].Configured != 300 {
		t.Errorf("the notice names budget %q at %d per minute, want %q at 300", ns[0].Budget, ns[0].Configured, BudgetWrite)
	}
	if len(c.TakeNotices()) != 0 {
		t.Error("a notice was given twice")
	}
}

// The bucket recovers slowly after a cut, and never beyond 80% of what it managed to send before the 429.
func TestAdaptiveBucketRecoversSlowlyBelowTheObservedCapacity(t *testing.T) {
	b := newBucket(BudgetWrite, 300)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 40; i++ {
		b.note(t0.Add(time.Duration(i) * 200 * time.Millisecond))
	}
	now := t0.Add(8 * time.Second)
	if r, lowered := b.slowDown(now); !lowered || r != 20 {
		t.Fatalf("after a 429 with 40 sent in the minute: %v per minute (lowered %v), want 20", r, lowered)
	}
	for m := 1; m <= 60; m++ {
		b.note(now.Add(time.Duration(m) * time.Minute))
	}
	if r := b.rateNow(); r > 32 || r <= 20 {
		t.Fatalf("after an hour without 429: %v per minute, want above 20 and at most 32 (80%% of 40)", r)
	}
	for i := 0; i < 20; i++ {
		b.slowDown(now.Add(2 * time.Hour))
	}
	if r := b.rateNow(); r != minAdaptivePerMinute {
		t.Fatalf("floor: %v", r)
	}
}

func TestRateLimitErrorSaysWhenTheEndIsAnEstimate(t *testing.T) {
	at := time.Date(2026, 1, 1, 10, 20, 0, 0, time.UTC)
	if s := (&RateLimitError{RetryAt: at, Method: "GET", Path: "users/", Estimated: true}).Error(); !strings.Contains(s, "until about 10:20:00 UTC (an estimate") {
		t.Errorf("estimated: %s", s)
	}
	if s := (&RateLimitError{RetryAt: at, Method: "GET", Path: "users/"}).Error(); strings.Contains(s, "estimate") {
		t.Errorf("from Retry-After: %s", s)
	}
}

// A lockout that Retry-After announces as short (under 30 s) costs less to wait out again than slowing down for
// the rest of the run: the rate stays, and no notice is raised.
func TestShortAnnouncedLockoutDoesNotSlowDown(t *testing.T) {
	fc := newFakeClock()
	n := 0
	c, err := newClient(Config{
		BaseURL: "http://127.0.0.1/api/1.1/json/", APIKey: "k", AuthCode: "c", RateLimitMaxWait: time.Minute,
		Transport: rtFunc(func(r *http.Request) (*http.Response, error) {
			n++
			if n == 1 {
				return mkResp(r, 429, `{}`, "Retry-After", "2"), nil
			}
			return mkResp(r, 200, `{}`), nil
		}),
	}, fc.clock())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.do(context.Background(), http.MethodPost, "contact_groups/", nil, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if ns := c.TakeNotices(); len(ns) != 0 {
		t.Fatalf("notices: %+v", ns)
	}
	if r := c.retry.pacer.write.rateNow(); r != DefaultWriteRequestsPerMinute {
		t.Fatalf("write rate %v, want it unchanged", r)
	}
}
