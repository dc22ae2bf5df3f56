package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func choiceChecks(pairs ...choiceRef) knownvalue.Check {
	elems := make([]knownvalue.Check, len(pairs))
	for i, c := range pairs {
		elems[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(c.ID), "text": knownvalue.StringExact(c.Text),
		})
	}
	return knownvalue.ListExact(elems)
}

func TestAccTicketCustomFieldsDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	dependsOn := int64(5)
	sim.AddTicketCustomField(happyfoxsim.TicketCustomField{ID: 70, Name: "Gadget serial", Type: "text", DependsOnChoice: &dependsOn})
	fields := tfjsonpath.New("fields")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `data "happyfox_ticket_custom_fields" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				// The seed's four fields plus the added one, sorted by id.
				statecheck.ExpectKnownValue("data.happyfox_ticket_custom_fields.all", fields, knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue("data.happyfox_ticket_custom_fields.all", fields.AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                      knownvalue.Int64Exact(62),
					"name":                    knownvalue.StringExact("Product"),
					"type":                    knownvalue.StringExact("dropdown"),
					"required":                knownvalue.Bool(true),
					"compulsory_on_completed": knownvalue.Bool(false),
					"compulsory_on_move":      knownvalue.Bool(false),
					"visible_to_staff_only":   knownvalue.Bool(false),
					"depends_on_choice":       knownvalue.Null(),
					// HappyFox's order, not sorted by id.
					"choices": choiceChecks(choiceRef{7, "Widget"}, choiceRef{5, "Gadget"}, choiceRef{6, "Gizmo"}),
					"categories": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"category_id": knownvalue.Int64Exact(3), "order": knownvalue.Int64Exact(2),
					})}),
				})),
				statecheck.ExpectKnownValue("data.happyfox_ticket_custom_fields.all", fields.AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"name":                    knownvalue.StringExact("Request Survey"),
					"compulsory_on_completed": knownvalue.Bool(true),
					"categories":              knownvalue.ListSizeExact(2),
				})),
				// A text field: no choices (an empty list, so that for expressions work), staff only.
				statecheck.ExpectKnownValue("data.happyfox_ticket_custom_fields.all", fields.AtSliceIndex(2), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                    knownvalue.Int64Exact(63),
					"type":                  knownvalue.StringExact("text"),
					"visible_to_staff_only": knownvalue.Bool(true),
					"choices":               knownvalue.ListSizeExact(0),
				})),
				statecheck.ExpectKnownValue("data.happyfox_ticket_custom_fields.all", fields.AtSliceIndex(3), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"type":               knownvalue.StringExact("multiple_choice"),
					"compulsory_on_move": knownvalue.Bool(true),
				})),
				statecheck.ExpectKnownValue("data.happyfox_ticket_custom_fields.all", fields.AtSliceIndex(4), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                knownvalue.Int64Exact(70),
					"depends_on_choice": knownvalue.Int64Exact(5),
					"categories":        knownvalue.ListSizeExact(0),
				})),
			},
		}},
	})
}
