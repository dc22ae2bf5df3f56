package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// import -> terraform plan -generate-config-out: the configuration Terraform generates from the imported state
// reproduces what HappyFox holds, so the plan is a no-op import, and applying it writes nothing; also when the
// optional collections (custom_fields, phones, contacts, tagged_domains) are empty in HappyFox.
func TestAccReliability_importGenerateConfigRoundTrips(t *testing.T) {
	skipUnlessAcc(t)
	for _, tc := range []struct{ name, addr, id string }{
		{"contact with phones and custom fields", "happyfox_contact.imported", "1"},
		{"contact without phones or custom fields", "happyfox_contact.imported", "2"},
		{"contact with phones only", "happyfox_contact.imported", "3"},
		{"contact with a multiple-choice field", "happyfox_contact.imported", "disabled@example.org"},
		{"group with members and domains", "happyfox_contact_group.imported", "1"},
		{"group without members, domains or description", "happyfox_contact_group.imported", "2"},
		{"membership", "happyfox_contact_group_membership.imported", "1/1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          sim.providerBlock(""),
					ResourceName:    tc.addr,
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithID,
					ImportStateId:   tc.id,
					GenerateConfig:  true,
					ImportStateCheck: func([]*terraform.InstanceState) error {
						return nil
					},
				}},
				CheckDestroy: func(*terraform.State) error {
					if n := writes(sim); n != 0 {
						return fmt.Errorf("import and plan made %d writes: %v", n, sim.Counters().Routes)
					}
					return nil
				},
			})
		})
	}
}

// One rule for "not in the configuration": an attribute left out is not managed and never cleared. After an
// import, a configuration with only the required attributes plans nothing and writes nothing, however much
// HappyFox holds (phones, custom field values, a description, tagged domains, members, access_tickets).
func TestAccReliability_importWithMinimalConfigPlansNothing(t *testing.T) {
	skipUnlessAcc(t)
	for _, tc := range []struct{ name, addr, id, config string }{
		{"contact with phones and custom fields", "happyfox_contact.imported", "1", `
resource "happyfox_contact" "imported" {
  name  = "Existing Person"
  email = "existing@example.com"
}`},
		{"contact with a multiple-choice field and login disabled", "happyfox_contact.imported", "4", `
resource "happyfox_contact" "imported" {
  name  = "Disabled Login"
  email = "disabled@example.org"
}`},
		{"group with description, domains and members", "happyfox_contact_group.imported", "1", `
resource "happyfox_contact_group" "imported" {
  name = "Existing Customers"
}`},
		{"membership with access to the group's tickets", "happyfox_contact_group_membership.imported", "1/1", `
resource "happyfox_contact_group_membership" "imported" {
  group_id   = 1
  contact_id = 1
}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          sim.providerBlock("") + tc.config,
					ResourceName:    tc.addr,
					ImportState:     true,
					ImportStateKind: resource.ImportBlockWithID,
					ImportStateId:   tc.id,
				}},
				CheckDestroy: func(*terraform.State) error {
					if n := writes(sim); n != 0 {
						return fmt.Errorf("import and plan made %d writes: %v", n, sim.Counters().Routes)
					}
					return nil
				},
			})
		})
	}
}

// An import reads the phone types HappyFox stores, as codes ("mo", "w"); a configuration may say the words
// ("mobile", "work"). Import, then apply with the words: zero writes (only the state takes the configured
// spelling), and the next plan is empty. Then the codes again: still nothing written.
func TestAccReliability_importWithPhoneTypeWordsWritesNothing(t *testing.T) {
	skipUnlessAcc(t)
	sim := newTestSim(t, happyfoxsim.Options{})
	if !sim.SetContactCustomField(3, 4, "PHN-3") {
		t.Fatal("could not set a custom field")
	}
	config := func(work, home string) string {
		return sim.providerBlock("") + fmt.Sprintf(`
import {
  to = happyfox_contact.imported
  id = "3"
}
resource "happyfox_contact" "imported" {
  name          = "Phone Only"
  phones        = [{ type = %q, number = "020 7946 0000", is_primary = true }, { type = %q, number = "020 7946 0001" }]
  custom_fields = { "4" = "PHN-3" }
}
`, work, home)
	}
	noWrites := func(*terraform.State) error {
		if n := writes(sim); n != 0 {
			return fmt.Errorf("%d writes: %v", n, sim.Counters().Routes)
		}
		return nil
	}
	empty := []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("work", "home"), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty}, Check: noWrites},
			{Config: config("w", "h"), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty}, Check: noWrites},
			{Config: config("Work", "HOME"), ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: empty}, Check: noWrites},
		},
	})
	if c, _ := sim.Contact(3); len(c.Phones) != 2 || c.Phones[0].Type != "w" || c.Phones[1].Type != "h" {
		t.Errorf("the phones changed: %+v", c.Phones)
	}
}
