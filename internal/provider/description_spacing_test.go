package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// text-cleaning=collapse (§1.4, L): HappyFox stores a description with its runs of white space, line breaks
// included, made one space. A description is multi-line, so the plan refuses only white space at its ends; the
// rest is the same text for HappyFox (client.SameFreeText): the apply is not reported as not applied, the state
// keeps the configured spelling, and the next plan is empty. A change of case is a change.
func TestAccContactGroup_descriptionHappyFoxCollapsesKeepsTheConfiguredSpelling(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{TextCleaning: "collapse"}})
	config := func(description string) string {
		return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact_group" "test" {
  name        = "Collapse Team"
  description = %q
}
`, description)
	}
	stored := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			id, err := groupIDFromState(s)
			if err != nil {
				return err
			}
			if g, _ := sim.ContactGroup(id); g.Description != want {
				return fmt.Errorf("HappyFox holds the description %q, want %q", g.Description, want)
			}
			return nil
		}
	}
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("Key  accounts\nin EMEA"), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty},
				Check: resource.ComposeTestCheckFunc(stored("Key accounts in EMEA"),
					resource.TestCheckResourceAttr("happyfox_contact_group.test", "description", "Key  accounts\nin EMEA"))},
			{Config: config("Key  accounts\nin emea"), Check: stored("Key accounts in emea"), ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact_group.test", plancheck.ResourceActionUpdate)},
				PostApplyPostRefresh: empty,
			}},
		},
	})
}
