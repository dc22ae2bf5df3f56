package e2e

import (
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Every create is answered with ANOTHER object's body (ForeignAnswer with Rate 1: a caching proxy, an answer
// cut short, a HappyFox bug). HappyFox did create the objects; the provider does not store the foreign ids but
// finds its own objects by natural key (group name; asset type, display_id and name), so state tracks exactly
// the declared objects, no object is created twice, and the next plan is empty (RELIABILITY.md, "A create is answered
// with another object's body").
func TestCreateAnsweredWithAnotherObjectStoresNothingForeign(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Rate: 1, Routes: []string{"POST /contact_groups/", "POST /assets/"}})
	foreignGroups := map[int64]bool{}
	for _, g := range sim.ContactGroups() {
		foreignGroups[g.ID] = true
	}
	foreignAssets := map[int64]bool{}
	for _, a := range sim.Assets() {
		foreignAssets[a.ID] = true
	}
	if len(foreignGroups) == 0 || len(foreignAssets) == 0 {
		t.Fatal("the simulator has no other group or asset to answer with; the test proves nothing")
	}
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  count = 2
  name  = "Own group ${count.index}"
}
resource "happyfox_asset" "a" {
  count         = 2
  asset_type_id = 1
  name          = "Own asset ${count.index}"
  display_id    = "OWN-${count.index}"
}
`)
	out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	if n := sim.Counters().ForeignAnswers; n < 4 {
		t.Fatalf("%d creates answered with another object, want 4; the test proves nothing", n)
	}
	for kind, foreign := range map[string]map[int64]bool{"happyfox_contact_group": foreignGroups, "happyfox_asset": foreignAssets} {
		ids := w.stateIDs(kind)
		if len(ids) != 2 {
			t.Errorf("%d %s in state, want 2", len(ids), kind)
		}
		for id := range ids {
			if foreign[id] {
				t.Errorf("state tracks %s %d, an object the configuration does not manage", kind, id)
			}
		}
	}
	if n := len(sim.ContactGroups()) - len(foreignGroups); n != 2 {
		t.Errorf("%d groups created, want 2", n)
	}
	if n := len(sim.Assets()) - len(foreignAssets); n != 2 {
		t.Errorf("%d assets created, want 2", n)
	}
	sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{})
	if out, err := w.run(nil, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after the apply is not empty (%v):\n%s", err, out)
	}
}
