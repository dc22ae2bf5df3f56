package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccCategoriesDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// Added with a lower id than the seed's last category so that sorting by id is visible.
	sim.AddCategory(happyfoxsim.Category{ID: 2, Name: "Sales", Description: "Pre-sales questions", Public: true, PrepopulateCC: "SAL"})
	ids := func(want ...int64) knownvalue.Check {
		var checks []knownvalue.Check
		for _, id := range want {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id)}))
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_categories" "all" {}
data "happyfox_categories" "public" { public_only = true }
data "happyfox_categories" "explicit_all" { public_only = false }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_categories.all", tfjsonpath.New("categories"), ids(2, 3, 4, 5)),
				statecheck.ExpectKnownValue("data.happyfox_categories.explicit_all", tfjsonpath.New("categories"), ids(2, 3, 4, 5)),
				statecheck.ExpectKnownValue("data.happyfox_categories.public", tfjsonpath.New("categories"), ids(2, 3)),
				statecheck.ExpectKnownValue("data.happyfox_categories.all", tfjsonpath.New("categories").AtSliceIndex(2),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id":                   knownvalue.Int64Exact(4),
						"name":                 knownvalue.StringExact("Billing"),
						"description":          knownvalue.StringExact(""),
						"public":               knownvalue.Bool(false),
						"time_spent_mandatory": knownvalue.Bool(true),
						"prepopulate_cc":       knownvalue.StringExact("BIL"),
					})),
				statecheck.ExpectKnownValue("data.happyfox_categories.all", tfjsonpath.New("categories").AtSliceIndex(0).AtMapKey("description"),
					knownvalue.StringExact("Pre-sales questions")),
			},
		}},
	})
}
