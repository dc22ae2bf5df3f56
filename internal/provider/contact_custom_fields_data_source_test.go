package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccContactCustomFieldsDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `data "happyfox_contact_custom_fields" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_contact_custom_fields.all", tfjsonpath.New("fields"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.happyfox_contact_custom_fields.all", tfjsonpath.New("fields").AtSliceIndex(0),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(4), "name": knownvalue.StringExact("Account Number"), "type": knownvalue.StringExact("text"),
						"choices": knownvalue.ListSizeExact(0), "depends_on_choice": knownvalue.Null(),
					})),
				statecheck.ExpectKnownValue("data.happyfox_contact_custom_fields.all", tfjsonpath.New("fields").AtSliceIndex(1),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id": knownvalue.Int64Exact(5), "type": knownvalue.StringExact("choice"),
						"choices": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(3), "text": knownvalue.StringExact("APAC")}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(4), "text": knownvalue.StringExact("EMEA")}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(5), "text": knownvalue.StringExact("AMER")}),
						}),
					})),
			},
		}},
	})
}
