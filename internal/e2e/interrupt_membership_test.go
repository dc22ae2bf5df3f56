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

// A membership whose update_contacts is in flight when terraform is interrupted (SIGINT) is carried out by
// HappyFox; its read-back then runs under the cancelled context and fails. The membership must be in the state,
// not tainted (RELIABILITY.md, "Interrupted apply"): a tainted one would be removed and added again by the next
// apply for nothing. The next plan is empty.
func TestInterruptedMembershipCreateIsNotTainted(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	gate := &createGate{next: sim, path: happyfoxsim.BasePath + "contact_group/2/update_contacts/"}
	w := newWorkspaceServing(t, sim, gate, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group_membership" "m" {
  group_id       = 2
  contact_id     = 1
  access_tickets = true
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
	if g, _ := sim.ContactGroup(2); len(g.Members) != 1 || g.Members[0].ContactID != 1 || !g.Members[0].AccessTickets {
		t.Fatalf("HappyFox did not carry the membership out (members %v); the test proves nothing", g.Members)
	}
	if tainted := w.taintedAddresses(); len(tainted) > 0 {
		t.Fatalf("the membership HappyFox holds is tainted: %v\n%s", tainted, out)
	}
	if id := w.membershipStateID(); id != "2/1" {
		t.Fatalf("the membership HappyFox holds is not in the state (id %q):\n%s", id, out)
	}
	before := sim.Counters().Writes
	plan, err := w.run(nil, "plan", "-detailed-exitcode", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("the plan after the interrupted apply is not empty (%v):\n%s", err, plan)
	}
	if after := sim.Counters().Writes; len(after) != len(before) || after["contact_group/2"] != before["contact_group/2"] {
		t.Fatalf("the plan wrote: %v, before %v", after, before)
	}
}

// membershipStateID returns the id attribute of the workspace's one happyfox_contact_group_membership ("" if none).
func (w *workspace) membershipStateID() string {
	if ids := w.stateRawIDs("happyfox_contact_group_membership"); len(ids) == 1 {
		return ids[0]
	}
	return ""
}
