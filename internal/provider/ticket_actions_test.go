package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Actions need Terraform >= 1.14; older CLIs (and OpenTofu, which has none) skip these tests. plugin-testing has no
// action step, so each test triggers the actions from a terraform_data resource's action_trigger; the e2e tests
// run them with terraform apply -invoke.
var actionsMinVersion = version.Must(version.NewVersion("1.14.0"))

func actionTestCase(steps ...resource.TestStep) resource.TestCase {
	return resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(actionsMinVersion)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    steps,
	}
}

// noteConfig triggers a note on the seed's change ticket 2 whenever revision changes.
func noteConfig(sim *testSim, revision string, extra string) string {
	return sim.providerBlock("") + fmt.Sprintf(`
action "happyfox_ticket_note" "applied" {
  config {
    ticket_id = 2
    text      = "Applied revision %[1]s"
    %[2]s
  }
}
resource "terraform_data" "change" {
  input = %[1]q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.happyfox_ticket_note.applied]
    }
  }
}
`, revision, extra)
}

// notesOn returns the texts of the agents' messages on a ticket, as HappyFox stores them.
func notesOn(t *testing.T, sim *testSim, number int64) []string {
	t.Helper()
	tk, ok := sim.Ticket(number)
	if !ok {
		t.Fatalf("ticket %d is gone", number)
	}
	var out []string
	for _, n := range tk.Notes() {
		out = append(out, strings.TrimSpace(n.Text))
	}
	return out
}

func expectNotes(t *testing.T, sim *testSim, number int64, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := notesOn(t, sim, number); !slices.Equal(got, want) {
			return fmt.Errorf("notes on ticket %d: %q, want %q", number, got, want)
		}
		return nil
	}
}

// TestAccTicketNoteAction_onePerChange: one private note per apply that changes the triggering resource, none for
// an apply that changes nothing.
func TestAccTicketNoteAction_onePerChange(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, actionTestCase(
		resource.TestStep{Config: noteConfig(sim, "1", ""), Check: resource.ComposeTestCheckFunc(
			expectNotes(t, sim, 2, "Applied revision 1"),
			func(*terraform.State) error {
				tk, _ := sim.Ticket(2)
				n := tk.Notes()[0]
				if n.Kind != happyfoxsim.UpdateNote || n.StaffID != 1 {
					return fmt.Errorf("want a private note by agent 1 (the provider's staff_id), got %+v", n)
				}
				return nil
			})},
		// Nothing changes: no note, and no note request at all.
		resource.TestStep{Config: noteConfig(sim, "1", ""), PreConfig: sim.ResetCounters, Check: resource.ComposeTestCheckFunc(
			expectNotes(t, sim, 2, "Applied revision 1"),
			func(*terraform.State) error {
				if n := sim.Counters().Routes["POST /ticket/{id}/staff_pvtnote/"]; n != 0 {
					return fmt.Errorf("an apply that changes nothing sent %d notes", n)
				}
				return nil
			})},
		resource.TestStep{Config: noteConfig(sim, "2", ""), Check: expectNotes(t, sim, 2, "Applied revision 1", "Applied revision 2")},
		// A reply by another agent, changing the status with it.
		resource.TestStep{Config: noteConfig(sim, "3", "private = false\n    staff_id = 2\n    status_id = 3"), Check: resource.ComposeTestCheckFunc(
			expectNotes(t, sim, 2, "Applied revision 1", "Applied revision 2", "Applied revision 3"),
			func(*terraform.State) error {
				tk, _ := sim.Ticket(2)
				n := tk.Notes()[2]
				if n.Kind != happyfoxsim.UpdateReply || n.StaffID != 2 || tk.StatusID != 3 {
					return fmt.Errorf("want a reply by agent 2 closing the ticket, got %+v (status %d)", n, tk.StatusID)
				}
				return nil
			})},
	))
}

// TestAccTicketNoteAction_lostAnswerPostsOnce: HappyFox posts the note, then the connection drops (or a 502 page
// comes back). The provider reads the ticket, finds the note and does not post it again.
func TestAccTicketNoteAction_lostAnswerPostsOnce(t *testing.T) {
	for _, mode := range []string{"drop", "status"} {
		t.Run(mode, func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{})
			sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: mode,
				Routes: []string{"POST /ticket/{id}/staff_pvtnote/"}})
			resource.Test(t, actionTestCase(resource.TestStep{
				Config: noteConfig(sim, "1", ""),
				Check: resource.ComposeTestCheckFunc(expectNotes(t, sim, 2, "Applied revision 1"), func(*terraform.State) error {
					st := sim.Counters()
					if st.FaultProcessedThenFail != 1 || st.Routes["POST /ticket/{id}/staff_pvtnote/"] != 1 || sim.TicketCounters().Notes != 1 {
						return fmt.Errorf("want one note request whose answer was lost, got %d fault(s), %d request(s), %d note(s)",
							st.FaultProcessedThenFail, st.Routes["POST /ticket/{id}/staff_pvtnote/"], sim.TicketCounters().Notes)
					}
					return nil
				}),
			}))
		})
	}
}

// TestAccTicketTagsAction: tags are added and removed, the ticket's other tags kept.
func TestAccTicketTagsAction(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// With seed 6 the first update_tags is carried out and answered with a 502 page, the second answered (math/rand's
	// seeded sequence is fixed: 0.36, then 0.84).
	sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 0.5, ProcessedThenFailMode: "status", Seed: 6,
		Routes: []string{"POST /ticket/{id}/update_tags/"}})
	cfg := sim.providerBlock("") + `
action "happyfox_ticket_tags" "deployed" {
  config {
    ticket_id = 2
    add       = ["deployed", "terraform"]
    remove    = ["pending-deploy", "not-there"]
  }
}
resource "terraform_data" "change" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.happyfox_ticket_tags.deployed]
    }
  }
}
`
	resource.Test(t, actionTestCase(resource.TestStep{Config: cfg, Check: func(*terraform.State) error {
		tk, _ := sim.Ticket(2)
		if got := strings.Join(tk.Tags, ","); got != "change,deployed,terraform" {
			return fmt.Errorf("tags %q, want change,deployed,terraform", got)
		}
		// The first answer was lost after HappyFox applied it; the request is idempotent, so it was sent again.
		if st := sim.Counters(); st.FaultProcessedThenFail != 1 || st.Routes["POST /ticket/{id}/update_tags/"] != 2 {
			return fmt.Errorf("the lost answer did not happen: %+v", st.Routes)
		}
		return nil
	}}))
}

// TestAccTicketCreateAction: a ticket created with its category, priority, custom fields and tags.
func TestAccTicketCreateAction(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := sim.providerBlock("") + `
action "happyfox_ticket_create" "service_desk" {
  config {
    subject       = "Production changed by pipeline run 7"
    text          = "terraform apply changed 3 resources."
    category_id   = 3
    priority_id   = 3
    name          = "Release Pipeline"
    email         = "pipeline@example.com"
    custom_fields = { "62" = "5", "64" = "2,1" }
    tags          = ["change", "terraform"]
  }
}
resource "terraform_data" "change" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.happyfox_ticket_create.service_desk]
    }
  }
}
`
	resource.Test(t, actionTestCase(resource.TestStep{Config: cfg, Check: func(*terraform.State) error {
		tickets := sim.Tickets()
		if len(tickets) != 3 {
			return fmt.Errorf("%d tickets, want the 2 seed tickets and 1 new", len(tickets))
		}
		tk := tickets[2]
		c, _ := sim.Contact(tk.ContactID)
		if tk.Subject != "Production changed by pipeline run 7" || tk.CategoryID != 3 || tk.PriorityID != 3 || c.Email != "pipeline@example.com" ||
			strings.Join(tk.Tags, ",") != "change,terraform" || fmt.Sprint(tk.CustomFields[62]) != "5" || fmt.Sprint(tk.CustomFields[64]) != "[1 2]" {
			return fmt.Errorf("%+v (requester %q)", tk, c.Email)
		}
		if got := strings.TrimSpace(tk.Updates[0].Text); got != "terraform apply changed 3 resources." {
			return fmt.Errorf("first message %q", got)
		}
		return nil
	}}))
}

// TestAccTicketActions_planChecks: what HappyFox would refuse fails the plan on the attribute, before anything is
// written; validation errors need no request at all.
func TestAccTicketActions_planChecks(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	trigger := func(action string) string {
		return fmt.Sprintf(`
resource "terraform_data" "change" {
  input = "1"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.%s.x]
    }
  }
}
`, action)
	}
	note := func(body string) string {
		return sim.providerBlock("") + "action \"happyfox_ticket_note\" \"x\" {\n  config {\n" + body + "\n  }\n}\n" + trigger("happyfox_ticket_note")
	}
	tags := func(body string) string {
		return sim.providerBlock("") + "action \"happyfox_ticket_tags\" \"x\" {\n  config {\n" + body + "\n  }\n}\n" + trigger("happyfox_ticket_tags")
	}
	create := func(body string) string {
		if !strings.Contains(body, "email") {
			body += "\n    email = \"n@example.com\""
		}
		return sim.providerBlock("") + "action \"happyfox_ticket_create\" \"x\" {\n  config {\n    subject = \"s\"\n    text = \"t\"\n" +
			"    name = \"n\"\n" + body + "\n  }\n}\n" + trigger("happyfox_ticket_create")
	}
	noWrites := func() error {
		if n := writes(sim); n != 0 {
			return fmt.Errorf("a refused plan made %d write(s): %v", n, sim.Counters().Routes)
		}
		return nil
	}
	var steps []resource.TestStep
	for _, c := range []struct {
		cfg   string
		error []string
	}{
		{note(`ticket_id = 999
    text = "x"`), []string{"No such HappyFox ticket", "HappyFox has no ticket number 999"}},
		{note(`ticket_id = 2
    text = "x"
    status_id = 77`), []string{"No such HappyFox status", "No status with id 77", `"Waiting" (id 4)`}},
		{note(`ticket_id = 2
    text = "x"
    priority_id = 9`), []string{"No such HappyFox priority", `"Urgent" (id 4)`}},
		{note(`ticket_id = 2
    text = "x"
    staff_id = 3`), []string{"Inactive HappyFox agent", `Agent 3 ("Cy Former") is not active`}},
		{note(`ticket_id = 2
    text = "x"
    html = "<p>x</p>"`), []string{"Invalid Attribute Combination"}},
		{note(`ticket_id = 2`), []string{"Invalid Attribute Combination"}},
		{note(`ticket_id = 2
    text = "  "`), []string{"must not be empty"}},
		{tags(`ticket_id = 999
    add = ["x"]`), []string{"No such HappyFox ticket"}},
		{tags(`ticket_id = 2
    add = ["a,b"]`), []string{"Invalid tag", "contains a comma"}},
		{tags(`ticket_id = 2
    add = ["a"]
    remove = ["a"]`), []string{"Tag both added and removed"}},
		{tags(`ticket_id = 2
    add = []`), []string{"No tags to change"}},
		{create(`    category_id = 42`), []string{"No such HappyFox category", `"Support" (id 3)`}},
		{create(`    category_id = 3
    custom_fields = { "62" = "5", "63" = "x" }`), []string{"Not a ticket field of the category", "field 63 is not a field of category 3"}},
		{create(`    category_id = 3
    custom_fields = { "62" = "99" }`), []string{"Invalid ticket custom field value", `is not a choice of field 62`}},
		{create(`    category_id = 3`), []string{"Missing required ticket custom field", `field 62 ("Product") is required in category 3`}},
		{create(`    category_id = 3
    email = "not-an-address"`), []string{"Invalid e-mail address"}},
	} {
		steps = append(steps, resource.TestStep{Config: c.cfg, PlanOnly: true, ExpectError: errorPattern(c.error...)})
	}
	resource.Test(t, actionTestCase(steps...))
	if err := noWrites(); err != nil {
		t.Fatal(err)
	}
}

// TestAccTicketNoteAction_helpDeskOutageDoesNotFailTheApply: HappyFox answers every ticket request with a 5xx page.
// The plan-time check only warns, and with on_failure = continue (Terraform 1.16+) the failed note is a warning:
// the infrastructure apply succeeds, and no note exists.
func TestAccTicketNoteAction_helpDeskOutageDoesNotFailTheApply(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1, Routes: []string{"/ticket/{id}/", "/ticket/{id}/staff_pvtnote/"}})
	cfg := sim.providerBlock("max_retries = 0") + `
action "happyfox_ticket_note" "applied" {
  config {
    ticket_id = 2
    text      = "Applied"
  }
}
resource "terraform_data" "change" {
  input = "1"
  lifecycle {
    action_trigger {
      events     = [after_create]
      actions    = [action.happyfox_ticket_note.applied]
      on_failure = continue
    }
  }
}
`
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.16.0")))},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{Config: cfg, Check: resource.ComposeTestCheckFunc(
			resource.TestCheckResourceAttrSet("terraform_data.change", "id"),
			expectNotes(t, sim, 2),
			func(*terraform.State) error {
				if st := sim.Counters(); st.FaultErrors == 0 || st.Routes["GET /ticket/{id}/"] == 0 {
					return fmt.Errorf("the outage did not happen: %+v", st.Routes)
				}
				return nil
			})}},
	})
}
