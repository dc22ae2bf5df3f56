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

func TestAccStatusesDataSource_behaviorFilter(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	names := func(ns ...string) knownvalue.Check {
		var checks []knownvalue.Check
		for _, n := range ns {
			checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(n)}))
		}
		return knownvalue.ListExact(checks)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_statuses" "pending" { behavior = "pending" }
data "happyfox_statuses" "completed" { behavior = "completed" }
data "happyfox_statuses" "all" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Sorted by order (New 1, Waiting 2, On hold 3, Closed 4), not by id as the simulator returns them.
				statecheck.ExpectKnownValue("data.happyfox_statuses.pending", tfjsonpath.New("statuses"), names("New", "Waiting", "On hold")),
				statecheck.ExpectKnownValue("data.happyfox_statuses.completed", tfjsonpath.New("statuses"), names("Closed")),
				statecheck.ExpectKnownValue("data.happyfox_statuses.all", tfjsonpath.New("statuses"), names("New", "Waiting", "On hold", "Closed")),
				statecheck.ExpectKnownValue("data.happyfox_statuses.all", tfjsonpath.New("behavior"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccStatusesDataSource_invalidBehavior(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	testAccPlanTimeErrors(t, sim, map[string]planTimeErrorCase{
		"unknown behavior": {sim.providerBlock("") + `data "happyfox_statuses" "x" { behavior = "open" }`,
			[]string{`Attribute behavior value must be one of: ["pending" "completed"], got: "open"`}},
	})
}
