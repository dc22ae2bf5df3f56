package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccTicketDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `data "happyfox_ticket" "t" { id = 1 }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_ticket.t", tfjsonpath.Path{}, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":              knownvalue.Int64Exact(1),
					"display_id":      knownvalue.StringExact("#SU00000001"),
					"subject":         knownvalue.StringExact("Printer out of toner"),
					"status_id":       knownvalue.Int64Exact(1),
					"status_name":     knownvalue.StringExact("New"),
					"priority_id":     knownvalue.Int64Exact(2),
					"priority_name":   knownvalue.StringExact("Medium"),
					"category_id":     knownvalue.Int64Exact(3),
					"category_name":   knownvalue.StringExact("Support"),
					"tags":            knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("hardware")}),
					"custom_fields":   knownvalue.MapExact(map[string]knownvalue.Check{"62": knownvalue.StringExact("7")}),
					"requester_name":  knownvalue.StringExact("Existing Person"),
					"requester_email": knownvalue.StringExact("existing@example.com"),
				})),
			},
		}, {
			Config:      sim.providerBlock("") + `data "happyfox_ticket" "t" { id = 404 }`,
			ExpectError: errorPattern("No such HappyFox ticket", "HappyFox has no ticket number 404"),
		}},
	})
}

// TestAccTicketDataSource_approvalGate: the guide's patterns. While the change ticket is not approved, a
// postcondition of the data source fails the plan, and a resource's precondition stops that resource; once an agent
// approves the ticket in HappyFox, both pass. Every CLI supports them.
func TestAccTicketDataSource_approvalGate(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	approved := sim.AddStatus(happyfoxsim.Status{Name: "Approved", Color: "2F9E44", Order: 5, Behavior: "pending"})
	postcondition := sim.providerBlock("") + `
data "happyfox_ticket" "change" {
  id = 2
  lifecycle {
    postcondition {
      condition     = self.status_name == "Approved"
      error_message = "Change ticket ${self.display_id} is ${self.status_name}, not Approved."
    }
  }
}
`
	precondition := sim.providerBlock("") + `
data "happyfox_ticket" "change" { id = 2 }
resource "terraform_data" "change" {
  input = "1"
  lifecycle {
    precondition {
      condition     = data.happyfox_ticket.change.status_name == "Approved"
      error_message = "Change ticket ${data.happyfox_ticket.change.display_id} is ${data.happyfox_ticket.change.status_name}, not Approved."
    }
  }
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: postcondition, ExpectError: errorPattern("Change ticket #IN00000002 is Waiting, not Approved.")},
			{Config: precondition, ExpectError: errorPattern("Change ticket #IN00000002 is Waiting, not Approved.")},
			{PreConfig: func() {
				if !sim.SetTicketStatus(2, approved.ID) {
					t.Fatal("approving the ticket failed")
				}
			}, Config: postcondition},
			{Config: precondition},
		},
	})
}
