package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Custom field types whose names the provider does not know (docs/dev/happyfox-api.md §2.7, §3.1: only some names
// are evidenced; field-type-names=other answers numeric, datetime, multiline, multichoice). No one encoding is
// safe for every type, so a configured value of such a field is refused at plan, on its custom_fields["<id>"]
// path, naming the type HappyFox reported, and nothing is sent; a value the configuration does not manage is sent
// back as HappyFox answered it, so an update never loses it.

func TestAccUnknownFieldType_configuredValueRefusedAtPlan(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{FieldTypeNames: "other"}})
	for _, tc := range []struct {
		name, config, path, want string
	}{
		{"contact multiple choice", `
resource "happyfox_contact" "x" {
  name          = "Jane"
  email         = "jane.unknown.type@example.com"
  custom_fields = { "4" = "ACME-9", "8" = "10,11" }
}
`, `custom_fields["8"]`, `custom_fields\["8"\] = "10,11" cannot be sent: HappyFox reports the type of field 8 \("Products"\) as "multichoice", a type this provider does not know`},
		{"asset number", `
resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Laptop"
  display_id    = "LAP-UNKNOWN"
  custom_fields = { "45" = "SER-1", "47" = "16" }
}
`, `custom_fields["47"]`, `custom_fields\["47"\] = "16" cannot be sent: HappyFox reports the type of field 47 \("RAM GB"\) as "numeric"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			log := &diagLog{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: recordingFactories(log),
				Steps: []resource.TestStep{{Config: sim.providerBlock("") + tc.config, PlanOnly: true,
					ExpectError: expectErrorRegexp(`(?s)` + tc.want)}},
			})
			if len(log.errorsAt(tc.path)) != 1 {
				t.Errorf("want one error on %s; the provider returned: %v", tc.path, log.all())
			}
			if len(log.all()) != 1 {
				t.Errorf("only the value of the unknown type may be refused; the provider returned: %v", log.all())
			}
		})
	}
	if n := writes(sim); n != 0 {
		t.Errorf("refused values made %d writes: %v", n, sim.Counters().Routes)
	}
}

// Blank clears a field of any type (sent as null): it is accepted for a type the provider does not know.
func TestAccUnknownFieldType_blankValueClears(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{FieldTypeNames: "other"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
resource "happyfox_contact" "x" {
  name          = "Jane Blank"
  email         = "jane.blank@example.com"
  custom_fields = { "4" = "ACME-9", "8" = "" }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(*terraform.State) error {
				if c, _ := sim.ContactByEmail("jane.blank@example.com"); c.CustomFields[8] != nil {
					return fmt.Errorf("field 8 is not empty: %v", c.CustomFields)
				}
				return nil
			},
		}},
	})
}

// An update of a contact and of an asset, with HappyFox resetting the custom fields a write leaves out (§2.4; for
// assets asset-put-omitted-fields=reset, §3.4 "?"), keeps the values of fields of unknown types it does not
// manage: they are sent back in the form HappyFox answered them (the contact's multiple choice as its value_id
// list, not as its choice texts, which HappyFox would refuse).
func TestAccUnknownFieldType_unmanagedValuesSurviveUpdates(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{FieldTypeNames: "other", AssetPutOmittedFields: "reset"}})
	config := func(suffix string) string {
		return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact" "x" {
  name          = "Jane Kept%s"
  email         = "jane.kept@example.com"
  custom_fields = { "4" = "ACME-9" }
}
resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Old Laptop%s"
  display_id    = "LAP-OLD"
  custom_fields = { "45" = "SER-OLD" }
}
`, suffix, suffix)
	}
	var contactID, assetID int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(""), Check: func(s *terraform.State) (err error) {
				if contactID, err = stateID(s, "happyfox_contact.x", "contact"); err != nil {
					return err
				}
				assetID, err = stateID(s, "happyfox_asset.x", "asset")
				return err
			}},
			{
				// An agent fills in fields of types the provider does not know, which Terraform does not manage.
				PreConfig: func() {
					sim.SetContactCustomField(contactID, 8, []any{10, 12})
					sim.SetAssetCustomField(assetID, 47, 16)
					sim.SetAssetCustomField(assetID, 48, "2024-01-31")
					sim.SetAssetCustomField(assetID, 50, []any{5, 4})
				},
				Config: config(" v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact.x", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					c, _ := sim.Contact(contactID)
					if c.Name != "Jane Kept v2" {
						return fmt.Errorf("the contact update was not applied: %+v", c)
					}
					if got, ok := c.CustomFields[8].([]int64); !ok || !slices.Equal(got, []int64{10, 12}) {
						return fmt.Errorf("the contact's unmanaged field 8 (type multichoice) is %v, want [10 12]", c.CustomFields[8])
					}
					a, _ := sim.Asset(assetID)
					if a.Name != "Old Laptop v2" {
						return fmt.Errorf("the asset update was not applied: %+v", a)
					}
					want := map[int64]any{45: "SER-OLD", 47: int64(16), 48: "2024-01-31", 50: []int64{4, 5}}
					if !sameFieldValues(a.CustomFields, want) {
						return fmt.Errorf("asset custom fields after the update are %v, want %v (unmanaged values of unknown types lost)", a.CustomFields, want)
					}
					return nil
				},
			},
		},
	})
}
