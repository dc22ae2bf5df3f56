package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const membershipAddr = "happyfox_contact_group_membership.test"

// membershipConfig: a group without `contacts` (members not managed there) and one membership of seed contact 3.
func membershipConfig(sim *testSim, access bool) string {
	return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact_group" "test" {
  name = "Partners"
}
resource "happyfox_contact_group_membership" "test" {
  group_id       = happyfox_contact_group.test.id
  contact_id     = 3
  access_tickets = %t
}
`, access)
}

func TestAccContactGroupMembership_lifecycle(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var gid int64
	member := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) (err error) {
			if gid, err = groupIDFromState(s); err != nil {
				return err
			}
			if got := simMembers(sim, gid); got != want {
				return fmt.Errorf("members %q, want %q", got, want)
			}
			if id := s.RootModule().Resources[membershipAddr].Primary.ID; id != fmt.Sprintf("%d/3", gid) {
				return fmt.Errorf("membership id %q, want <group_id>/<contact_id>", id)
			}
			return nil
		}
	}
	// The group does not set contacts, so the membership never shows up as a diff on the group.
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if got := simMembers(sim, gid); got != "" {
				return fmt.Errorf("destroying the membership should remove contact 3 from group %d: members %q", gid, got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: membershipConfig(sim, false), ConfigPlanChecks: empty, Check: member("3:false")},
			{
				Config: membershipConfig(sim, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: member("3:true"),
			},
			{
				ResourceName:      membershipAddr,
				ImportState:       true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return fmt.Sprintf("%d/3", gid), nil },
				ImportStateVerify: true,
			},
			{
				// Removed outside Terraform: the next plan adds it again.
				PreConfig: func() {
					if !sim.RemoveContactFromGroupOutside(gid, 3) {
						t.Fatal("could not remove the member in the simulator")
					}
				},
				Config: membershipConfig(sim, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(membershipAddr, plancheck.ResourceActionCreate)},
				},
				Check: member("3:true"),
			},
		},
	})
}

func TestAccContactGroupMembership_existingMemberIsNotTakenOver(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// Seed: contact 1 is a member of group 1.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
resource "happyfox_contact_group_membership" "test" {
  group_id   = 1
  contact_id = 1
}
`,
			ExpectError: flexRE(`already a member.*terraform import <address> 1/1\.`),
		}},
	})
	if n := sim.Counters().Routes["POST /contact_group/{id}/update_contacts/"]; n != 0 {
		t.Fatalf("the existing membership was written to (%d update_contacts)", n)
	}
}

// HappyFox's refusals of a membership are reported on the attribute. Contact 99999 is found by the plan-time lookup
// (lying_lists_test.go), so that HappyFox is the one to refuse it; group 404 is refused at plan time.
func TestAccContactGroupMembership_errors(t *testing.T) {
	sim := newLyingTestSim(t, happyfoxsim.Options{}, listLies{contacts: []int64{99999}})
	for name, tc := range map[string]struct {
		step resource.TestStep
	}{
		"unknown contact": {resource.TestStep{
			Config:      sim.providerBlock("") + "resource \"happyfox_contact_group_membership\" \"test\" {\n  group_id = 2\n  contact_id = 99999\n}\n",
			ExpectError: flexRE(`rejected contact 99999: there is no such contact`),
		}},
		"unknown group": {resource.TestStep{
			Config:      sim.providerBlock("") + "resource \"happyfox_contact_group_membership\" \"test\" {\n  group_id = 404\n  contact_id = 3\n}\n",
			ExpectError: flexRE(`no contact group 404`),
		}},
		"bad import id": {resource.TestStep{
			Config:        sim.providerBlock("") + "resource \"happyfox_contact_group_membership\" \"test\" {\n  group_id = 2\n  contact_id = 3\n}\n",
			ResourceName:  membershipAddr,
			ImportState:   true,
			ImportStateId: "2-3",
			ExpectError:   regexp.MustCompile(`expected <group_id>/<contact_id>`),
		}},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: []resource.TestStep{tc.step}})
		})
	}
}
