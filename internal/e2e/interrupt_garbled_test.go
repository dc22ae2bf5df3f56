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

// Every shared contact create is answered with a firewall's HTML page (HTTP 200) after HappyFox carried it out, and
// the apply is interrupted as soon as the first such answer went out. The apply ends by itself, gracefully (no
// SIGKILL needed): every caller of a garbled bulk request gets its outcome. The state file is intact and holds every
// contact HappyFox created; none is tainted, and the next plain apply converges with one contact per e-mail.
func TestInterruptWhileBulkAnswersAreGarbled(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	sim.GarbleAnswers(happyfoxsim.GarbledAnswers{Routes: []string{"POST /users/"}, Body: happyfoxsim.GarbledHTML, Count: 1000})
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact" "c" {
  count = 40
  name  = "Garbled ${count.index}"
  email = "garbled${count.index}@example.com"
}
`)
	// The whole test is bounded, so that a hang fails it instead of the run; the process is killed only then.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd, out := w.command(ctx, nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tick := time.NewTicker(5 * time.Millisecond)
	for sim.Counters().GarbledAnswers == 0 {
		select {
		case <-tick.C:
		case <-ctx.Done():
			t.Fatalf("no bulk create was answered:\n%s", out)
		}
	}
	tick.Stop()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the interrupted apply did not end by itself (killed after the test's bound):\n%s", out)
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatal(err)
	}
	if exitErr != nil {
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("terraform was killed instead of shutting down:\n%s", out)
		}
	}
	inState := w.stateIDs("happyfox_contact") // fails the test on an empty or broken state file
	for _, c := range sim.Contacts() {
		if strings.HasPrefix(c.Email, "garbled") && !inState[c.ID] {
			t.Errorf("contact %d <%s> exists in HappyFox but not in the state: orphaned", c.ID, c.Email)
		}
	}
	if tainted := w.taintedAddresses(); len(tainted) > 0 {
		t.Fatalf("%d contacts left tainted: %v", len(tainted), tainted)
	}
	t.Logf("%d of 40 contacts in state after the interrupt", len(inState))

	sim.GarbleAnswers(happyfoxsim.GarbledAnswers{})
	if out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the apply after the interrupt failed: %v\n%s", err, out)
	}
	seen := map[string]int{}
	for _, c := range sim.Contacts() {
		if strings.HasPrefix(c.Email, "garbled") {
			seen[strings.ToLower(c.Email)]++
		}
	}
	if len(seen) != 40 {
		t.Fatalf("HappyFox holds %d of 40 contacts", len(seen))
	}
	for e, n := range seen {
		if n != 1 {
			t.Errorf("%s exists %d times", e, n)
		}
	}
	if out, err := w.run(nil, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after the second apply is not empty (%v):\n%s", err, out)
	}
}
