package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccStatusDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_status" "by_name" { name = "On hold" }
data "happyfox_status" "by_id" { id = 3 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_status.by_name", tfjsonpath.Path{}, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":       knownvalue.Int64Exact(2),
					"name":     knownvalue.StringExact("On hold"),
					"color":    knownvalue.StringExact("120D58"),
					"order":    knownvalue.Int64Exact(3),
					"default":  knownvalue.Bool(false),
					"behavior": knownvalue.StringExact("pending"),
				})),
				statecheck.ExpectKnownValue("data.happyfox_status.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Closed")),
				statecheck.ExpectKnownValue("data.happyfox_status.by_id", tfjsonpath.New("behavior"), knownvalue.StringExact("completed")),
			},
		}},
	})
}

func TestAccStatusDataSource_noSingleMatch(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := func(selector string) string {
		return sim.providerBlock("") + `data "happyfox_status" "x" { ` + selector + ` }`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Names match exactly: a different case is no match, and the error lists what exists, sorted by order.
				Config: cfg(`name = "on hold"`),
				ExpectError: errorPattern(`No single HappyFox status matches`, `no status with name "on hold" exists`,
					`Available: "New" (id 1), "Waiting" (id 4), "On hold" (id 2), "Closed" (id 3).`),
			},
			{
				Config:      cfg(`id = 99`),
				ExpectError: errorPattern(`no status with id 99 exists`, `"New" (id 1)`, `Check the id, or select by name`),
			},
			{
				// An admin creates a second status with the same name: the lookup must refuse to guess.
				PreConfig: func() {
					sim.AddStatus(happyfoxsim.Status{ID: 7, Name: "On hold", Color: "000000", Order: 5, Behavior: "pending"})
				},
				Config: cfg(`name = "On hold"`),
				ExpectError: errorPattern(`name "On hold" is ambiguous: 2 HappyFox status objects match it: "On hold" (id 2), "On hold" (id 7).`,
					`Select by id`),
			},
			{
				// Selecting by id still works with duplicate names.
				Config: cfg(`id = 7`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_status.x", tfjsonpath.New("order"), knownvalue.Int64Exact(5)),
				},
			},
		},
	})
}

func TestAccStatusDataSource_selectorValidation(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	block := func(body string) string {
		return sim.providerBlock("") + "data \"happyfox_status\" \"x\" {\n" + body + "\n}\n"
	}
	missing := []string{"Missing selector", "exactly one of `id`, `name`: set one of them"}
	both := []string{"Conflicting selectors", "are both set"}
	testAccPlanTimeErrors(t, sim, map[string]planTimeErrorCase{
		"no selector":   {block(``), missing},
		"two selectors": {block("id = 1\nname = \"New\""), both},
		"id zero":       {block(`id = 0`), []string{`Attribute id value must be at least 1`}},
		"empty name":    {block(`name = ""`), []string{`Attribute name string length must be at least 1`}},
	})
}
