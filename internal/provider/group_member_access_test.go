package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// group-members=id-only (§2.8, M/L): the members of GET contact_group/<id>/ carry only their id, not
// view_tickets_in_group. The access is then read from each contact's contact_groups[] (§2.1, H); where HappyFox
// shows it nowhere, the configured (or last known) value stays, and no access is reported as not applied.

func memberAccessConfig(sim *testSim, first, second, membership bool) string {
	return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact_group" "test" {
  name     = "Access Team"
  contacts = [{ contact_id = 1, access_tickets = %t }, { contact_id = 3, access_tickets = %t }]
}
resource "happyfox_contact_group_membership" "test" {
  group_id       = 2
  contact_id     = 5
  access_tickets = %t
}
`, first, second, membership)
}

// memberAccessSteps applies, changes every access and applies again; each apply is checked in HappyFox and
// followed by an empty plan.
func memberAccessSteps(sim *testSim) []resource.TestStep {
	var gid int64
	check := func(group, vip string) resource.TestCheckFunc {
		return func(s *terraform.State) (err error) {
			if gid, err = groupIDFromState(s); err != nil {
				return err
			}
			if got := simMembers(sim, gid); got != group {
				return fmt.Errorf("group members %q, want %q", got, group)
			}
			if got := simMembers(sim, 2); got != vip {
				return fmt.Errorf("VIP members %q, want %q", got, vip)
			}
			return nil
		}
	}
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	return []resource.TestStep{
		{Config: memberAccessConfig(sim, true, false, true), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
			Check: check("1:true 3:false", "5:true")},
		{Config: memberAccessConfig(sim, false, true, false), Check: check("1:false 3:true", "5:false"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("happyfox_contact_group.test", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate),
				},
				PostApplyPostRefresh: empty,
			}},
	}
}

func TestAccGroupMemberAccess_readFromTheContactWhenMembersCarryOnlyTheirID(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{GroupMembers: "id-only"}})
	steps := memberAccessSteps(sim)
	// Changed outside Terraform: seen through the contacts, so the next plan corrects it.
	steps = append(steps, resource.TestStep{
		PreConfig: func() {
			for _, g := range sim.ContactGroups() {
				if g.Name == "Access Team" && !sim.AddContactToGroupOutside(g.ID, 3, false) {
					t.Fatal("could not change the access outside")
				}
			}
			if !sim.AddContactToGroupOutside(2, 5, true) {
				t.Fatal("could not change the access outside")
			}
		},
		Config:             memberAccessConfig(sim, false, true, false),
		PlanOnly:           true,
		ExpectNonEmptyPlan: true,
	})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// Where neither the group's members nor the contacts show the access (a proxy removes contact_groups from every
// contact), the applies still converge: the access sent is kept, never reported as not applied.
func TestAccGroupMemberAccess_shownNowhereKeepsTheConfiguredValue(t *testing.T) {
	hide := &rewritingProxy{
		match: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasPrefix(strings.TrimPrefix(r.URL.Path, happyfoxsim.BasePath), "user")
		},
		edit: func(_ *http.Request, body any) {
			eachObject(body, func(o map[string]any) { delete(o, "contact_groups") })
		},
	}
	sim := newProxiedSim(t, hide)
	sim.SetAssumptions(happyfoxsim.Assumptions{GroupMembers: "id-only"})
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: memberAccessSteps(sim)})
	if hide.count() == 0 {
		t.Errorf("no contact was read for its access: the test proves nothing")
	}
}
