package e2e

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// A group name with surrounding white space, as configurations fed from spreadsheets and HR exports carry, would be
// stored stripped by a HappyFox that strips it as Django form fields do (the simulator's default,
// text-cleaning=strip; §1.4). Such a name is refused at plan, on name, before any request that writes: nothing is
// created, so nothing can be orphaned.
func TestGroupNameWithSurroundingSpaceIsRefusedAtPlan(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{})
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  name = "Platform team "
}
`)
	before := len(sim.ContactGroups())
	out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("the apply succeeded; the name must be refused at plan:\n%s", out)
	}
	if !says("Text HappyFox would change").MatchString(out) || !says(`name is "Platform team ". HappyFox would store "Platform team"`).MatchString(out) {
		t.Fatalf("the error does not name the attribute and the cleaning:\n%s", out)
	}
	if n := len(sim.ContactGroups()) - before; n != 0 {
		t.Fatalf("%d groups were created", n)
	}
	if writes := sim.Counters().Writes; len(writes) != 0 {
		t.Fatalf("the refused plan wrote: %v", writes)
	}
}

// A group whose name HappyFox holds with surrounding white space anyway (created in the web interface, or before
// HappyFox stripped names) is the same group as the configuration's clean name (client.SameText): a create of
// that name is refused at plan as taken, with no write, so no second group appears; imported, it is tracked and
// renamed to the configured spelling where HappyFox renames (and kept otherwise), and the next plan is empty. It is
// never orphaned nor duplicated.
func TestGroupNameHappyFoxStripsIsNeverOrphaned(t *testing.T) {
	skipUnlessAcc(t)
	for _, rename := range []string{"", "allowed"} {
		t.Run("group-rename="+rename, func(t *testing.T) {
			sim := happyfoxsim.New(happyfoxsim.Options{Assume: happyfoxsim.Assumptions{GroupRename: rename}})
			held := sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Platform team ", Description: "From a spreadsheet"})
			group := `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  name        = "Platform team"
  description = "From a spreadsheet"
}
`
			w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, group)
			out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color")
			if err == nil || !says("Contact group already exists").MatchString(out) {
				t.Fatalf("creating the name HappyFox holds must be refused at plan as taken (%v):\n%s", err, out)
			}
			if writes := sim.Counters().Writes; len(writes) != 0 {
				t.Fatalf("the refused plan wrote: %v", writes)
			}
			writeFile(t, filepath.Join(w.dir, "import.tf"), "import {\n  to = happyfox_contact_group.g\n  id = \""+strconv.FormatInt(held.ID, 10)+"\"\n}\n")
			if out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
				t.Fatalf("import and apply: %v\n%s", err, out)
			}
			if ids := w.stateIDs("happyfox_contact_group"); len(ids) != 1 || !ids[held.ID] {
				t.Fatalf("the state holds groups %v, want %d", ids, held.ID)
			}
			var same []string
			for _, g := range sim.ContactGroups() {
				if strings.EqualFold(strings.TrimSpace(g.Name), "platform team") {
					same = append(same, g.Name)
				}
			}
			if len(same) != 1 {
				t.Fatalf("HappyFox holds %d groups of that name: %q", len(same), same)
			}
			if g, _ := sim.ContactGroup(held.ID); rename == "allowed" && g.Name != "Platform team" {
				t.Fatalf("HappyFox renames groups, but holds %q", g.Name)
			}
			if out, err := w.run(nil, "plan", "-detailed-exitcode", "-input=false", "-no-color"); err != nil {
				t.Fatalf("the plan after the import is not empty (%v):\n%s", err, out)
			}
		})
	}
}
