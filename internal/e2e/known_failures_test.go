package e2e

import (
	"os"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Known failures found by the assumption matrix (docs/dev/assumptions.md) outside the switches: each test
// reproduces one under the simulator's defaults, and is skipped naming it until the fix lands.

// knownFailure skips a test that reproduces a known failure (docs/dev/assumptions.md), unless
// HAPPYFOX_KNOWN_FAILURES=1 asks to see it fail.
func knownFailure(t *testing.T, finding string) {
	t.Helper()
	if os.Getenv("HAPPYFOX_KNOWN_FAILURES") != "1" {
		t.Skipf("known failure: %s (HAPPYFOX_KNOWN_FAILURES=1 runs it)", finding)
	}
}

// A group name with surrounding white space, as configurations fed from spreadsheets carry, on a HappyFox that
// strips it as Django form fields do (the simulator's default, text-cleaning=strip): the group HappyFox creates
// must be tracked (or the name refused at plan), never left in HappyFox untracked.
func TestGroupNameHappyFoxStripsIsNeverOrphaned(t *testing.T) {
	skipUnlessAcc(t)
	knownFailure(t, "the create's answer (the stripped name) is refused as another group and the group is left untracked")
	sim := happyfoxsim.New(happyfoxsim.Options{})
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  name = "Platform team "
}
`)
	before := len(sim.ContactGroups())
	out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color")
	created := len(sim.ContactGroups()) - before
	if created > 0 && len(w.stateIDs("happyfox_contact_group")) == 0 {
		t.Fatalf("orphan: HappyFox holds the group, the state does not (apply error: %v):\n%s", err, out)
	}
	if created == 0 && err == nil {
		t.Fatalf("the apply succeeded without creating the group:\n%s", out)
	}
}
