package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

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

// A membership whose update_contacts is in flight when terraform is interrupted (SIGINT) is carried out by
// HappyFox; it must then be in the state, not tainted (the next apply would remove and add it again).
func TestInterruptedMembershipCreateIsNotTainted(t *testing.T) {
	skipUnlessAcc(t)
	knownFailure(t, "the read-back GET after update_contacts runs under the cancelled context, fails, and the "+
		"membership HappyFox holds is saved tainted")
	sim := happyfoxsim.New(happyfoxsim.Options{})
	gate := &createGate{next: sim, path: happyfoxsim.BasePath + "contact_group/2/update_contacts/"}
	w := newWorkspaceServing(t, sim, gate, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group_membership" "m" {
  group_id   = 2
  contact_id = 1
}
`)
	arrived := gate.arm()
	defer gate.open()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tfBinary, "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = w.dir, w.env
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-ctx.Done():
		t.Fatalf("the membership create never arrived:\n%s", out)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(out.String(), "Interrupt received") {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("terraform never took the interrupt:\n%s", out)
		}
	}
	gate.open()
	var exit *exec.ExitError
	if err := cmd.Wait(); err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	if g, _ := sim.ContactGroup(2); len(g.Members) != 1 || g.Members[0].ContactID != 1 {
		t.Fatalf("HappyFox did not carry the membership out (members %v); the test proves nothing", g.Members)
	}
	if tainted := w.taintedAddresses(); len(tainted) > 0 {
		t.Fatalf("the membership HappyFox holds is tainted: %v\n%s", tainted, out)
	}
	if len(w.stateIDs("happyfox_contact_group_membership")) == 0 {
		t.Fatalf("the membership HappyFox holds is not in the state:\n%s", out)
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
