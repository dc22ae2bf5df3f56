package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// GET asset_types/ is a paginated envelope of at most 50 items per page (docs/dev/happyfox-api.md §1.1, §3.7): with 63
// types the data source must walk two pages.
func TestAccAssetTypesDataSource_allPages(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	for i := 1; i <= 60; i++ {
		sim.AddAssetType(fmt.Sprintf("Extra type %02d", i))
	}
	const addr = "data.happyfox_asset_types.all"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `data "happyfox_asset_types" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("asset_types"), knownvalue.ListSizeExact(63)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("asset_types").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                         knownvalue.Int64Exact(2),
					"name":                       knownvalue.StringExact("Laptop"),
					"description":                knownvalue.StringExact("Company laptops"),
					"enable_ticket_association":  knownvalue.Bool(true),
					"enable_contact_association": knownvalue.Bool(true),
					"enable_asset_type_visibility_to_contact": knownvalue.Bool(false),
					"enable_asset_quantity_for_ticket":        knownvalue.Bool(false),
				})),
				// description null in HappyFox is the empty string here.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("asset_types").AtSliceIndex(0).AtMapKey("description"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("asset_types").AtSliceIndex(62).AtMapKey("name"), knownvalue.StringExact("Extra type 60")),
			},
			Check: func(*terraform.State) error {
				if n := sim.Counters().Routes["GET /asset_types/"]; n < 2 || n%2 != 0 {
					return fmt.Errorf("asset_types/ fetched %d times: expected whole walks of 2 pages", n)
				}
				return nil
			},
		}},
	})
}
