package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Resource identity needs Terraform >= 1.12 (OpenTofu 1.12 supports it too); older CLIs skip these tests.
var identityMinVersion = version.Must(version.NewVersion("1.12.0"))

// identityConfig holds one resource of each kind. Seed data: field 62 "Product" (dropdown), asset type 1.
func identityConfig(sim *testSim) string {
	return sim.providerBlock("") + `
resource "happyfox_contact_group" "g" {
  name = "Identity group"
}
resource "happyfox_contact" "c" {
  name  = "Ida Identity"
  email = "ida@example.com"
  # An import reads every custom field; configured as HappyFox holds them (none), the import is a no-op.
  custom_fields = {}
}
resource "happyfox_contact_group_membership" "m" {
  group_id   = happyfox_contact_group.g.id
  contact_id = happyfox_contact.c.id
}
resource "happyfox_asset" "a" {
  asset_type_id = 1
  name          = "Identity laptop"
  display_id    = "ID-1"
}
resource "happyfox_ticket_custom_field_choices" "f" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }]
}
`
}

// TestAccResourceIdentity: every resource records its identity (the HappyFox ids that address it), and an
// import block with identity = {...} adopts each one with a no-op plan; string ids keep working beside it.
func TestAccResourceIdentity(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	t.Setenv("HAPPYFOX_STAFF_ID", fmt.Sprint(addAssetAgent(sim)))
	cfg := identityConfig(sim)
	matches := func(addr string, attrs ...string) []statecheck.StateCheck {
		var out []statecheck.StateCheck
		for _, a := range attrs {
			out = append(out, statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New(a)))
		}
		return out
	}
	var checks []statecheck.StateCheck
	checks = append(checks, matches("happyfox_contact_group.g", "id")...)
	checks = append(checks, matches("happyfox_contact.c", "id")...)
	checks = append(checks, matches("happyfox_asset.a", "id")...)
	checks = append(checks, matches("happyfox_contact_group_membership.m", "group_id", "contact_id")...)
	checks = append(checks, matches("happyfox_ticket_custom_field_choices.f", "field_id")...)
	checks = append(checks, statecheck.ExpectIdentity("happyfox_ticket_custom_field_choices.f", map[string]knownvalue.Check{
		"field_id": knownvalue.Int64Exact(62),
	}))

	steps := []resource.TestStep{{Config: cfg, ConfigStateChecks: checks}}
	for _, addr := range []string{
		"happyfox_contact_group.g", "happyfox_contact.c", "happyfox_asset.a",
		"happyfox_contact_group_membership.m", "happyfox_ticket_custom_field_choices.f",
	} {
		steps = append(steps,
			resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity},
			resource.TestStep{Config: cfg, ResourceName: addr, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(identityMinVersion)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	})
}

// TestAccResourceIdentity_importSeed imports existing HappyFox objects by identity alone (no prior state), the
// way an adoption does, and checks the error for an identity that names no object.
func TestAccResourceIdentity_importSeed(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(identityMinVersion)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sim.providerBlock("") + `
import {
  to       = happyfox_contact_group.existing
  identity = { id = 1 }
}
resource "happyfox_contact_group" "existing" {
  name           = "Existing Customers"
  description    = "Customers with an active contract"
  tagged_domains = ["example.com"]
}
import {
  to       = happyfox_ticket_custom_field_choices.product
  identity = { field_id = 62 }
}
resource "happyfox_ticket_custom_field_choices" "product" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity("happyfox_contact_group.existing", map[string]knownvalue.Check{"id": knownvalue.Int64Exact(1)}),
					statecheck.ExpectIdentity("happyfox_ticket_custom_field_choices.product", map[string]knownvalue.Check{"field_id": knownvalue.Int64Exact(62)}),
				},
				Check: func(*terraform.State) error {
					if n := writes(sim); n != 0 {
						return fmt.Errorf("adopting by identity made %d write request(s), want 0: %v", n, sim.Counters().Routes)
					}
					return nil
				},
			},
			{
				Config: sim.providerBlock("") + `
import {
  to       = happyfox_contact_group_membership.gone
  identity = { group_id = 1, contact_id = 99999 }
}
resource "happyfox_contact_group_membership" "gone" {
  group_id   = 1
  contact_id = 99999
}
`,
				ExpectError: regexp.MustCompile(`(?i)cannot import non-existent remote object|not (a member|found)`),
			},
		},
	})
}
