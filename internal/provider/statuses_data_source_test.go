package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccStatusesDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `data "happyfox_statuses" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The simulator's seed has four statuses in an unsorted array; the data source sorts by order.
				statecheck.ExpectKnownValue("data.happyfox_statuses.all", tfjsonpath.New("statuses"), knownvalue.ListSizeExact(4)),
				statecheck.ExpectKnownValue("data.happyfox_statuses.all", tfjsonpath.New("statuses").AtSliceIndex(0),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"name":     knownvalue.StringExact("New"),
						"default":  knownvalue.Bool(true),
						"behavior": knownvalue.StringExact("pending"),
						"color":    knownvalue.StringExact("DF3F3F"),
					})),
			},
		}},
	})
}
