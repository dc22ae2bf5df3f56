package transport

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"testing"
	"time"
)

// windowMax returns the largest number of events in any closed window
// [t, t+w] starting at an event.
func windowMax(ts []time.Time, w time.Duration) int {
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	best := 0
	for i := range ts {
		n := 0
		for j := i; j < len(ts) && !ts[j].After(ts[i].Add(w)); j++ {
			n++
		}
		best = max(best, n)
	}
	return best
}

func TestLimitTransportPacesPerMinute(t *testing.T) {
	for _, perMinute := range []int{1, 2, 5, 30, 500} {
		fc := newFakeClock()
		var seen []time.Time
		lt := newLimitTransport(rtFunc(func(r *http.Request) (*http.Response, error) {
			seen = append(seen, fc.Now())
			return mkResp(r, 200, "{}"), nil
		}), perMinute, perMinute, clockOf(fc))
		n := 3*perMinute + 3
		for i := 0; i < n; i++ {
			if _, err := lt.RoundTrip(mustReq(t, context.Background(), http.MethodGet, "http://127.0.0.1/x/", "")); err != nil {
				t.Fatal(err)
			}
		}
		if got := windowMax(seen, time.Minute); got > perMinute {
			t.Errorf("perMinute=%d: %d requests in one 60 s window", perMinute, got)
		}
		// And it is not needlessly slow: n requests take about (n-1)/rate.
		span := seen[len(seen)-1].Sub(seen[0])
		want := time.Duration(float64(n-1) / float64(perMinuteRate(perMinute)) * float64(time.Second))
		if d := span - want; d > time.Millisecond || d < -time.Millisecond {
			t.Errorf("perMinute=%d: %d requests spanned %s, want %s", perMinute, n, span, want)
		}
	}
}

func TestLimitTransportSeparateBuckets(t *testing.T) {
	fc := newFakeClock()
	lt := newLimitTransport(rtFunc(func(r *http.Request) (*http.Response, error) { return mkResp(r, 200, "{}"), nil }), 2, 2, clockOf(fc))
	ctx := context.Background()
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		if _, err := lt.RoundTrip(mustReq(t, ctx, m, "http://127.0.0.1/x/", "")); err != nil {
			t.Fatal(err)
		}
	}
	// GET took the GET token, POST the write token, PUT and DELETE waited on the write bucket.
	want := []time.Duration{60 * time.Second, 60 * time.Second}
	if got := fc.Slept(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("sleeps = %v, want %v", got, want)
	}
}

func TestLimitTransportCancelledWait(t *testing.T) {
	fc := newFakeClock()
	fc.Hook = func(ctx context.Context, d time.Duration) error { return context.Canceled }
	calls := 0
	lt := newLimitTransport(rtFunc(func(r *http.Request) (*http.Response, error) { calls++; return mkResp(r, 200, "{}"), nil }), 2, 2, clockOf(fc))
	ctx := context.Background()
	if _, err := lt.RoundTrip(mustReq(t, ctx, http.MethodGet, "http://127.0.0.1/x/", "")); err != nil {
		t.Fatal(err)
	}
	_, err := lt.RoundTrip(mustReq(t, ctx, http.MethodGet, "http://127.0.0.1/x/", ""))
	var ns *notSentError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &ns) {
		t.Fatalf("err = %v, want a not-sent context.Canceled", err)
	}
	if calls != 1 {
		t.Fatalf("calls = %d", calls)
	}
	// The cancelled reservation was returned: the next token is due after
	// one interval from the first request, not two.
	fc.Hook = nil
	if _, err := lt.RoundTrip(mustReq(t, ctx, http.MethodGet, "http://127.0.0.1/x/", "")); err != nil {
		t.Fatal(err)
	}
	if s := fc.Slept(); s[len(s)-1] != 60*time.Second {
		t.Fatalf("sleeps = %v", s)
	}
	// A context that is already done never reserves.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := lt.RoundTrip(mustReq(t, cctx, http.MethodGet, "http://127.0.0.1/x/", "")); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
