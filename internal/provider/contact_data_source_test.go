package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccContactDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// Seed contact 1: existing@example.com, one mobile phone, fields 4/5/6 set, member of group 1 with access.
	seed := map[string]knownvalue.Check{
		"id":               knownvalue.Int64Exact(1),
		"name":             knownvalue.StringExact("Existing Person"),
		"is_login_enabled": knownvalue.Bool(true),
		"phones": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(1), "type": knownvalue.StringExact("mo"), "number": knownvalue.StringExact("+1 555 0100"), "is_primary": knownvalue.Bool(true),
		})}),
		"custom_fields": knownvalue.MapExact(map[string]knownvalue.Check{
			"4": knownvalue.StringExact("ACME-001"), "5": knownvalue.StringExact("3"), "6": knownvalue.StringExact("25"),
		}),
		"contact_groups": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(1), "name": knownvalue.StringExact("Existing Customers"), "access_tickets": knownvalue.Bool(true),
		})}),
	}
	byEmail := map[string]knownvalue.Check{"email": knownvalue.StringExact("EXISTING@Example.com")}
	for k, v := range seed {
		byEmail[k] = v
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      sim.providerBlock("") + `data "happyfox_contact" "x" { email = "nobody@example.com" }`,
				ExpectError: flexRE(`No HappyFox contact has the e-mail "nobody@example.com"`),
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_contact" "x" { id = 999 }`,
				ExpectError: flexRE(`no contact with id 999`),
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_contact" "x" {}`,
				ExpectError: flexRE(`Missing selector.*exactly one of ` + "`id`, `email`"),
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_contact" "x" { email = "not-an-email" }`,
				ExpectError: flexRE(`"not-an-email" is not an e-mail address`),
			},
			{
				Config: sim.providerBlock("") + `
data "happyfox_contact" "by_id" {
  id = 1
}
data "happyfox_contact" "by_email" {
  email = "EXISTING@Example.com"
}
data "happyfox_contact" "multi" {
  id = 4
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_contact.by_id", tfjsonpath.New("email"), knownvalue.StringExact("existing@example.com")),
					statecheck.ExpectKnownValue("data.happyfox_contact.by_id", tfjsonpath.New("custom_fields"), seed["custom_fields"]),
					statecheck.ExpectKnownValue("data.happyfox_contact.by_id", tfjsonpath.New("contact_groups"), seed["contact_groups"]),
					statecheck.ExpectKnownValue("data.happyfox_contact.by_id", tfjsonpath.New("phones"), seed["phones"]),
					statecheck.ExpectKnownValue("data.happyfox_contact.by_email", tfjsonpath.New("id"), knownvalue.Int64Exact(1)),
					statecheck.ExpectKnownValue("data.happyfox_contact.by_email", tfjsonpath.New("email"), byEmail["email"]),
					// Seed contact 4: a date and a multiple-choice value (choice ids 10 and 12), login disabled.
					statecheck.ExpectKnownValue("data.happyfox_contact.multi", tfjsonpath.New("custom_fields"), knownvalue.MapExact(map[string]knownvalue.Check{
						"7": knownvalue.StringExact("2025-06-30"), "8": knownvalue.StringExact("10,12"),
					})),
					statecheck.ExpectKnownValue("data.happyfox_contact.multi", tfjsonpath.New("is_login_enabled"), knownvalue.Bool(false)),
				},
			},
		},
	})
}
