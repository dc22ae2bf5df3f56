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
