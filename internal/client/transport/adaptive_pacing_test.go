package transport

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// accountLimit is HappyFox's per-account limit (§1.3) on the fake clock, as the simulator's limiter models it
// (internal/happyfoxsim/ratelimit.go, Options GetLimit, WriteLimit, OtherGets, OtherWrites, LimitWindow,
// Lockout, RetryAfterHeader; the client's tests may not import the simulator): fixed windows, the first starting
// with the first request; other integrations use otherGets and otherWrites at the start of every window; a
// request over either limit locks every request of the account out, GETs and writes, for lockout, and a fresh
// window starts when it ends. Requests during a lockout do not extend it.
type accountLimit struct {
	mu                     sync.Mutex
	now                    func() time.Time
	getLimit, writeLimit   int
	otherGets, otherWrites int
	window, lockout        time.Duration
	retryAfter             bool // announce the lockout's end in Retry-After

	windowStart    time.Time
	gets, writes   int
	lockedUntil    time.Time
	lockouts       int         // requests that started a lockout
	lockoutStarts  []time.Time // when
	got429         int
	ok             int
	okGet, okWrite []time.Time // arrivals of the requests carried out
}

// newAccountLimit is HappyFox's limit with a one-minute window and a 10-minute lockout without Retry-After
// (§1.3), 500 GETs and limit writes a minute, others of which another integration uses.
func newAccountLimit(now func() time.Time, limit, others int) *accountLimit {
	return &accountLimit{now: now, getLimit: 500, writeLimit: limit, otherWrites: others, window: time.Minute, lockout: 10 * time.Minute}
}

func (a *accountLimit) RoundTrip(r *http.Request) (*http.Response, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	refuse := func(wait time.Duration) (*http.Response, error) {
		a.got429++
		var kv []string
		if a.retryAfter {
			kv = []string{"Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds())))}
		}
		return mkResp(r, 429, `{"error": "Rate limit exceeded. Try again later."}`, kv...), nil
	}
	if !a.lockedUntil.IsZero() {
		if now.Before(a.lockedUntil) {
			return refuse(a.lockedUntil.Sub(now))
		}
		a.lockedUntil, a.windowStart = time.Time{}, time.Time{}
	}
	if a.windowStart.IsZero() || now.Sub(a.windowStart) >= a.window {
		a.windowStart, a.gets, a.writes = now, a.otherGets, a.otherWrites
	}
	isGet := r.Method == http.MethodGet
	limit, count := a.writeLimit, &a.writes
	if isGet {
		limit, count = a.getLimit, &a.gets
	}
	if *count >= limit {
		a.lockedUntil = now.Add(a.lockout)
		a.lockouts++
		a.lockoutStarts = append(a.lockoutStarts, now)
		return refuse(a.lockout)
	}
	*count++
	a.ok++
	if isGet {
		a.okGet = append(a.okGet, now)
	} else {
		a.okWrite = append(a.okWrite, now)
	}
	return mkResp(r, 200, `{}`), nil
}

// after returns the arrivals in ts at or after from.
func after(ts []time.Time, from time.Time) []time.Time {
	var out []time.Time
	for _, x := range ts {
		if !x.Before(from) {
			out = append(out, x)
		}
	}
	return out
}

// minGap returns the shortest time between two consecutive arrivals of ts in [from, to) (0: fewer than two).
func minGap(ts []time.Time, from, to time.Time) time.Duration {
	var gap time.Duration
	for i := 1; i < len(ts); i++ {
		if ts[i-1].Before(from) || !ts[i].Before(to) {
			continue
		}
		if d := ts[i].Sub(ts[i-1]); gap == 0 || d < gap {
			gap = d
		}
	}
	return gap
}

// applyLike is the request pattern of a plan and an apply at Terraform's default parallelism (10 operations at
// once) on vc: the plan's reads, then creates [from, to), whose answers serve the read-back (no GET).
func applyLike(t *testing.T, vc *virtualClock, c *Chain, reads, from, to int) {
	t.Helper()
	const parallelism = 10
	ctx := context.Background()
	errs := make(chan error, 2*parallelism)
	vc.run(parallelism, func(w int) {
		for i := w; i < reads; i += parallelism {
			if _, err := send(ctx, c, http.MethodGet, "contact_groups/", nil); err != nil {
				errs <- fmt.Errorf("read %d: %w", i, err)
				return
			}
		}
	})
	vc.run(parallelism, func(w int) {
		for i := from + w; i < to; i += parallelism {
			if _, err := send(ctx, c, http.MethodPost, "contact_groups/", map[string]any{"name": i}); err != nil {
				errs <- fmt.Errorf("create %d: %w", i, err)
				return
			}
		}
	})
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// probeGaps returns, for each probe period after end that holds two arrivals of ts or more, the shortest time
// between two of them.
func probeGaps(ts []time.Time, end time.Time) []time.Duration {
	var gaps []time.Duration
	for p := 0; !end.Add(time.Duration(p) * adaptiveProbeEvery).After(ts[len(ts)-1]); p++ {
		if g := minGap(ts, end.Add(time.Duration(p)*adaptiveProbeEvery), end.Add(time.Duration(p+1)*adaptiveProbeEvery)); g > 0 {
			gaps = append(gaps, g)
		}
	}
	return gaps
}

// shrinking reports whether gaps has two entries or more, none longer than the one before, and the last shorter
// than the first. (A slot is reserved up to one request per worker ahead, at the rate in force then, so the last
// period of a run may still go at the rate of the one before.)
func shrinking(gaps []time.Duration) bool {
	for i := 1; i < len(gaps); i++ {
		if gaps[i] > gaps[i-1] {
			return false
		}
	}
	return len(gaps) >= 2 && gaps[len(gaps)-1] < gaps[0]
}

// Another integration uses 460 of the account's 500 GETs and 280 of its 300 writes a minute, and the provider's
// budget is the default 500 / 300. The plan's reads trip a lockout on GETs; from the window before it (40 GETs,
// no write) the client learns what is left, slows both buckets (not only the one that was hit), and probes
// upward below what tripped the lockout: one lockout for the run, whatever the window and the lockout. Without
// the lesson, writes came back at 300 a minute and tripped a second one; with 5-second windows the GETs
// collapsed to one per 14 s.
func TestOtherIntegrationsSharingTheBudgetCostOneLockout(t *testing.T) {
	const (
		reads, creates                 = 100, 60
		getsLeft, writesLeft           = 40, 20 // a window's room for the provider
		otherGets, otherWrites         = 500 - getsLeft, 300 - writesLeft
		atLeastHalfOfGets, ofTheWrites = getsLeft / 2, writesLeft / 2
	)
	for _, tc := range []struct {
		name            string
		window, lockout time.Duration
		retryAfter      bool
	}{
		{"1-minute windows, 60 s lockouts announced by Retry-After", time.Minute, time.Minute, true},
		{"5-second windows, 40 s lockouts announced by Retry-After", 5 * time.Second, 40 * time.Second, true},
		{"HappyFox: 1-minute windows, 10-minute lockouts, no Retry-After", time.Minute, 10 * time.Minute, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			vc := newVirtualClock()
			start := vc.now()
			acct := &accountLimit{now: vc.now, getLimit: 500, writeLimit: 300, otherGets: otherGets, otherWrites: otherWrites,
				window: tc.window, lockout: tc.lockout, retryAfter: tc.retryAfter}
			c := testChain(t, "http://127.0.0.1/api/1.1/json/", vc.clock(), func(cfg *Config) {
				cfg.RateLimitMaxWait, cfg.Base = 11*time.Minute, acct
			})
			applyLike(t, vc, c, reads, 0, creates)

			if acct.lockouts != 1 {
				t.Fatalf("%d lockouts (%d × 429) at %v, want 1", acct.lockouts, acct.got429, acct.lockoutStarts)
			}
			if acct.got429 != 1 {
				t.Errorf("%d answers 429; want 1: the requests waiting for their turn when the lockout began wait it out instead of sending into it", acct.got429)
			}
			if len(acct.okWrite) != creates || len(acct.okGet) != reads {
				t.Fatalf("HappyFox carried out %d creates and %d GETs, want %d and %d", len(acct.okWrite), len(acct.okGet), creates, reads)
			}
			end := acct.lockoutStarts[0].Add(tc.lockout)
			// Both buckets slowed: no minute after the lockout holds more than a window's room, of either kind.
			if n := windowMax(after(acct.okGet, end), time.Minute-time.Nanosecond); n > getsLeft {
				t.Errorf("%d GETs within a minute after the lockout; want at most the %d the window before it held", n, getsLeft)
			}
			if n := windowMax(after(acct.okWrite, end), time.Minute-time.Nanosecond); n > writesLeft {
				t.Errorf("%d writes within a minute after the lockout; want at most the %d left to the provider", n, writesLeft)
			}
			// No collapse: the run ends within the lockout, a minute for what went before it, and the rest (the
			// reads, then the creates) at half of a window's room a minute.
			restGets, restWrites := float64(reads-getsLeft), float64(creates)
			bound := tc.lockout + time.Minute + time.Duration((restGets/atLeastHalfOfGets+restWrites/ofTheWrites)*float64(time.Minute))
			if took := vc.now().Sub(start); took > bound {
				t.Errorf("the run took %s on the fake clock; want at most %s", took, bound)
			}
			// Probing upward: in each probe period after the lockout, both kinds of request come closer together.
			getGaps, writeGaps := probeGaps(acct.okGet, end), probeGaps(acct.okWrite, end)
			if !shrinking(getGaps) || !shrinking(writeGaps) {
				t.Errorf("shortest gaps per probe period after the lockout: GET %v, write %v; want both to shrink", getGaps, writeGaps)
			}
			ns := c.TakeNotices()
			if len(ns) != 1 {
				t.Fatalf("%d notices, want 1: %+v", len(ns), ns)
			}
			for _, want := range []string{"HTTP 429", "took 40 GET and 0 write requests", "at most 24 GET and 14 write requests per minute", "up to 32 GET and 19 write requests per minute"} {
				if !strings.Contains(ns[0].Detail, want) {
					t.Errorf("the notice does not say %q:\n%s", want, ns[0].Detail)
				}
			}
			t.Logf("1 lockout, %d × 429; %s on the fake clock (bound %s); shortest gaps per probe period: GET %v, write %v",
				acct.got429, vc.now().Sub(start).Round(time.Second), bound, getGaps, writeGaps)
		})
	}
}

// With the account's real limit (20 writes a minute, 5 of them used by another integration) below the
// provider's budget (300), 60 creates trip one lockout, not one per window: after the first 429 the client
// slows down, and says so in a notice whose lockout end is marked as an estimate.
func TestUnexpected429SlowsDownSoOneRunTripsOneLockout(t *testing.T) {
	fc := newFakeClock()
	acct := newAccountLimit(fc.Now, 20, 5)
	c := testChain(t, "http://127.0.0.1/api/1.1/json/", clockOf(fc), func(cfg *Config) {
		cfg.RateLimitMaxWait, cfg.Base = 11*time.Minute, acct
	})
	for i := 0; i < 60; i++ {
		if _, err := send(context.Background(), c, http.MethodPost, "contact_groups/", map[string]any{"name": i}); err != nil {
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
	// 15 writes fitted in the window: 15 of 300 is 5%, so 25 GETs are taken to be left too.
	for _, want := range []string{"429", "under the configured 300 per minute", "took 0 GET and 15 write requests",
		"at most 15 GET and 9 write requests per minute", "up to 20 GET and 12 write", "an estimate"} {
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
	c := testChain(t, "http://127.0.0.1/api/1.1/json/", clockOf(fc), func(cfg *Config) {
		cfg.RateLimitMaxWait = time.Minute
		cfg.Base = rtFunc(func(r *http.Request) (*http.Response, error) {
			n++
			if n == 1 {
				return mkResp(r, 429, `{}`, "Retry-After", "2"), nil
			}
			return mkResp(r, 200, `{}`), nil
		})
	})
	if _, err := send(context.Background(), c, http.MethodPost, "contact_groups/", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if ns := c.TakeNotices(); len(ns) != 0 {
		t.Fatalf("notices: %+v", ns)
	}
	if r := c.limit.write.rateNow(); r != defaultWritePerMinute {
		t.Fatalf("write rate %v, want it unchanged", r)
	}
}

// The lesson comes from the window before the 429: the minute before it, cut at the end of the previous lockout,
// so that neither the lockout wait (no request) nor what went before it (another window) counts.
func TestLessonIsLearnedFromTheWindowBeforeThe429(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var log sendLog
	send := func(get bool, from time.Time, n int, every time.Duration) {
		for i := range n {
			at := from.Add(time.Duration(i) * every)
			log.add(get, at, at, 1)
		}
	}
	// 40 GETs in 5 s, a 40-second lockout, then 12 GETs and 7 writes in 10 s before the second 429.
	send(true, t0, 40, 120*time.Millisecond)
	lockoutEnd := t0.Add(45 * time.Second)
	send(true, lockoutEnd, 12, 800*time.Millisecond)
	send(false, lockoutEnd, 7, time.Second)
	now := lockoutEnd.Add(10 * time.Second)
	l, ok := learn(&log, true, now, lockoutEnd, now.Add(40*time.Second), 500, 300)
	if !ok || l.SeenGet != 12 || l.SeenWrite != 7 {
		t.Fatalf("lesson %+v (%v); want 12 GETs and 7 writes seen since the previous lockout's end", l, ok)
	}
	// The GETs met the 429: 12 is what is left of them; 12 of 500 leaves 7.2 writes, but 7 went through anyway.
	if l.Get != 12 || l.Write != 7.2 {
		t.Fatalf("capacities GET %v, write %v; want 12 and 7.2", l.Get, l.Write)
	}
	// Without the cut, the minute before would hold the 40 GETs of the other window too.
	if l, _ := learn(&log, true, now, time.Time{}, now, 500, 300); l.SeenGet != 52 {
		t.Fatalf("uncut window: %d GETs seen, want 52", l.SeenGet)
	}
	// A 429 on a bucket that sent nothing: the other bucket filled up.
	if l, ok := learn(&log, false, t0.Add(5*time.Second), time.Time{}, now, 500, 300); !ok || l.Get != 40 || l.Write != 24 {
		t.Fatalf("429 on a write with only GETs sent: %+v, want GET 40 and write 24 (40 of 500 of 300)", l)
	}
	// Nothing sent at all: nothing learned (the other integrations alone used the limit up).
	if _, ok := learn(&log, true, t0.Add(-time.Hour), time.Time{}, now, 500, 300); ok {
		t.Fatal("a lesson from an empty window")
	}
}

// After a lockout the rate starts at 60% of what the window held, rises by 5% of it every 2 minutes without a
// 429, and stops at 80%: never back to the configured rate, and never to what tripped the lockout.
func TestLessonProbesUpwardBelowWhatTrippedTheLockout(t *testing.T) {
	until := time.Date(2026, 1, 1, 0, 10, 0, 0, time.UTC)
	l := lesson{At: until.Add(-10 * time.Minute).UnixNano(), Until: until.UnixNano(), Get: 40, Write: 20}
	b := newBucket(BudgetWrite, 300)
	for _, tc := range []struct {
		after time.Duration // since the lockout's end
		want  float64
	}{
		{-time.Minute, 12}, {0, 12}, {adaptiveProbeEvery - time.Second, 12}, {adaptiveProbeEvery, 13},
		{2 * adaptiveProbeEvery, 14}, {3 * adaptiveProbeEvery, 15}, {4 * adaptiveProbeEvery, 16}, {5 * adaptiveProbeEvery, 16},
	} {
		if r := b.rateAt(&l, until.Add(tc.after)); math.Abs(r-tc.want) > 1e-9 {
			t.Errorf("%s after the lockout's end: %v a minute, want %v", tc.after, r, tc.want)
		}
	}
	if r := b.rateAt(&l, until.Add(24*time.Hour)); r != 16 {
		t.Errorf("a day later: %v, want 16 (80%% of 20)", r)
	}
	// Never above the configured rate, and never below one a minute.
	if r := newBucket(BudgetWrite, 10).rateAt(&l, until.Add(time.Hour)); r != 10 {
		t.Errorf("configured 10: %v", r)
	}
	if r := b.rateAt(&lesson{Until: until.UnixNano(), Write: 0.5}, until); r != minAdaptivePerMinute {
		t.Errorf("floor: %v", r)
	}
}

// A rate that rises applies to the slots reserved after the rise: the requests already waiting keep their
// slots, and none goes out closer to the one before it than the new interval.
func TestBucketRateRiseKeepsTheSpacing(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newBucket(BudgetWrite, 300)
	slow := &lesson{Until: t0.UnixNano(), Write: 10} // 6 a minute: 12 s apart
	var slots []time.Time
	for range 5 {
		slots = append(slots, b.reserve(slow, t0))
	}
	b.apply(nil, t0) // back to 300 a minute: 0.2 s apart
	slots = append(slots, b.reserve(nil, t0))
	if gap := slots[5].Sub(slots[4]); gap < 12*time.Second {
		t.Fatalf("the first slot after the rise is %s after the last one before it; want the old interval, 12 s", gap)
	}
	if gap := b.reserve(nil, t0).Sub(slots[5]); gap != every(perMinuteRate(300)) {
		t.Fatalf("then %s apart, want %s", gap, every(perMinuteRate(300)))
	}
}
