package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccTicketCustomFieldDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sim.providerBlock("") + `
data "happyfox_ticket_custom_field" "by_name" {
  name = "Product"
}
data "happyfox_ticket_custom_field" "by_id" {
  id = 64
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_ticket_custom_field.by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(62)),
					statecheck.ExpectKnownValue("data.happyfox_ticket_custom_field.by_name", tfjsonpath.New("choices"),
						choiceChecks(choiceRef{7, "Widget"}, choiceRef{5, "Gadget"}, choiceRef{6, "Gizmo"})),
					statecheck.ExpectKnownValue("data.happyfox_ticket_custom_field.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Regions")),
					statecheck.ExpectKnownValue("data.happyfox_ticket_custom_field.by_id", tfjsonpath.New("compulsory_on_move"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.happyfox_ticket_custom_field.by_id", tfjsonpath.New("choices"),
						choiceChecks(choiceRef{1, "North"}, choiceRef{2, "South"})),
				},
			},
			{
				// Feeding the resource: the data source's id is the field_id, and its choices reflect the apply
				// on the next refresh.
				Config: sim.providerBlock("") + `
data "happyfox_ticket_custom_field" "product" {
  name = "Product"
}
resource "happyfox_ticket_custom_field_choices" "test" {
  field_id = data.happyfox_ticket_custom_field.product.id
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }, { text = "Sprocket" }]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("field_id"), knownvalue.Int64Exact(62)),
				},
			},
		},
	})
}

func TestAccTicketCustomFieldDataSource_lookupErrors(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// A second field named "Product" makes the name ambiguous.
	sim.AddTicketCustomField(happyfoxsim.TicketCustomField{ID: 71, Name: "Product", Type: "text"})
	for _, tc := range []struct{ name, body, want string }{
		{"no match by name", `name = "Products"`,
			`No single HappyFox ticket custom field matches(?s:.*)no ticket custom field with name "Products"(?s:.*)"Product" \(id 62`},
		{"no match by id", `id = 999`, `No single HappyFox ticket custom field matches(?s:.*)no ticket custom field with id 999`},
		{"several matches", `name = "Product"`,
			`No single HappyFox ticket custom field matches(?s:.*)2 HappyFox ticket custom field objects(?s:.*)id 62(?s:.*)id 71`},
		{"both selectors", `
  id   = 62
  name = "Product"`, `Conflicting selectors(?s:.*)id and name are both set`},
		{"no selector", ``, `Missing selector(?s:.*)exactly one of .id., .name.:`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sim.providerBlock("") + "data \"happyfox_ticket_custom_field\" \"f\" {\n" + tc.body + "\n}\n",
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
