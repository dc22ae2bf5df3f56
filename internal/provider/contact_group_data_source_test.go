package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccContactGroupDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sim.providerBlock("") + `
data "happyfox_contact_group" "by_name" {
  name = "Existing Customers"
}
data "happyfox_contact_group" "by_id" {
  id = 2
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_contact_group.by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.happyfox_contact_group.by_name", tfjsonpath.New("tagged_domains"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("example.com")})),
					statecheck.ExpectKnownValue("data.happyfox_contact_group.by_name", tfjsonpath.New("contacts"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"contact_id": knownvalue.Int64Exact(1), "access_tickets": knownvalue.Bool(true)}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"contact_id": knownvalue.Int64Exact(2), "access_tickets": knownvalue.Bool(false)}),
					})),
					statecheck.ExpectKnownValue("data.happyfox_contact_group.by_id", tfjsonpath.New("name"), knownvalue.StringExact("VIP")),
					statecheck.ExpectKnownValue("data.happyfox_contact_group.by_id", tfjsonpath.New("contacts"), knownvalue.SetSizeExact(0)),
				},
			},
			{
				// Exact, case-sensitive matching; the error lists the candidates.
				Config:      sim.providerBlock("") + `data "happyfox_contact_group" "x" { name = "vip" }`,
				ExpectError: flexRE(`no contact group with name "vip" exists.*"Existing Customers" \(id 1\), "VIP" \(id 2\)`),
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_contact_group" "x" { id = 404 }`,
				ExpectError: flexRE(`no contact group with id 404`),
			},
			{
				// Two groups with one name (possible through the web interface): ambiguous, never "the first".
				PreConfig:   func() { sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "VIP"}) },
				Config:      sim.providerBlock("") + `data "happyfox_contact_group" "x" { name = "VIP" }`,
				ExpectError: flexRE(`name "VIP" is ambiguous: 2 HappyFox contact group objects match it: "VIP" \(id 2\), "VIP" \(id 3\)`),
			},
		},
	})
}
