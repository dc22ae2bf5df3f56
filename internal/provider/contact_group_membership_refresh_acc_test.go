package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Refreshing the memberships of a group, and the group, costs about one GET contact_group/<id>/ per group and
// provider process, not one per membership (client contact_group_snapshot.go), and a membership removed outside
// Terraform is still seen by the next plan.
func TestAccContactGroupMembership_refreshReadsEachGroupOnce(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	const groups, perGroup = 3, 10
	var gids []int64
	for g := range groups {
		gids = append(gids, sim.AddContactGroup(happyfoxsim.ContactGroup{Name: fmt.Sprintf("Refresh %d", g)}).ID)
	}
	// Membership i is of group i % 3, and each depends on the one before: Terraform reads them one at a time,
	// alternating groups, so no two reads of a group are concurrent (concurrent reads share a GET already) and
	// every read after the first of its group is served by the snapshot, or costs a GET without it.
	var config strings.Builder
	config.WriteString(sim.providerBlock(""))
	var removed int64 // the member of membership m1 (second group), removed outside Terraform
	for i := range groups * perGroup {
		cid := sim.AddContact(happyfoxsim.Contact{Name: "Member", Email: fmt.Sprintf("refresh%d@example.com", i)}).ID
		if i == 1 {
			removed = cid
		}
		dep := ""
		if i > 0 {
			dep = fmt.Sprintf("\n  depends_on = [happyfox_contact_group_membership.m%d]", i-1)
		}
		fmt.Fprintf(&config, `
resource "happyfox_contact_group_membership" "m%d" {
  group_id   = %d
  contact_id = %d%s
}
`, i, gids[i%groups], cid, dep)
	}
	// The groups are managed too (imported), and refreshed after every membership: their own Reads are served
	// by the same snapshots.
	for g, gid := range gids {
		fmt.Fprintf(&config, `
import {
  to = happyfox_contact_group.g%d
  id = "%d"
}
resource "happyfox_contact_group" "g%d" {
  name       = "Refresh %d"
  depends_on = [happyfox_contact_group_membership.m%d]
}
`, g, gid, g, g, groups*perGroup-1)
	}
	const route = "GET /contact_group/{id}/"
	var before, plans int
	cfg := config.String()
	groupGets := func() int { return sim.Counters().Routes[route] }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { before = groupGets() },
				Config:    cfg,
				PlanOnly:  true,
			},
			{
				PreConfig: func() {
					plans = groupGets() - before
					t.Logf("refreshing %d memberships on %d groups and the groups: %d %s", groups*perGroup, groups, plans, route)
					if !sim.RemoveContactFromGroupOutside(gids[1], removed) { // membership m1
						t.Fatal("could not remove the member in the simulator")
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("happyfox_contact_group_membership.m1", plancheck.ResourceActionCreate),
				}},
				Check: func(*terraform.State) error {
					if got := simMembers(sim, gids[1]); !strings.Contains(" "+got+" ", fmt.Sprintf(" %d:false ", removed)) ||
						len(strings.Fields(got)) != perGroup {
						return fmt.Errorf("group %d members after the apply: %q, want %d with contact %d again", gids[1], got, perGroup, removed)
					}
					return nil
				},
			},
		},
	})
	// One GET per group in the plan's provider process, against 33 (one per membership and group) without the
	// snapshot.
	if plans == 0 || plans > groups {
		t.Fatalf("refreshing %d memberships on %d groups and the groups cost %d %s, want at most %d", groups*perGroup, groups, plans, route, groups)
	}
}
