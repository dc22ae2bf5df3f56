package happyfoxsim_test

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// overlap starts first, waits until its object is held, runs second, and
// returns both results.
func overlap(t *testing.T, h *harness, key string, first, second func() resp) (resp, resp) {
	t.Helper()
	var r1 resp
	done := make(chan struct{})
	go func() { defer close(done); r1 = first() }()
	deadline := time.Now().Add(5 * time.Second)
	for !slices.Contains(h.sim.InFlight(), key) {
		if time.Now().After(deadline) {
			t.Fatalf("%s never in flight", key)
		}
		time.Sleep(time.Millisecond)
	}
	r2 := second()
	<-done
	return r1, r2
}

func TestConcurrencyDetection(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{ObjectHold: 300 * time.Millisecond})
	post := func(path string, body any) func() resp {
		return func() resp { return h.request(http.MethodPost, path, body) }
	}
	get := func(path string) func() resp { return func() resp { return h.request(http.MethodGet, path, nil) } }

	// write + write on the same object (different sub-paths).
	r1, r2 := overlap(t, h, "contact_group/1",
		post("contact_group/1/", map[string]any{"description": "a"}),
		post("contact_group/1/update_contacts/", []any{map[string]any{"contact": 5}}))
	if r1.status != 200 || r2.status != 409 {
		t.Fatalf("statuses %d %d", r1.status, r2.status)
	}
	mustEqualJSON(t, r2.json(t), `{"error":"Another request on this object is in progress."}`)
	if g, _ := h.sim.ContactGroup(1); len(g.Members) != 2 {
		t.Fatal("409 request was processed")
	}
	// write + read conflicts; email and id address the same contact.
	r1, r2 = overlap(t, h, "user/1", post("user/1/", map[string]any{}), get("user/EXISTING@example.com/"))
	if r1.status != 200 || r2.status != 409 {
		t.Fatalf("statuses %d %d", r1.status, r2.status)
	}
	// read + read and different objects do not conflict.
	r1, r2 = overlap(t, h, "asset/1", get("asset/1/"), get("asset/1/"))
	if r1.status != 200 || r2.status != 200 {
		t.Fatalf("statuses %d %d", r1.status, r2.status)
	}
	r1, r2 = overlap(t, h, "asset/1", func() resp { return h.request(http.MethodPut, "asset/1/", map[string]any{"updated_by": 1}) }, get("asset/2/"))
	if r1.status != 200 || r2.status != 200 {
		t.Fatalf("statuses %d %d", r1.status, r2.status)
	}
	if st := h.sim.Counters(); st.Concurrency != 2 || st.Statuses[409] != 2 {
		t.Fatalf("%+v", st)
	}
}

func TestFaultErrorsAndDrops(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1})
	for i := 0; i < 6; i++ {
		r := h.request(http.MethodPost, "contact_groups/", map[string]any{"name": "E"})
		if r.err != nil || (r.status != 500 && r.status != 502 && r.status != 503) || !strings.Contains(r.header.Get("Content-Type"), "text/html") {
			t.Fatalf("error fault: %+v", r)
		}
	}
	if len(h.sim.ContactGroups()) != 2 {
		t.Fatal("error fault processed the request")
	}

	h.sim.SetFaults(happyfoxsim.Faults{DropRate: 1})
	if r := h.request(http.MethodPost, "contact_groups/", map[string]any{"name": "D"}); r.err == nil {
		t.Fatalf("drop answered: %d", r.status)
	}
	if len(h.sim.ContactGroups()) != 2 {
		t.Fatal("drop processed the request")
	}

	h.sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: "drop"})
	if r := h.request(http.MethodPost, "contact_groups/", map[string]any{"name": "P1"}); r.err == nil {
		t.Fatalf("processed-then-drop answered: %d", r.status)
	}
	h.sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: "status"})
	h.mustStatus(h.request(http.MethodPost, "contact_groups/", map[string]any{"name": "P2"}), 502)
	if n := len(h.sim.ContactGroups()); n != 4 {
		t.Fatalf("processed-then-fail did not process: %d groups", n)
	}

	st := h.sim.Counters()
	if st.Faults != 9 || st.FaultErrors != 6 || st.FaultDrops != 1 || st.FaultProcessedThenFail != 2 || st.Routes["POST /contact_groups/"] != 9 {
		t.Fatalf("%+v", st)
	}
	h.sim.ResetCounters()
	if st := h.sim.Counters(); st.Total != 0 || len(st.Routes) != 0 {
		t.Fatalf("%+v", st)
	}
	st.Routes["x"] = 1 // snapshot is a copy
	if h.sim.Counters().Routes["x"] != 0 {
		t.Fatal("Counters returned internal map")
	}
}

func TestFaultScopeSeedAndLatency(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{GetLimit: 3})
	// Routes limit faults; auth and rate-limit rejections are never faulted.
	h.sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1, Routes: []string{"POST /users/", "/contact_group/{id}/"}})
	h.get("contact_groups/", 200)
	h.mustStatus(h.requestWith(http.MethodGet, "contact_group/1/", nil, "", false), 401)
	if r := h.request(http.MethodGet, "contact_group/1/", nil); r.status < 500 {
		t.Fatalf("bare pattern not faulted: %d", r.status)
	}
	h.get("staff/", 200)
	h.get("staff/", 429)
	if st := h.sim.Counters(); st.Faults != 1 {
		t.Fatalf("%+v", st)
	}

	// Same seed, same sequence.
	seq := func() []int {
		s := newHarness(t, happyfoxsim.Options{})
		s.sim.SetFaults(happyfoxsim.Faults{ErrorRate: 0.5, Seed: 42})
		var out []int
		for i := 0; i < 12; i++ {
			out = append(out, s.request(http.MethodGet, "statuses/", nil).status)
		}
		return out
	}
	a, b := seq(), seq()
	faulted := slices.ContainsFunc(a, func(c int) bool { return c >= 500 })
	if !slices.Equal(a, b) || !slices.Contains(a, 200) || !faulted {
		t.Fatalf("%v vs %v", a, b)
	}

	l := newHarness(t, happyfoxsim.Options{})
	l.sim.SetFaults(happyfoxsim.Faults{Latency: 20 * time.Millisecond, SlowRate: 1, SlowLatency: 30 * time.Millisecond})
	start := time.Now()
	l.get("statuses/", 200)
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Fatalf("latency %v", d)
	}
	if st := l.sim.Counters(); st.Slow != 1 || st.Faults != 0 {
		t.Fatalf("%+v", st)
	}
	if f := l.sim.CurrentFaults(); f.SlowRate != 1 {
		t.Fatalf("%+v", f)
	}
}

// TestParallelClients exercises the locks under -race.
func TestParallelClients(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetFaults(happyfoxsim.Faults{ErrorRate: 0.1, SlowRate: 0.1, SlowLatency: time.Millisecond, Seed: 7})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				name := "G" + string(rune('a'+w)) + string(rune('a'+i))
				h.request(http.MethodPost, "contact_groups/", map[string]any{"name": name})
				h.request(http.MethodGet, "contact_groups/", nil)
				h.request(http.MethodPost, "user/1/", map[string]any{"c-cf-4": name})
				h.sim.Contacts()
				h.sim.AddContactToGroupOutside(1, 2, i%2 == 0)
				_ = h.sim.Counters()
			}
		}(w)
	}
	wg.Wait()
	st := h.sim.Counters()
	if st.Total != 240 || st.Routes["POST /user/{id}/"] != 80 {
		t.Fatalf("%+v", st)
	}
}
