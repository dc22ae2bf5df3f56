package bench

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// TestBenchBulk measures large applies (RELIABILITY.md, "Many contacts created at once"): 1,000 new contacts in an
// account that holds 5,000, and 500 memberships on 5 groups, with Terraform's default parallelism (10), through bulk
// writes and, side by side, through one request per object (HAPPYFOX_BULK_WRITES=off). Run by scripts/bench.sh
// (HAPPYFOX_BENCH=1), not by make test: BENCH_ARGS='-run TestBenchBulk' ./scripts/bench.sh.
//
// The bulk path runs at HappyFox's real limits (500 GETs and 300 writes a minute, enforced by the simulator
// and paced by the provider's defaults), so "API time" (first to last request the simulator received) is what
// HappyFox would cost. The one-request-per-object path would take minutes at the real limits, so it runs with
// time scaled by bulkScale (the window shrunk, the budgets multiplied) and its API time is scaled back.
func TestBenchBulk(t *testing.T) {
	if !benchEnabled() {
		t.Skip("set HAPPYFOX_BENCH=1 (scripts/bench.sh) to run the benchmark")
	}
	t.Run("contacts", func(t *testing.T) {
		for _, mode := range []string{"bulk", "bulk-parallelism-100", "per-object"} {
			t.Run(mode, func(t *testing.T) { benchBulkContacts(t, mode) })
		}
	})
	t.Run("memberships", func(t *testing.T) {
		for _, mode := range []string{"bulk", "bulk-parallelism-100", "per-object", "group-contacts"} {
			t.Run(mode, func(t *testing.T) { benchBulkMemberships(t, mode) })
		}
	})
}

const (
	bulkNewContacts      = 1000
	bulkExistingContacts = 5000
	bulkMemberships      = 500
	bulkGroups           = 5
	bulkScale            = 10
)

// timedSim is a simulator that records the arrival time of every request.
type timedSim struct {
	sim *happyfoxsim.Server
	url string

	mu    sync.Mutex
	times []time.Time
}

func newTimedSim(t *testing.T, scale int) *timedSim {
	opts := happyfoxsim.Options{APIKey: simAPIKey, AuthCode: simAuthCode, GetLimit: 500, WriteLimit: 300,
		LimitWindow: time.Minute / time.Duration(scale), Lockout: time.Hour}
	s := &timedSim{sim: happyfoxsim.New(opts)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.times = append(s.times, time.Now())
		s.mu.Unlock()
		s.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL + happyfoxsim.BasePath
	return s
}

func (s *timedSim) reset() {
	s.sim.ResetCounters()
	s.mu.Lock()
	s.times = nil
	s.mu.Unlock()
}

// apiTime is the span from the first to the last request, scaled back to real time.
func (s *timedSim) apiTime(scale int) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.times) < 2 {
		return 0
	}
	ts := slices.Clone(s.times)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	return ts[len(ts)-1].Sub(ts[0]) * time.Duration(scale)
}

func countRequests(st happyfoxsim.Stats) (gets, writes int) {
	for route, n := range st.Routes {
		if strings.HasPrefix(route, "GET ") {
			gets += n
		} else {
			writes += n
		}
	}
	return gets, writes
}

func bulkWorkspace(t *testing.T, s *timedSim, mode string, scale int) *workspace {
	w := newWorkspaceAt(t, s.url, limits{get: 500 * scale, write: 300 * scale}, "")
	if mode == "per-object" {
		w.env = append(w.env, "HAPPYFOX_BULK_WRITES=off")
	}
	return w
}

func benchBulkContacts(t *testing.T, mode string) {
	scale := 1
	if mode == "per-object" {
		scale = bulkScale
	}
	s := newTimedSim(t, scale)
	for i := range bulkExistingContacts {
		s.sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Existing %d", i), Email: fmt.Sprintf("existing%d@bench.example", i)})
	}
	w := bulkWorkspace(t, s, mode, scale)
	w.config(fmt.Sprintf(`resource "happyfox_contact" "new" {
  count = %d
  name  = "New Contact ${count.index}"
  email = "new.contact.${count.index}@bench.example"
}
`, bulkNewContacts))
	s.reset()
	args := []string{"apply", "-auto-approve", "-input=false"}
	if mode == "bulk-parallelism-100" {
		args = append(args, "-parallelism=100")
	}
	res, reqs := w.tfAccounted(args...)
	st := s.sim.Counters()
	gets, writes := countRequests(st)
	api := s.apiTime(scale)
	bulk := s.sim.BulkCounters()
	s.reset()
	plan, planReqs, err := w.tryAccounted("plan", "-detailed-exitcode", "-input=false")
	planGets, _ := countRequests(s.sim.Counters())
	empty := err == nil
	// The goals: at most 330 GETs and 45 s of API time at the default parallelism, at most 230 GETs at 100.
	getBound := 330
	if mode == "bulk-parallelism-100" {
		getBound = 230
	}
	fmt.Printf("| %d contacts, %s | `%s` | API time %.1f s%s | %d writes (%d bulk requests, largest %d) | %d GETs | %d 429s | wall %.1f s | next plan empty: %v (%d GETs, wall %.1f s) |\n",
		bulkNewContacts, mode, res.command(), api.Seconds(), scaledNote(scale), writes, bulk.Requests, bulk.MaxItems, gets, st.RateLimited,
		res.Elapsed.Seconds(), empty, planGets, plan.Elapsed.Seconds())
	t.Logf("routes: %v", st.Routes)
	fmt.Printf("|   GETs of the apply by purpose: %s; by kind: %s |\n", getsByPurpose(reqs), getsByKind(reqs))
	fmt.Printf("|   GETs of the next plan by purpose: %s; by kind: %s |\n", getsByPurpose(planReqs), getsByKind(planReqs))
	if mode != "per-object" {
		t.Logf("goal: GETs <= %d (%d), API time <= 45 s at the default parallelism (%.1f s), next plan empty (%v)", getBound, gets, api.Seconds(), empty)
	}
	if !empty {
		t.Errorf("the next plan is not empty:\n%s", tail(plan.Output, 30))
	}
	if st.RateLimited != 0 {
		t.Errorf("%d answers were 429", st.RateLimited)
	}
}

func benchBulkMemberships(t *testing.T, mode string) {
	scale := 1
	if mode == "per-object" {
		scale = bulkScale
	}
	s := newTimedSim(t, scale)
	var groups, contacts []int64
	for i := range bulkGroups {
		groups = append(groups, s.sim.AddContactGroup(happyfoxsim.ContactGroup{Name: fmt.Sprintf("Bench group %d", i)}).ID)
	}
	for i := range bulkMemberships / bulkGroups {
		contacts = append(contacts, s.sim.AddContact(happyfoxsim.Contact{Name: "Member", Email: fmt.Sprintf("member%d@bench.example", i)}).ID)
	}
	w := bulkWorkspace(t, s, mode, scale)
	if mode == "group-contacts" {
		// The same members through the groups' authoritative contacts attribute: one resource per group, whose
		// members are written 100 per request whatever the parallelism (5 new groups here, as the existing ones are
		// not in the state).
		w.config(fmt.Sprintf(`locals {
  contacts = %s
}

resource "happyfox_contact_group" "g" {
  count    = %d
  name     = "Authoritative group ${count.index}"
  contacts = [for id in local.contacts : { contact_id = id }]
}
`, hclList(contacts), bulkGroups))
	} else {
		w.config(fmt.Sprintf(`locals {
  groups   = %s
  contacts = %s
}

resource "happyfox_contact_group_membership" "m" {
  count      = %d
  group_id   = local.groups[floor(count.index / %d)]
  contact_id = local.contacts[count.index %% %d]
}
`, hclList(groups), hclList(contacts), bulkMemberships, bulkMemberships/bulkGroups, bulkMemberships/bulkGroups))
	}
	s.reset()
	args := []string{"apply", "-auto-approve", "-input=false"}
	if mode == "bulk-parallelism-100" {
		args = append(args, "-parallelism=100")
	}
	res := w.tf(args...)
	st := s.sim.Counters()
	gets, writes := countRequests(st)
	api := s.apiTime(scale)
	s.reset()
	plan, err := w.try("plan", "-detailed-exitcode", "-input=false")
	planGets, _ := countRequests(s.sim.Counters())
	empty := err == nil
	fmt.Printf("| %d memberships on %d groups, %s | `terraform %s` | API time %.1f s%s | %d writes | %d GETs | %d 429s | wall %.1f s | next plan empty: %v (%d GETs, wall %.1f s) |\n",
		bulkMemberships, bulkGroups, mode, strings.Join(args, " "), api.Seconds(), scaledNote(scale), writes, gets, st.RateLimited, res.Elapsed.Seconds(),
		empty, planGets, plan.Elapsed.Seconds())
	t.Logf("routes: %v", st.Routes)
	if st.RateLimited != 0 {
		t.Errorf("%d answers were 429", st.RateLimited)
	}
	if !empty {
		t.Errorf("the next plan is not empty:\n%s", tail(plan.Output, 30))
	}
}

func scaledNote(scale int) string {
	if scale == 1 {
		return " (real limits)"
	}
	return fmt.Sprintf(" (run at %d× scale, scaled back)", scale)
}

func hclList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
