package transport

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func newTestRetry(next http.RoundTripper, fc *fakeClock) *retryTransport {
	return &retryTransport{
		next: next, maxRetries: 2,
		waitMin: time.Second, waitMax: 30 * time.Second,
		defaultLockout: 10 * time.Minute, maxWait: 10*time.Minute + 30*time.Second,
		clock:  clockOf(fc),
		jitter: func(n int64) int64 { return n },
	}
}

type step struct {
	status int
	hdr    []string
	err    error
}

// script answers with the given steps in order and records request bodies.
type script struct {
	mu     sync.Mutex
	steps  []step
	calls  int
	bodies []string
}

func (s *script) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		s.bodies = append(s.bodies, string(b))
	}
	st := s.steps[min(s.calls, len(s.steps)-1)]
	s.calls++
	if st.err != nil {
		return nil, st.err
	}
	return mkResp(r, st.status, `{"ok":true}`, st.hdr...), nil
}

func (s *script) n() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

func newBodyReq(t *testing.T, ctx context.Context, method, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, "http://127.0.0.1/api/1.1/json/users/", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestRetry429(t *testing.T) {
	fc0 := newFakeClock()
	httpDate := fc0.Now().Add(90 * time.Second).Format(http.TimeFormat)
	tests := []struct {
		name     string
		method   string
		hdr      []string
		wantWait time.Duration
	}{
		{"retry-after seconds", http.MethodGet, []string{"Retry-After", "5"}, 5 * time.Second},
		{"retry-after http-date", http.MethodGet, []string{"Retry-After", httpDate}, 90 * time.Second},
		{"no retry-after uses default lockout", http.MethodGet, nil, 10 * time.Minute},
		{"garbage retry-after uses default lockout", http.MethodGet, []string{"Retry-After", "soon"}, 10 * time.Minute},
		{"retry-after 0 floors at waitMin", http.MethodGet, []string{"Retry-After", "0"}, time.Second},
		{"POST is retried on 429", http.MethodPost, []string{"Retry-After", "5"}, 5 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := newFakeClock()
			s := &script{steps: []step{{status: 429, hdr: tt.hdr}, {status: 200}}}
			rt := newTestRetry(s, fc)
			resp, err := rt.RoundTrip(newBodyReq(t, context.Background(), tt.method, `{"name":"x"}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || s.n() != 2 {
				t.Fatalf("status %d after %d calls", resp.StatusCode, s.n())
			}
			if got := fc.Slept(); len(got) != 1 || got[0] != tt.wantWait {
				t.Fatalf("sleeps = %v, want [%s]", got, tt.wantWait)
			}
			if s.bodies[0] != `{"name":"x"}` || s.bodies[1] != s.bodies[0] {
				t.Fatalf("body not rewound: %q", s.bodies)
			}
		})
	}
}

func TestRetry429MaxWaitExceeded(t *testing.T) {
	fc := newFakeClock()
	s := &script{steps: []step{{status: 429, hdr: []string{"Retry-After", "600"}}}}
	rt := newTestRetry(s, fc)
	rt.maxWait = time.Minute
	_, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodPost, "{}"))
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v, want *RateLimitError", err)
	}
	want := fc.Now().Add(600 * time.Second)
	if !rl.RetryAt.Equal(want) {
		t.Fatalf("RetryAt = %s, want %s", rl.RetryAt, want)
	}
	if msg := rl.Error(); !strings.Contains(msg, "HTTP 429") || !strings.Contains(msg, "14:10:00 UTC") || !strings.Contains(msg, "longer than the configured maximum wait") ||
		strings.Contains(strings.ToLower(msg), "terraform") {
		t.Fatalf("message = %q", msg)
	}
	if s.n() != 1 || len(fc.Slept()) != 0 {
		t.Fatalf("calls=%d sleeps=%v: should fail at once", s.n(), fc.Slept())
	}

	// The lockout is shared: another request fails at once without calling HappyFox.
	_, err = rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodGet, ""))
	if !errors.As(err, &rl) || s.n() != 1 {
		t.Fatalf("second request: err=%v calls=%d", err, s.n())
	}

	// With enough patience a request waits the lockout out, then goes through once.
	fc.Advance(4 * time.Minute)
	rt.maxWait = 10 * time.Minute
	s.steps = []step{{status: 200}}
	s.calls = 0
	resp, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodGet, ""))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := fc.Slept(); len(got) != 1 || got[0] != 6*time.Minute {
		t.Fatalf("sleeps = %v, want [6m]", got)
	}
	if s.n() != 1 {
		t.Fatalf("calls = %d", s.n())
	}
}

func TestRetry429RepeatedLockoutExceedsMaxWait(t *testing.T) {
	// The first lockout (10m) fits in maxWait (10m30s); when the retry meets
	// a second one, the total would exceed maxWait measured from the first.
	fc := newFakeClock()
	start := fc.Now()
	s := &script{steps: []step{{status: 429}, {status: 429}, {status: 200}}}
	rt := newTestRetry(s, fc)
	_, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodGet, ""))
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("err = %v", err)
	}
	if want := start.Add(20 * time.Minute); !rl.RetryAt.Equal(want) {
		t.Fatalf("RetryAt = %s, want %s", rl.RetryAt, want)
	}
	if s.n() != 2 {
		t.Fatalf("calls = %d", s.n())
	}
}

func TestRetry429SharedLockoutConcurrent(t *testing.T) {
	fc := newFakeClock()
	sleeping := make(chan time.Duration, 4)
	release := make(chan struct{})
	fc.Hook = func(ctx context.Context, d time.Duration) error {
		sleeping <- d
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		return nil
	}
	var calls atomic.Int32
	rt := newTestRetry(rtFunc(func(r *http.Request) (*http.Response, error) {
		if calls.Add(1) == 1 {
			return mkResp(r, 429, `{}`, "Retry-After", "600"), nil
		}
		return mkResp(r, 200, `{}`), nil
	}), fc)

	errs := make(chan error, 2)
	run := func() {
		resp, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodGet, ""))
		if err == nil {
			resp.Body.Close()
		}
		errs <- err
	}
	go run()
	if d := <-sleeping; d != 600*time.Second {
		t.Fatalf("A waits %s", d)
	}
	go run()
	if d := <-sleeping; d != 600*time.Second {
		t.Fatalf("B waits %s", d)
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("B reached HappyFox during the lockout: %d calls", n)
	}
	fc.Advance(600 * time.Second)
	close(release)
	for i := 0; i < 2; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n := calls.Load(); n != 3 {
		t.Fatalf("calls = %d, want 3", n)
	}
}

func TestRetryLockoutWaitCancelled(t *testing.T) {
	fc := newFakeClock()
	waiting := make(chan struct{})
	fc.Hook = func(ctx context.Context, d time.Duration) error {
		close(waiting)
		<-ctx.Done()
		return ctx.Err()
	}
	s := &script{steps: []step{{status: 429}}}
	rt := newTestRetry(s, fc)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := rt.RoundTrip(newBodyReq(t, ctx, http.MethodPost, "{}"))
		done <- err
	}()
	<-waiting
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) || isRateLimited(err) || isAmbiguous(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestRetryLockoutWaitRealClockCancelled(t *testing.T) {
	// The real sleep honours cancellation too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleepCtx(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestRetry5xx(t *testing.T) {
	tests := []struct {
		method    string
		steps     []step
		wantCalls int
		wantCode  int
		wantSleep []time.Duration
	}{
		{http.MethodGet, []step{{status: 500}, {status: 502}, {status: 200}}, 3, 200, []time.Duration{time.Second, 2 * time.Second}},
		{http.MethodPut, []step{{status: 503}, {status: 200}}, 2, 200, []time.Duration{time.Second}},
		{http.MethodDelete, []step{{status: 504}, {status: 204}}, 2, 204, []time.Duration{time.Second}},
		{http.MethodGet, []step{{status: 500}}, 3, 500, []time.Duration{time.Second, 2 * time.Second}}, // retries exhausted
		{http.MethodPost, []step{{status: 500}, {status: 200}}, 1, 500, nil},                           // POST never retried on 5xx
		{http.MethodGet, []step{{status: 404}, {status: 200}}, 1, 404, nil},                            // 4xx not retried
		{http.MethodGet, []step{{status: 503, hdr: []string{"Retry-After", "7"}}, {status: 200}}, 2, 200, []time.Duration{7 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			fc := newFakeClock()
			s := &script{steps: tt.steps}
			rt := newTestRetry(s, fc)
			rt.jitter = func(n int64) int64 { return n } // take the ceiling
			resp, err := rt.RoundTrip(newBodyReq(t, context.Background(), tt.method, `{"a":1}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantCode || s.n() != tt.wantCalls {
				t.Fatalf("status %d after %d calls, want %d after %d", resp.StatusCode, s.n(), tt.wantCode, tt.wantCalls)
			}
			if got := fc.Slept(); len(got) != len(tt.wantSleep) || (len(got) > 0 && got[len(got)-1] != tt.wantSleep[len(tt.wantSleep)-1]) {
				t.Fatalf("sleeps = %v, want %v", got, tt.wantSleep)
			}
			for _, b := range s.bodies {
				if b != `{"a":1}` {
					t.Fatalf("body not rewound: %q", s.bodies)
				}
			}
		})
	}
}

func TestBackoffFullJitter(t *testing.T) {
	rt := newTestRetry(nil, newFakeClock())
	var asked []int64
	rt.jitter = func(n int64) int64 { asked = append(asked, n); return n }
	want := []int{1, 2, 4, 8, 16, 30, 30} // seconds
	for i, w := range want {
		if got := rt.backoff(i+1, 0); got != time.Duration(w)*time.Second {
			t.Errorf("backoff(%d) = %s, want %ds", i+1, got, w)
		}
	}
	rt.jitter = func(n int64) int64 { return 0 }
	if got := rt.backoff(3, 0); got != 0 {
		t.Errorf("jitter floor = %s", got)
	}
	rt.jitter = nil
	for i := 0; i < 100; i++ {
		if d := rt.backoff(2, 0); d < 0 || d > 2*time.Second {
			t.Fatalf("backoff out of range: %s", d)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{" 3 ", 3 * time.Second, true},
		{"-1", 0, false},
		{"99999999999999999", 7 * 24 * time.Hour, true},
		{now.Add(time.Minute).Format(http.TimeFormat), time.Minute, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"tomorrow", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %s %v, want %s %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// countingTransport counts attempts reaching the real network transport.
type countingTransport struct {
	next  http.RoundTripper
	calls atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	return c.next.RoundTrip(r)
}

func TestRetryConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	for _, method := range []string{http.MethodPost, http.MethodGet} {
		t.Run(method, func(t *testing.T) {
			ct := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
			fc := newFakeClock()
			rt := newTestRetry(ct, fc)
			req, _ := http.NewRequestWithContext(context.Background(), method, "http://"+addr+"/api/1.1/json/users/", strings.NewReader("{}"))
			_, err := rt.RoundTrip(req)
			if err == nil {
				t.Fatal("expected an error")
			}
			if isAmbiguous(err) {
				t.Fatalf("connection refused must not be ambiguous: %v", err)
			}
			if !isDialError(err) {
				t.Fatalf("not recognised as a dial error: %v", err)
			}
			if n := ct.calls.Load(); n != 3 {
				t.Fatalf("attempts = %d, want 1 + 2 retries", n)
			}
		})
	}
}

func TestRetryDroppedConnection(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.ReadAll(r.Body)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close() // the request arrived; the answer never does
	}))
	defer srv.Close()
	tests := []struct {
		method    string
		wantHits  int32
		ambiguous bool
	}{
		{http.MethodPost, 1, true},
		{http.MethodGet, 3, false},
		{http.MethodPut, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.method, func(t *testing.T) {
			hits.Store(0)
			tr := http.DefaultTransport.(*http.Transport).Clone()
			tr.DisableKeepAlives = true
			rt := newTestRetry(tr, newFakeClock())
			req, _ := http.NewRequestWithContext(context.Background(), tt.method, srv.URL+"/api/1.1/json/users/", strings.NewReader(`{"name":"x"}`))
			_, err := rt.RoundTrip(req)
			if err == nil {
				t.Fatal("expected an error")
			}
			if isAmbiguous(err) != tt.ambiguous {
				t.Fatalf("IsAmbiguous = %v for %v", isAmbiguous(err), err)
			}
			if n := hits.Load(); n != tt.wantHits {
				t.Fatalf("server saw %d requests, want %d", n, tt.wantHits)
			}
		})
	}
}

func TestRetryAttemptTimeout(t *testing.T) {
	block := rtFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	for _, tt := range []struct {
		method    string
		ambiguous bool
		calls     int
	}{{http.MethodPost, true, 1}, {http.MethodGet, false, 3}} {
		t.Run(tt.method, func(t *testing.T) {
			var calls atomic.Int32
			rt := newTestRetry(&timeoutTransport{timeout: 5 * time.Millisecond, next: rtFunc(func(r *http.Request) (*http.Response, error) {
				calls.Add(1)
				return block(r)
			})}, newFakeClock())
			_, err := rt.RoundTrip(newBodyReq(t, context.Background(), tt.method, "{}"))
			if err == nil || isAmbiguous(err) != tt.ambiguous || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v (ambiguous %v)", err, isAmbiguous(err))
			}
			if int(calls.Load()) != tt.calls {
				t.Fatalf("calls = %d, want %d", calls.Load(), tt.calls)
			}
		})
	}
}

func TestRetryCancelledInFlight(t *testing.T) {
	for _, tt := range []struct {
		method    string
		ambiguous bool
	}{{http.MethodPost, true}, {http.MethodGet, false}} {
		ctx, cancel := context.WithCancel(context.Background())
		rt := newTestRetry(rtFunc(func(r *http.Request) (*http.Response, error) {
			cancel()
			return nil, r.Context().Err()
		}), newFakeClock())
		_, err := rt.RoundTrip(newBodyReq(t, ctx, tt.method, "{}"))
		if !errors.Is(err, context.Canceled) || isAmbiguous(err) != tt.ambiguous {
			t.Fatalf("%s cancelled in flight: err = %v", tt.method, err)
		}
	}
}

func TestRetryNotSentIsNotAmbiguous(t *testing.T) {
	rt := newTestRetry(rtFunc(func(r *http.Request) (*http.Response, error) {
		return nil, NotSent(context.Canceled)
	}), newFakeClock())
	_, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodPost, "{}"))
	if isAmbiguous(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestRetryEachAttemptTakesALimiterToken(t *testing.T) {
	fc := newFakeClock()
	s := &script{steps: []step{{status: 500}, {status: 500}, {status: 200}}}
	lt := newLimitTransport(s, 2, 2, clockOf(fc)) // one GET per 60 s after the first
	rt := newTestRetry(lt, fc)
	rt.jitter = func(int64) int64 { return 0 }
	resp, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodGet, ""))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var limiterWaits int
	for _, d := range fc.Slept() {
		if d == 60*time.Second {
			limiterWaits++
		}
	}
	if limiterWaits != 2 {
		t.Fatalf("sleeps = %v, want two 60 s limiter waits for three attempts", fc.Slept())
	}
}

func TestTimeoutTransportReleasesOnClose(t *testing.T) {
	var seen context.Context
	tt := &timeoutTransport{timeout: time.Hour, next: rtFunc(func(r *http.Request) (*http.Response, error) {
		seen = r.Context()
		return mkResp(r, 200, "{}"), nil
	})}
	resp, err := tt.RoundTrip(newBodyReq(t, context.Background(), http.MethodGet, ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := seen.Deadline(); !ok || seen.Err() != nil {
		t.Fatal("attempt has no live deadline")
	}
	resp.Body.Close()
	if seen.Err() == nil {
		t.Fatal("attempt context not released on Close")
	}
}

// A write already handed to the transport must run to completion when the caller's context is cancelled: HappyFox
// may carry it out anyway, and the provider must learn the new object's id. Reads are cancelled at once.
func TestTimeoutTransportWritesSurviveCancellation(t *testing.T) {
	for _, tt := range []struct {
		method     string
		completes  bool
		wantStatus int
	}{{http.MethodPost, true, 200}, {http.MethodPut, true, 200}, {http.MethodDelete, true, 200}, {http.MethodGet, false, 0}} {
		t.Run(tt.method, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			tr := &timeoutTransport{timeout: time.Hour, next: rtFunc(func(r *http.Request) (*http.Response, error) {
				cancel() // the user presses Ctrl-C while the request is in flight
				select {
				case <-r.Context().Done():
					return nil, r.Context().Err()
				default:
					return mkResp(r, 200, "{}"), nil
				}
			})}
			resp, err := tr.RoundTrip(newBodyReq(t, ctx, tt.method, "{}"))
			if tt.completes {
				if err != nil || resp.StatusCode != tt.wantStatus {
					t.Fatalf("in-flight %s was cancelled: %v", tt.method, err)
				}
				resp.Body.Close()
				return
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("in-flight GET was not cancelled: resp %v, err %v", resp, err)
			}
		})
	}
}

// A POST marked idempotent (group edits, membership calls) is retried after a 5xx or a dropped answer like a PUT;
// an unmarked POST (a create) is not.
func TestRetryIdempotentPost(t *testing.T) {
	for _, tt := range []struct {
		name      string
		marked    bool
		step      step
		wantCalls int
		ambiguous bool
	}{
		{"marked 502", true, step{status: 502}, 3, false},
		{"marked dropped", true, step{err: io.ErrUnexpectedEOF}, 3, false},
		{"unmarked 502", false, step{status: 502}, 1, false},
		{"unmarked dropped", false, step{err: io.ErrUnexpectedEOF}, 1, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := &script{steps: []step{tt.step}}
			rt := newTestRetry(s, newFakeClock())
			ctx := context.Background()
			if tt.marked {
				ctx = WithIdempotentPost(ctx)
			}
			resp, err := rt.RoundTrip(newBodyReq(t, ctx, http.MethodPost, `{"contacts":[1]}`))
			if resp != nil {
				resp.Body.Close()
			}
			if s.n() != tt.wantCalls {
				t.Fatalf("attempts = %d, want %d", s.n(), tt.wantCalls)
			}
			if isAmbiguous(err) != tt.ambiguous {
				t.Fatalf("ambiguous = %v, want %v (err %v)", isAmbiguous(err), tt.ambiguous, err)
			}
		})
	}
}
