package happyfoxsim_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestRateLimitLockout(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{GetLimit: 3, WriteLimit: 2, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"}, LimitClock: clock.Now})
	for i := 0; i < 3; i++ {
		h.get("staff/", 200)
	}
	r := h.get("staff/", 429)
	mustEqualJSON(t, r.json(t), `{"error":"Rate limit exceeded. Try again later."}`)
	if got := r.header.Get("Retry-After"); got != "600" {
		t.Fatalf("Retry-After %q", got)
	}
	// The lockout is account-wide: writes are refused too, and retrying does not extend it.
	clock.Advance(9*time.Minute + 59*time.Second + 500*time.Millisecond)
	r = h.post("contact_groups/", map[string]any{"name": "x"}, 429)
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After %q", got)
	}
	if _, found := h.sim.ContactGroup(3); found {
		t.Fatal("429 request was processed")
	}
	if h.sim.LockedUntil().IsZero() {
		t.Fatal("LockedUntil zero during lockout")
	}
	clock.Advance(time.Second)
	h.get("staff/", 200)
	if st := h.sim.Counters(); st.RateLimited != 2 || st.Faults != 0 {
		t.Fatalf("%+v", st)
	}

	// PUT and DELETE share the write bucket.
	h.put("asset/1/", map[string]any{"updated_by": 1}, 200)
	h.mustStatus(h.request(http.MethodDelete, "asset/2/?deleted_by=1", nil), 200)
	h.put("asset/1/", map[string]any{"updated_by": 1}, 429)

	// ResetRateLimit clears the lockout.
	h.sim.ResetRateLimit()
	h.get("staff/", 200)
}

func TestRateLimitWindowAndAuth(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{GetLimit: 2, LimitClock: clock.Now})
	// 401s are answered before the limiter and do not consume the budget.
	for i := 0; i < 5; i++ {
		h.mustStatus(h.requestWith(http.MethodGet, "staff/", nil, "", false), 401)
	}
	h.get("staff/", 200)
	h.get("staff/", 200)
	clock.Advance(time.Minute) // new window
	h.get("staff/", 200)
	h.get("staff/", 200)
	r := h.get("staff/", 429)
	if r.header.Get("Retry-After") != "" {
		t.Fatal("Retry-After sent although not enabled")
	}

	// Without lockout the 429 ends with the window.
	clock2 := newFakeClock()
	nl := newHarness(t, happyfoxsim.Options{GetLimit: 1, Lockout: -1, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"}, LimitClock: clock2.Now})
	nl.get("staff/", 200)
	clock2.Advance(20 * time.Second)
	if got := nl.get("staff/", 429).header.Get("Retry-After"); got != "40" {
		t.Fatalf("Retry-After %q", got)
	}
	clock2.Advance(40 * time.Second)
	nl.get("staff/", 200)
}

func TestRateLimitUnlimited(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	for i := 0; i < 700; i++ {
		req := httptest.NewRequest(http.MethodGet, happyfoxsim.BasePath+"statuses/", nil)
		req.SetBasicAuth(happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode)
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	// Defaults are 500 GET per window.
	def := happyfoxsim.New(happyfoxsim.Options{})
	codes := map[int]int{}
	for i := 0; i < 501; i++ {
		req := httptest.NewRequest(http.MethodGet, happyfoxsim.BasePath+"statuses/", nil)
		req.SetBasicAuth(happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode)
		rec := httptest.NewRecorder()
		def.ServeHTTP(rec, req)
		codes[rec.Code]++
	}
	if codes[200] != 500 || codes[429] != 1 {
		t.Fatalf("%v", codes)
	}
}
