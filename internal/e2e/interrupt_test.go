package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Interrupting an apply of 100 objects midway (SIGINT to terraform, as Ctrl-C or a CI cancel does) stops it
// promptly, and the state holds every object HappyFox created, none of them tainted: nothing is orphaned. The
// next plain terraform apply converges: it creates only the rest (no "already exists", no replacement), HappyFox
// then holds each object exactly once, and the plan after it is empty.
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
resource "happyfox_contact" "c" {
  count = 40
  name  = "Interrupted ${count.index}"
  email = "interrupted${count.index}@example.com"
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
	if tainted := w.taintedAddresses(); len(tainted) > 0 {
		t.Fatalf("the interrupt left %d objects tainted (the next apply would replace objects HappyFox cannot delete): %v",
			len(tainted), tainted)
	}

	// The next plain apply converges.
	if out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the apply after the interrupt failed: %v\n%s", err, out)
	}
	groups, contacts := map[string]int{}, map[string]int{}
	for _, g := range sim.ContactGroups() {
		if strings.HasPrefix(g.Name, "Interrupted ") {
			groups[g.Name]++
		}
	}
	for _, c := range sim.Contacts() {
		if strings.HasPrefix(c.Email, "interrupted") {
			contacts[strings.ToLower(c.Email)]++
		}
	}
	if len(groups) != 60 || len(contacts) != 40 {
		t.Fatalf("after the second apply HappyFox holds %d of 60 groups and %d of 40 contacts", len(groups), len(contacts))
	}
	for k, n := range groups {
		if n != 1 {
			t.Errorf("group %q exists %d times", k, n)
		}
	}
	for k, n := range contacts {
		if n != 1 {
			t.Errorf("contact %q exists %d times", k, n)
		}
	}
	if out, err := w.run(nil, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
		t.Fatalf("the plan after the second apply is not empty (%v):\n%s", err, out)
	}
}

// taintedAddresses lists the resource instances the workspace's state marks tainted.
func (w *workspace) taintedAddresses() []string {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatalf("reading state: %v", err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				IndexKey any    `json:"index_key"`
				Status   string `json:"status"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		w.t.Fatalf("decoding state: %v", err)
	}
	var out []string
	for _, r := range st.Resources {
		for _, in := range r.Instances {
			if in.Status == "tainted" {
				out = append(out, fmt.Sprintf("%s.%s[%v]", r.Type, r.Name, in.IndexKey))
			}
		}
	}
	return out
}
