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

// The plan-time registry of e-mails (plan_claims.go) refuses what the apply would refuse, and nothing else:
//   - one terraform apply plans every resource twice in one provider process (the plan, then the apply, which
//     configures the provider again): the creates of step 1 are not taken for a second resource;
//   - a new contact with the e-mail of a managed one, in another case, is refused at plan time, on email, with no
//     write;
//   - an e-mail moved from one contact to a new one in the same apply is refused (the order of the two changes is
//     Terraform's), and the same move in two applies, as the error advises, goes through.
//
// The replacement of a tainted contact is TestAccReliability_replacementAdoptsTheObject; -replace is
// TestReplaceIsNotTakenForASecondResource (internal/e2e).
func TestAccReliability_planClaimsRefuseOnlyRealConflicts(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	contact := func(name, addr, email string) string {
		return fmt.Sprintf("resource \"happyfox_contact\" %q {\n  name  = %q\n  email = %q\n}\n", addr, name, email)
	}
	base := sim.providerBlock("") + `
resource "happyfox_contact_group" "g" {
  name = "Claims Group"
}
resource "happyfox_contact_group_membership" "m" {
  group_id   = happyfox_contact_group.g.id
  contact_id = happyfox_contact.a.id
}
`
	var writesBefore int
	noWrite := func() {
		if n := writes(sim); n != writesBefore {
			t.Fatalf("a refused plan sent %d writes: %v", n-writesBefore, sim.Counters().Routes)
		}
	}
	holders := func(email string) int {
		n := 0
		for _, c := range sim.Contacts() {
			if strings.EqualFold(c.Email, email) {
				n++
			}
		}
		return n
	}
	var first int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: base + contact("Claims A", "a", "a.claims@example.com"),
				Check: func(s *terraform.State) (err error) {
					first, err = stateID(s, "happyfox_contact.a", "contact")
					writesBefore = writes(sim)
					return err
				},
			},
			{
				Config:      base + contact("Claims A", "a", "a.claims@example.com") + contact("Claims B", "b", "A.Claims@Example.COM"),
				ExpectError: expectErrorRegexp(`(?s)(Two resources want the same e-mail|Contact already exists).*email`),
			},
			{
				PreConfig: noWrite,
				Config: base + contact("Claims A", "a", "b.claims@example.com") +
					contact("Claims C", "c", "a.claims@example.com"),
				ExpectError: expectErrorRegexp(`(?s)(The e-mail moves between two resources in one apply|Contact already exists)`),
			},
			{
				PreConfig: noWrite,
				Config:    base + contact("Claims A", "a", "b.claims@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact.a", plancheck.ResourceActionUpdate)},
				},
			},
			{
				Config: base + contact("Claims A", "a", "b.claims@example.com") + contact("Claims C", "c", "a.claims@example.com"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact.c", plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if id, err := stateID(s, "happyfox_contact.a", "contact"); err != nil {
						return err
					} else if id != first {
						return fmt.Errorf("happyfox_contact.a tracks %d, want %d", id, first)
					}
					if holders("a.claims@example.com") != 1 || holders("b.claims@example.com") != 1 {
						return fmt.Errorf("each e-mail must belong to one contact: %v", sim.Contacts())
					}
					return nil
				},
			},
		},
	})
}

// The plan-time checks of ids (plan_checks.go) cost no request for the objects of the configuration: 30 contacts
// created in the same apply as a group listing them as members, 30 memberships of a second new group and an asset
// linked to them all. The contacts' ids are unknown at plan time (skipped) and known in the apply, where the
// contacts this process just created need no lookup; the post-apply plan finds them refreshed. Without that, the
// apply would read each contact once per reference (a contact this apply wrote is never served from a list page).
func TestAccReliability_planChecksOfManagedIDsCostNoRequest(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	const n = 30
	cfg := sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact" "c" {
  count = %d
  name  = "Checked ${count.index}"
  email = "checked${count.index}@example.com"
}
resource "happyfox_contact_group" "members" {
  name     = "Checked members"
  contacts = [for c in happyfox_contact.c : { contact_id = c.id }]
}
resource "happyfox_contact_group" "memberships" {
  name = "Checked memberships"
}
resource "happyfox_contact_group_membership" "m" {
  count      = %d
  group_id   = happyfox_contact_group.memberships.id
  contact_id = happyfox_contact.c[count.index].id
}
resource "happyfox_asset" "a" {
  asset_type_id = 1
  name          = "Checked asset"
  display_id    = "CHK-1"
  contact_ids   = happyfox_contact.c[*].id
}
`, n, n)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				single := sim.Counters().Routes["GET /user/{id}/"]
				t.Logf("GET user/<id>/: %d for %d contacts referred to %d times", single, n, 3*n)
				if single >= n {
					return fmt.Errorf("%d single contact reads for %d contacts: the id checks read the contacts", single, n)
				}
				return nil
			},
		}},
	})
}
