package bench

import (
	"fmt"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// End-to-end tests of the refresh of contact groups from their list (client.RefreshContactGroupSummary): the built
// provider under the real CLI, with TF_ACC=1 (make test). The benchmark measures the same (TestBenchReads).

const (
	routeGetGroup   = "GET /contact_group/{id}/"
	routeListGroups = "GET /contact_groups/"
)

// seedGroups adds n contact groups to the simulator, as an account to adopt holds them.
func seedGroups(sim *happyfoxsim.Server, n int) []happyfoxsim.ContactGroup {
	out := make([]happyfoxsim.ContactGroup, n)
	for i := range n {
		out[i] = sim.AddContactGroup(happyfoxsim.ContactGroup{Name: fmt.Sprintf("Adopted %03d", i),
			Description: fmt.Sprintf("Team %d", i), TaggedDomains: fmt.Sprintf("g%d.example", i)})
	}
	return out
}

// adoptedGroupsConfig imports the groups with one for_each import block and manages them without their members
// (as the adoption guide's generated configuration does).
func adoptedGroupsConfig(groups []happyfoxsim.ContactGroup) string {
	var b strings.Builder
	b.WriteString("locals {\n  groups = {\n")
	for i, g := range groups {
		fmt.Fprintf(&b, "    g%03d = { id = %q, name = %q, description = %q, domains = %q }\n", i, fmt.Sprint(g.ID), g.Name, g.Description, g.TaggedDomains)
	}
	b.WriteString(`  }
}

import {
  for_each = local.groups
  to       = happyfox_contact_group.g[each.key]
  id       = each.value.id
}

resource "happyfox_contact_group" "g" {
  for_each       = local.groups
  name           = each.value.name
  description    = each.value.description
  tagged_domains = [each.value.domains]
}
`)
	return b.String()
}

// A plan of 150 adopted groups whose members are not managed costs the one GET of the group list, and still sees
// what changed in HappyFox: a group renamed, a description and domains changed (planned as updates), a group
// deleted (read singly: its 404 plans its creation), a name changed only in case (the same text, no change). When
// the listing fails, or the list leaves description and tagged_domains out (list-fields=fewer, §1.1 "?"), the
// groups are read singly and nothing is taken for cleared.
func TestAccReadPath_refreshOfManyGroupsReadsTheGroupList(t *testing.T) {
	skipUnlessAcc(t)
	const n = 150
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	groups := seedGroups(sim.sim, n)
	w := newWorkspace(t, sim, unlimited, "")
	w.config(adoptedGroupsConfig(groups))
	if a := w.tf("apply", "-auto-approve", "-input=false"); a.writes() != 0 {
		t.Fatalf("the adopting apply wrote: %s", a.routes())
	}

	res := w.tf("plan", "-input=false", "-detailed-exitcode") // exit code 0: no changes
	if list, single := res.Stats.Routes[routeListGroups], res.Stats.Routes[routeGetGroup]; list != 1 || single != 0 || res.gets() > 5 {
		t.Errorf("plan of %d adopted groups: %d GETs (%s), want the group list only", n, res.gets(), res.routes())
	}

	// A failed listing: every group is read singly (retries off, so that the failure is quick).
	w.env = append(w.env, "HAPPYFOX_MAX_RETRIES=0")
	sim.sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1, Routes: []string{routeListGroups}})
	res = w.tf("plan", "-input=false", "-detailed-exitcode")
	if single := res.Stats.Routes[routeGetGroup]; single != n {
		t.Errorf("plan with the group list failing: %d single group GETs (%s), want %d", single, res.routes(), n)
	}
	sim.sim.SetFaults(happyfoxsim.Faults{})

	sim.sim.RenameContactGroupOutside(groups[0].ID, "Renamed outside Terraform")
	desc, domains := "Changed outside Terraform", "other.example"
	sim.sim.UpdateContactGroupOutside(groups[1].ID, &desc, nil)
	sim.sim.UpdateContactGroupOutside(groups[2].ID, nil, &domains)
	sim.sim.RemoveContactGroup(groups[3].ID)
	sim.sim.RenameContactGroupOutside(groups[4].ID, strings.ToUpper(groups[4].Name)) // the same text (client.SameText): no change
	const drift = "1 to add, 3 to change, 0 to destroy"
	planSees := func(what string, wantSingles int) {
		t.Helper()
		res, err := w.try("plan", "-input=false", "-detailed-exitcode")
		if err == nil || !strings.Contains(res.Output, drift) {
			t.Fatalf("%s: plan after changes outside Terraform: %v\n%s", what, err, tail(res.Output, 40))
		}
		if single := res.Stats.Routes[routeGetGroup]; single != wantSingles {
			t.Errorf("%s: %d single group GETs (%s), want %d", what, single, res.routes(), wantSingles)
		}
		t.Logf("%s: %d GETs (%s)", what, res.gets(), res.routes())
	}
	planSees("group list", 1) // the deleted group, missing from the list
	sim.sim.SetAssumptions(happyfoxsim.Assumptions{ListFields: "fewer"})
	planSees("list without description and tagged_domains", n)
}

// An imported group's state holds no members (its refresh reads the group list only). A configuration that sets
// contacts then plans an update: the plan reads the group to warn about the members the apply will remove, the
// apply makes HappyFox's members the configured ones, and from then on the refresh reads the group's members, so
// a member removed outside Terraform is seen.
func TestAccReadPath_importedGroupThenManagedMembers(t *testing.T) {
	skipUnlessAcc(t)
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	var ids []int64
	for i := range 3 {
		ids = append(ids, sim.sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("member%d@example.com", i)}).ID)
	}
	g := sim.sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Imported", Description: "d", TaggedDomains: "imported.example"})
	sim.sim.AddContactToGroupOutside(g.ID, ids[0], false)
	sim.sim.AddContactToGroupOutside(g.ID, ids[1], false)
	w := newWorkspace(t, sim, unlimited, "")
	w.config(fmt.Sprintf(`import {
  to = happyfox_contact_group.g
  id = "%d"
}

resource "happyfox_contact_group" "g" {
  name           = "Imported"
  description    = "d"
  tagged_domains = ["imported.example"]
  contacts       = [{ contact_id = %d }, { contact_id = %d, access_tickets = true }]
}
`, g.ID, ids[0], ids[2]))
	p, err := w.try("plan", "-input=false", "-detailed-exitcode")
	if err == nil || !strings.Contains(p.Output, "1 to import, 0 to add, 1 to change") ||
		!strings.Contains(p.Output, "Members added outside Terraform will be removed") || !strings.Contains(p.Output, fmt.Sprintf("Contact(s) %d ", ids[1])) {
		t.Fatalf("plan of an import that manages members: %v\n%s", err, tail(p.Output, 60))
	}
	w.tf("apply", "-auto-approve", "-input=false")
	got, _ := sim.sim.ContactGroup(g.ID)
	if members := fmt.Sprint(got.Members); len(got.Members) != 2 || got.Members[0].ContactID != ids[0] || got.Members[1].ContactID != ids[2] || !got.Members[1].AccessTickets {
		t.Fatalf("members after the apply: %s, want %d and %d (with ticket access)", members, ids[0], ids[2])
	}
	w.tf("plan", "-input=false", "-detailed-exitcode")
	sim.sim.RemoveContactFromGroupOutside(g.ID, ids[2])
	p, err = w.try("plan", "-input=false", "-detailed-exitcode")
	if err == nil || !strings.Contains(p.Output, "0 to add, 1 to change") {
		t.Fatalf("plan after a managed member was removed outside Terraform: %v\n%s", err, tail(p.Output, 40))
	}
	if single := p.Stats.Routes[routeGetGroup]; single != 1 {
		t.Errorf("the refresh of a group that manages members read it %d times, want 1: %s", single, p.routes())
	}
}
