package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccAssetTypeDataSource_lookups(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	for i := 1; i <= 50; i++ { // the match on the second page must be found too
		sim.AddAssetType(fmt.Sprintf("Filler %02d", i))
	}
	late := sim.AddAssetType("Phone")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sim.providerBlock("") + `
data "happyfox_asset_type" "by_name" { name = "Laptop" }
data "happyfox_asset_type" "by_id"   { id = 3 }
data "happyfox_asset_type" "late"    { name = "Phone" }
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_asset_type.by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("data.happyfox_asset_type.by_name", tfjsonpath.New("description"), knownvalue.StringExact("Company laptops")),
					statecheck.ExpectKnownValue("data.happyfox_asset_type.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Licence")),
					statecheck.ExpectKnownValue("data.happyfox_asset_type.by_id", tfjsonpath.New("enable_ticket_association"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.happyfox_asset_type.late", tfjsonpath.New("id"), knownvalue.Int64Exact(late.ID)),
				},
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_asset_type" "x" { name = "laptop" }`,
				ExpectError: expectErrorRegexp(`(?s)No single HappyFox asset type matches.*no asset type with name "laptop" exists in HappyFox. Available: "General" \(id 1\), "Laptop" \(id 2\)`),
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_asset_type" "x" { id = 999 }`,
				ExpectError: expectErrorRegexp(`no asset type with id 999 exists in HappyFox`),
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_asset_type" "x" {}`,
				ExpectError: expectErrorRegexp(`(?s)Missing selector.*exactly one of .id., .name.: set one of them`),
			},
			{
				PreConfig:   func() { sim.AddAssetType("Laptop") },
				Config:      sim.providerBlock("") + `data "happyfox_asset_type" "x" { name = "Laptop" }`,
				ExpectError: expectErrorRegexp(`name "Laptop" is ambiguous: 2 HappyFox asset type objects match it: "Laptop" \(id 2\), "Laptop" \(id \d+\). Select by id`),
			},
			{
				// Selecting by id resolves the ambiguity.
				Config: sim.providerBlock("") + `data "happyfox_asset_type" "x" { id = 2 }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_asset_type.x", tfjsonpath.New("name"), knownvalue.StringExact("Laptop")),
				},
			},
		},
	})
}

// On an account with the 2025 asset API, the setting it does not report is null.
func TestAccAssetTypeDataSource_legacySettings(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{AssetShape: "2025"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `data "happyfox_asset_type" "t" { id = 2 }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_asset_type.t", tfjsonpath.New("enable_asset_type_visibility_to_contact"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.happyfox_asset_type.t", tfjsonpath.New("enable_contact_association"), knownvalue.Bool(true)),
			},
		}},
	})
}
