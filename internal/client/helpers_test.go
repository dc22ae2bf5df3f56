package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport/transporttest"
)

const (
	testAPIKey   = "key-7f3a9c1e0b"
	testAuthCode = "code-5d2e8b4a61"
	apiPrefix    = "/api/1.1/json/"
)

// fakeClock is a clock whose sleeps advance time at once (transporttest.FakeClock).
type fakeClock = transporttest.FakeClock

func newFakeClock() *fakeClock { return transporttest.NewFakeClock() }

// clockOf is the client's clock on fc.
func clockOf(fc *fakeClock) transport.Clock { return transport.Clock{Now: fc.Now, Sleep: fc.Sleep} }

// rtFunc adapts a function to http.RoundTripper.
type rtFunc = transporttest.RoundTripFunc

func mkResp(req *http.Request, status int, body string, kv ...string) *http.Response {
	return transporttest.Response(req, status, body, kv...)
}

// recorded is one request seen by fakeAPI.
type recorded struct {
	Method string
	Path   string // relative to apiPrefix
	Query  string
	Body   string
	Header http.Header
}

// JSON decodes the recorded body.
func (r recorded) JSON(t *testing.T) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("request body %q is not JSON: %v", r.Body, err)
	}
	return v
}

type fakeRoute func(w http.ResponseWriter, r *http.Request, rec recorded)

// fakeAPI is a tiny scripted HappyFox stand-in for typed-call tests.
type fakeAPI struct {
	t      *testing.T
	mu     sync.Mutex
	reqs   []recorded
	routes map[string]fakeRoute
	srv    *httptest.Server
}

func newFakeAPI(t *testing.T) *fakeAPI {
	f := &fakeAPI{t: t, routes: map[string]fakeRoute{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := recorded{Method: r.Method, Path: strings.TrimPrefix(r.URL.Path, apiPrefix), Query: r.URL.RawQuery, Body: string(body), Header: r.Header.Clone()}
	f.mu.Lock()
	f.reqs = append(f.reqs, rec)
	h := f.routes[r.Method+" "+rec.Path]
	f.mu.Unlock()
	if h == nil {
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error": "Not found"}`)
		return
	}
	h(w, r, rec)
}

// on registers a route; path is relative to apiPrefix.
func (f *fakeAPI) on(method, path string, h fakeRoute) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[method+" "+path] = h
}

// reply registers a route with a fixed answer.
func (f *fakeAPI) reply(method, path string, status int, body string) {
	f.on(method, path, func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
}

func (f *fakeAPI) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

func (f *fakeAPI) last() recorded {
	f.t.Helper()
	rs := f.requests()
	if len(rs) == 0 {
		f.t.Fatal("no request recorded")
	}
	return rs[len(rs)-1]
}

func (f *fakeAPI) client(mod ...func(*Config)) *Client {
	f.t.Helper()
	return f.clientOn(transport.RealClock, mod...)
}

// clientOn is client with the Client on clk (its retry waits, pacing and the time it reads).
func (f *fakeAPI) clientOn(clk transport.Clock, mod ...func(*Config)) *Client {
	f.t.Helper()
	cfg := Config{
		BaseURL:      f.srv.URL + apiPrefix,
		APIKey:       testAPIKey,
		AuthCode:     testAuthCode,
		UserAgent:    "test-agent/1.0",
		MaxRetries:   2,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 2 * time.Millisecond,
		// Generous limits so tests are not paced.
		GetRequestsPerMinute:   600000,
		WriteRequestsPerMinute: 600000,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := newClient(cfg, clk)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func jsonEqual(t *testing.T, got any, want string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want JSON: %v", err)
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.Marshal(got)
		t.Fatalf("JSON mismatch\n got: %s\nwant: %s", g, want)
	}
}

// spinUntil waits for cond, yielding to the goroutines that make it true (a condition, never a duration).
func spinUntil(cond func() bool) {
	for !cond() {
		runtime.Gosched()
	}
}

// captureLogger keeps every line logged (transporttest.CaptureLogger).
type captureLogger = transporttest.CaptureLogger

// waitFor waits until cond holds (transporttest.WaitFor).
func waitFor(t *testing.T, cond func() bool) { transporttest.WaitFor(t, cond) }

// concurrently runs f(0) … f(n-1) at once and joins their errors.
func concurrently(n int, f func(i int) error) error {
	return behindFirst(n, nil, f)
}

// behindFirst runs f(0), waits until held is closed (the request f(0) made is held), then runs f(1) … f(n-1) at
// once, and joins every error. With a nil held, all n start at once.
func behindFirst(n int, held <-chan struct{}, f func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f(i)
		}()
	}
	from := 0
	if held != nil {
		start(0)
		<-held
		from = 1
	}
	for i := from; i < n; i++ {
		start(i)
	}
	wg.Wait()
	return errors.Join(errs...)
}

// holdUntil spins until cond holds and reports true; it gives up and reports false shortly before the test
// binary's deadline, so a test whose calls are not shared fails with its own message instead of timing out.
func holdUntil(t *testing.T, cond func() bool) bool {
	deadline, ok := t.Deadline()
	gaveUp := false
	spinUntil(func() bool {
		if ok && time.Until(deadline) < time.Minute {
			gaveUp = true
			return true
		}
		return cond()
	})
	return !gaveUp
}

// unpacedClient is a client of the fake transport rt on clk, with limits no test reaches: calls are shared or
// not by how they arrive, never held by the pacer. A nil clk.Sleep returns at once (the context's error).
func unpacedClient(t *testing.T, rt http.RoundTripper, clk transport.Clock) *Client {
	t.Helper()
	if clk.Now == nil {
		clk.Now = time.Now
	}
	if clk.Sleep == nil {
		clk.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	c, err := newClient(Config{
		BaseURL: "https://acme.happyfox.com/api/1.1/json/", APIKey: testAPIKey, AuthCode: testAuthCode,
		GetRequestsPerMinute: 1 << 20, WriteRequestsPerMinute: 1 << 20, Transport: rt,
	}, clk)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
