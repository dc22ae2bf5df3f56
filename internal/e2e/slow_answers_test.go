package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// With request_timeout = "1s", answers that take 3 s (HappyFox goes on carrying a request out after the client
// gave up on it) and about 10% failed calls, no retry or lookup ever overlaps a request HappyFox may still be
// running: HappyFox never answers 409 "another request in progress", no object is created twice, the first apply
// completes and the next plan is empty (RELIABILITY.md, "Answers slower than `request_timeout`").
func TestSlowAnswersNeverOverlapAbandonedRequests(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	// Slow answers and failures on the writes and on the reads of single objects, where an overlap can happen.
	sim.SetFaults(happyfoxsim.Faults{
		SlowRate: 0.3, SlowLatency: 3 * time.Second,
		ErrorRate: 0.04, DropRate: 0.03, ProcessedThenFailRate: 0.03, Seed: 11,
		Routes: []string{"POST /contact_groups/", "POST /assets/", "POST /contact_group/{id}/update_contacts/",
			"GET /contact_group/{id}/", "GET /asset/{id}/"},
	})
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  count = 6
  name  = "Slow ${count.index}"
}
resource "happyfox_asset" "a" {
  count             = 6
  asset_type_id     = 1
  name              = "Slow asset ${count.index}"
  display_id        = "SLOW-${count.index}"
  contact_group_ids = [happyfox_contact_group.g[count.index].id]
}
resource "happyfox_contact_group_membership" "m" {
  for_each = toset(["1", "2", "4", "5"])
  group_id   = happyfox_contact_group.g[0].id
  contact_id = tonumber(each.key)
}
`)
	env := []string{"HAPPYFOX_REQUEST_TIMEOUT=1s", "HAPPYFOX_MAX_RETRIES=8"}
	out, err := w.run(env, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	st := sim.Counters()
	if st.Slow == 0 || st.Faults == 0 {
		t.Fatalf("no slow answer or no fault happened; the test proves nothing: %+v", st)
	}
	if st.Concurrency != 0 || st.Statuses[409] != 0 {
		t.Errorf("HappyFox answered 409 %d times: a request overlapped one still running", st.Concurrency)
	}
	names := map[string]int{}
	for _, g := range sim.ContactGroups() {
		if strings.HasPrefix(g.Name, "Slow ") {
			names[g.Name]++
		}
	}
	displays := map[string]int{}
	for _, a := range sim.Assets() {
		if strings.HasPrefix(a.DisplayID, "SLOW-") {
			displays[a.DisplayID]++
		}
	}
	if len(names) != 6 || len(displays) != 6 {
		t.Errorf("HappyFox holds %d groups and %d assets, want 6 of each", len(names), len(displays))
	}
	for k, n := range names {
		if n != 1 {
			t.Errorf("group %q exists %d times", k, n)
		}
	}
	for k, n := range displays {
		if n != 1 {
			t.Errorf("asset %q exists %d times", k, n)
		}
	}
	if ids := w.stateIDs("happyfox_asset"); len(ids) != 6 {
		t.Errorf("%d assets in state, want 6", len(ids))
	}
	sim.SetFaults(happyfoxsim.Faults{})
	if out, err := w.run(env, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after the apply is not empty (%v):\n%s", err, out)
	}
}
