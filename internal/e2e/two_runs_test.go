package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const twoRunsConfig = `
provider "happyfox" {}
resource "happyfox_contact" "c" {
  count  = 30
  name   = "Twin ${count.index}"
  email  = "twin${count.index}@example.com"
  phones = [{ type = "mo", number = "+44 7700 900${format("%03d", count.index)}" }]
}
`

// Two workspaces with the same configuration (a copy of a repository) apply at the same moment on one machine,
// against one account. Both plans see the e-mails free. The runs claim each e-mail in a file they share beside the
// budget file before they send it, so each contact is created by one run only: HappyFox holds it once, with its
// phone once, it is in one state only, and the other run fails on that resource's email, naming the other run,
// with no "inconsistent result". The two workspaces are then brought back as RELIABILITY.md says: each contact is
// imported into the workspace that keeps it and removed from the other's state and configuration; both next
// plans are empty.
func TestTwoRunsCreatingTheSameContactsAtOnce(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	a := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, twoRunsConfig)
	b := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, twoRunsConfig)
	// One machine: one cache directory (the budget and claims files), and b talks to a's server, one account.
	shared := []string{envOf(a, "XDG_CACHE_HOME"), envOf(a, "HAPPYFOX_BASE_URL")}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmdA, outA := a.command(ctx, shared, "apply", "-auto-approve", "-input=false", "-no-color")
	cmdB, outB := b.command(ctx, shared, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := cmdA.Start(); err != nil {
		t.Fatal(err)
	}
	if err := cmdB.Start(); err != nil {
		t.Fatal(err)
	}
	errA, errB := cmdA.Wait(), cmdB.Wait()
	for _, out := range []string{outA.String(), outB.String()} {
		if strings.Contains(out, "inconsistent result") {
			t.Fatalf("Provider produced inconsistent result:\n%s", out)
		}
	}

	inA, inB := a.stateIDs("happyfox_contact"), b.stateIDs("happyfox_contact")
	byEmail := map[string]happyfoxsim.Contact{}
	for _, ct := range sim.Contacts() {
		if !strings.HasPrefix(ct.Email, "twin") {
			continue
		}
		if _, twice := byEmail[ct.Email]; twice {
			t.Errorf("two contacts have the e-mail %s", ct.Email)
		}
		byEmail[ct.Email] = ct
		if len(ct.Phones) != 1 {
			t.Errorf("contact %d <%s> holds %d phones, want its one", ct.ID, ct.Email, len(ct.Phones))
		}
		switch {
		case inA[ct.ID] && inB[ct.ID]:
			t.Errorf("contact %d <%s> is in both states", ct.ID, ct.Email)
		case !inA[ct.ID] && !inB[ct.ID]:
			t.Errorf("contact %d <%s> is in neither state: orphaned", ct.ID, ct.Email)
		}
	}
	if len(byEmail) != 30 {
		t.Fatalf("HappyFox holds %d of the 30 contacts\nA: %v\n%s\nB: %v\n%s", len(byEmail), errA, outA, errB, outB)
	}
	t.Logf("run A tracks %d contacts, run B %d", len(inA), len(inB))
	// Each run that lost a contact to the other says so on that resource: naming the other run when the contact
	// appeared between its last check and its create, or, when the apply's own plan already finds the other run's
	// contact, as a contact that exists, with its id and the import that adopts it.
	for _, lost := range []struct {
		n   int
		err error
		out string
	}{{len(inA), errA, outA.String()}, {len(inB), errB, outB.String()}} {
		named := strings.Contains(lost.out, "by another run") || strings.Contains(lost.out, "Contact already exists")
		if lost.n < 30 && (lost.err == nil || !named) {
			t.Fatalf("a run that does not track all 30 contacts must fail naming the other run (%v):\n%s", lost.err, lost.out)
		}
	}
	if t.Failed() {
		return
	}

	// Bring both back: workspace a keeps every contact; b gives them up.
	for i := range 30 {
		ct := byEmail[fmt.Sprintf("twin%d@example.com", i)]
		addr := fmt.Sprintf("happyfox_contact.c[%d]", i)
		if !inA[ct.ID] {
			if out, err := a.run(nil, "import", "-input=false", "-no-color", addr, fmt.Sprint(ct.ID)); err != nil {
				t.Fatalf("import into a: %v\n%s", err, out)
			}
		}
		if inB[ct.ID] {
			if out, err := b.run(nil, "state", "rm", addr); err != nil {
				t.Fatalf("state rm in b: %v\n%s", err, out)
			}
		}
	}
	writeFile(t, filepath.Join(b.dir, "main.tf"), `terraform {
  required_providers {
    happyfox = { source = "happyfox-iac/happyfox" }
  }
}
provider "happyfox" {}
`)
	for name, w := range map[string]*workspace{"a": a, "b": b} {
		if out, err := w.run(shared, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
			t.Fatalf("workspace %s: the plan after bringing it back is not empty (%v):\n%s", name, err, out)
		}
	}
}

// envOf returns the NAME=value entry of the workspace's environment.
func envOf(w *workspace, name string) string {
	for i := len(w.env) - 1; i >= 0; i-- {
		if strings.HasPrefix(w.env[i], name+"=") {
			return w.env[i]
		}
	}
	return name + "="
}
