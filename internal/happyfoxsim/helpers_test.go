package happyfoxsim_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

type harness struct {
	t      *testing.T
	sim    *happyfoxsim.Server
	srv    *httptest.Server
	base   string
	client *http.Client
}

func newHarness(t *testing.T, opts happyfoxsim.Options) *harness {
	t.Helper()
	sim := happyfoxsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	// No keep-alives: a dropped connection is then never silently retried
	// by net/http's transport.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	return &harness{t: t, sim: sim, srv: srv, base: happyfoxsim.BaseURL(srv.URL), client: client}
}

type resp struct {
	status int
	body   []byte
	header http.Header
	err    error
}

func (r resp) json(t *testing.T) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("status %d: invalid JSON %q: %v", r.status, r.body, err)
	}
	return v
}

func (r resp) obj(t *testing.T) map[string]any {
	t.Helper()
	m, ok := r.json(t).(map[string]any)
	if !ok {
		t.Fatalf("status %d: expected object, got %s", r.status, r.body)
	}
	return m
}

func (r resp) list(t *testing.T) []any {
	t.Helper()
	l, ok := r.json(t).([]any)
	if !ok {
		t.Fatalf("status %d: expected array, got %s", r.status, r.body)
	}
	return l
}

// request sends an authenticated request. body: nil, a string (raw JSON) or
// any value marshalled to JSON.
func (h *harness) request(method, path string, body any) resp {
	return h.requestWith(method, path, body, "application/json", true)
}

func (h *harness) requestWith(method, path string, body any, ctype string, auth bool) resp {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.base+strings.TrimPrefix(path, "/"), rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if auth {
		req.SetBasicAuth(happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode)
	}
	res, err := h.client.Do(req)
	if err != nil {
		return resp{err: err}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, body: data, header: res.Header, err: err}
}

func (h *harness) mustStatus(r resp, want int) {
	h.t.Helper()
	if r.err != nil {
		h.t.Fatalf("request failed: %v", r.err)
	}
	if r.status != want {
		h.t.Fatalf("status = %d, want %d; body %s", r.status, want, r.body)
	}
}

// get/post/put/del are shorthands asserting the status.
func (h *harness) get(path string, want int) resp {
	h.t.Helper()
	r := h.request(http.MethodGet, path, nil)
	h.mustStatus(r, want)
	return r
}

func (h *harness) post(path string, body any, want int) resp {
	h.t.Helper()
	r := h.request(http.MethodPost, path, body)
	h.mustStatus(r, want)
	return r
}

func (h *harness) put(path string, body any, want int) resp {
	h.t.Helper()
	r := h.request(http.MethodPut, path, body)
	h.mustStatus(r, want)
	return r
}

// field returns the shape A errors for one field, or nil.
func shapeAErrors(t *testing.T, r resp, field string) []string {
	t.Helper()
	items, ok := r.obj(t)["error"].([]any)
	if !ok {
		t.Fatalf("not shape A: %s", r.body)
	}
	for _, it := range items {
		m := it.(map[string]any)
		if m["field"] == field {
			var out []string
			for _, e := range m["errors"].([]any) {
				out = append(out, e.(string))
			}
			return out
		}
	}
	return nil
}

func num(v any) float64 {
	f, _ := v.(float64)
	return f
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func mustEqualJSON(t *testing.T, got any, wantJSON string) {
	t.Helper()
	var want any
	if err := json.Unmarshal([]byte(wantJSON), &want); err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("got  %s\nwant %s", g, w)
	}
}
