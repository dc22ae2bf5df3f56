package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Interrupting an apply midway (SIGINT to terraform, as Ctrl-C or a CI cancel does) stops it promptly, and the
// state holds every object HappyFox created: nothing is orphaned.
func TestInterruptedApplyKeepsEveryCreatedObject(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	// Slow answers keep the apply busy long enough to interrupt it in the middle.
	sim.SetFaults(happyfoxsim.Faults{Latency: 150 * time.Millisecond})
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  count = 60
  name  = "Interrupted ${count.index}"
}
`)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd, out := w.command(ctx, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait (on a condition, not a timer) until some groups exist, then interrupt.
	created := func() int { return sim.Counters().Routes["POST /contact_groups/"] }
	tick := time.NewTicker(10 * time.Millisecond)
	for created() < 10 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("the apply never got going:\n%s", out)
		}
	}
	tick.Stop()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	interruptedAt := time.Now()
	err := cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		t.Fatalf("terraform did not fail after the interrupt (err %v):\n%s", err, out)
	}
	if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("terraform was killed instead of shutting down gracefully:\n%s", out)
	}
	// "Promptly": far less than the time the remaining creates would have taken at this latency.
	if d := time.Since(interruptedAt); d > time.Minute {
		t.Fatalf("terraform took %s to stop after the interrupt", d)
	}

	var inSim []int64
	for _, g := range sim.ContactGroups() {
		if strings.HasPrefix(g.Name, "Interrupted ") {
			inSim = append(inSim, g.ID)
		}
	}
	if len(inSim) == 0 || len(inSim) == 60 {
		t.Fatalf("%d of 60 groups exist: the interrupt did not land midway; the test proves nothing", len(inSim))
	}
	inState := w.stateIDs("happyfox_contact_group")
	for _, id := range inSim {
		if !inState[id] {
			t.Errorf("contact group %d exists in HappyFox but not in the state: orphaned by the interrupt", id)
		}
	}
	t.Logf("%d of 60 groups created before the interrupt, all in state", len(inSim))
}
