package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testAPIKey   = "key-7f3a9c1e0b"
	testAuthCode = "code-5d2e8b4a61"
	apiPrefix    = "/api/1.1/json/"
)

// fakeClock is a clock whose sleep advances time instantly.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
	// hook, when set, replaces the default sleep behaviour.
	hook func(ctx context.Context, d time.Duration) error
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 28, 14, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) clock() clock { return clock{now: c.now, sleep: c.sleep} }

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	hook := c.hook
	c.mu.Unlock()
	if hook != nil {
		return hook(ctx, d)
	}
	c.advance(d)
	return nil
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// rtFunc adapts a function to http.RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func mkResp(req *http.Request, status int, body string, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: req}
}

func mustReq(t *testing.T, ctx context.Context, method, url, body string) *http.Request {
	t.Helper()
	var rdr io.Reader
	if body != "" {
		rdr = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rdr)
	if err != nil {
		t.Fatal(err)
	}
	return req
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
	return f.clientOn(realClock, mod...)
}

// clientOn is client with the Client on clk (its retry waits, pacing and the time it reads).
func (f *fakeAPI) clientOn(clk clock, mod ...func(*Config)) *Client {
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
