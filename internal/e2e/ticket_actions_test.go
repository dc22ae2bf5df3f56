package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// The ticket actions through the real CLI: terraform apply -invoke=action.<type>.<name>, the way a pipeline runs
// one outside a resource's lifecycle.

// requireActionsCLI skips the test unless the CLI is Terraform >= 1.14 (actions; OpenTofu has none).
func requireActionsCLI(t *testing.T) {
	t.Helper()
	out, err := exec.Command(tfBinary, "version", "-json").Output()
	if err != nil {
		t.Skipf("cannot tell the CLI version: %v", err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(jsonPart(out), &v); err != nil || v.TerraformVersion == "" {
		t.Skipf("cannot tell the CLI version from %q", out)
	}
	if strings.Contains(filepath.Base(tfBinary), "tofu") {
		t.Skip("OpenTofu has no actions")
	}
	if got := version.Must(version.NewVersion(v.TerraformVersion)); got.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("Terraform %s has no actions (needs 1.14 or newer)", got)
	}
}

const ticketActionsConfig = `
provider "happyfox" {}
data "happyfox_ticket" "change" { id = 2 }
action "happyfox_ticket_note" "applied" {
  config {
    ticket_id = data.happyfox_ticket.change.id
    text      = "Applied by pipeline run 7"
  }
}
action "happyfox_ticket_tags" "deployed" {
  config {
    ticket_id = data.happyfox_ticket.change.id
    add       = ["deployed"]
    remove    = ["pending-deploy"]
  }
}
action "happyfox_ticket_create" "service_desk" {
  config {
    subject     = "Production changed by pipeline run 7"
    text        = "See change ticket ${data.happyfox_ticket.change.display_id}."
    category_id = 3
    priority_id = 3
    name        = "Release Pipeline"
    email       = "pipeline@example.com"
    custom_fields = { "62" = "5" }
  }
}
action "happyfox_ticket_note" "unknown_ticket" {
  config {
    ticket_id = 999
    text      = "never sent"
  }
}
`

func invoke(t *testing.T, w *workspace, extraEnv []string, address string) (string, error) {
	t.Helper()
	return w.run(extraEnv, "apply", "-auto-approve", "-input=false", "-no-color", "-invoke="+address)
}

func TestTicketActionsInvokedThroughTheCLI(t *testing.T) {
	skipUnlessAcc(t)
	requireActionsCLI(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: secretKey, AuthCode: secretCode})
	w := newWorkspace(t, sim, secretKey, secretCode, ticketActionsConfig)
	logPath := filepath.Join(w.dir, "trace.log")

	out, err := invoke(t, w, []string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath}, "action.happyfox_ticket_note.applied")
	if err != nil {
		t.Fatalf("invoke note: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Added a private note to HappyFox ticket #IN00000002 (number 2)") {
		t.Fatalf("no progress message for the note:\n%s", out)
	}
	tk, _ := sim.Ticket(2)
	if n := tk.Notes(); len(n) != 1 || strings.TrimSpace(n[0].Text) != "Applied by pipeline run 7" || n[0].Kind != happyfoxsim.UpdateNote {
		t.Fatalf("notes %+v", n)
	}

	out, err = invoke(t, w, nil, "action.happyfox_ticket_tags.deployed")
	if err != nil {
		t.Fatalf("invoke tags: %v\n%s", err, out)
	}
	if tk, _ = sim.Ticket(2); strings.Join(tk.Tags, ",") != "change,deployed" {
		t.Fatalf("tags %q", tk.Tags)
	}

	out, err = invoke(t, w, nil, "action.happyfox_ticket_create.service_desk")
	if err != nil {
		t.Fatalf("invoke create: %v\n%s", err, out)
	}
	tickets := sim.Tickets()
	created := tickets[len(tickets)-1]
	if len(tickets) != 3 || created.CategoryID != 3 || created.PriorityID != 3 {
		t.Fatalf("tickets %+v", tickets)
	}
	// Actions have no outputs: the progress message carries the number and the display id.
	want := fmt.Sprintf("Created HappyFox ticket %s (number %d)", sim.TicketDisplayID(created.ID), created.ID)
	if !strings.Contains(out, want) {
		t.Fatalf("no progress message %q:\n%s", want, out)
	}

	// An unknown ticket fails at plan: nothing is written.
	before := simWrites(sim)
	out, err = invoke(t, w, nil, "action.happyfox_ticket_note.unknown_ticket")
	if err == nil || !regexp.MustCompile(`(?s)No such HappyFox ticket.*no ticket\s+number 999`).MatchString(out) {
		t.Fatalf("want a plan error for ticket 999, got %v\n%s", err, out)
	}
	if after := simWrites(sim); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("the refused invoke wrote: %v, before %v", after, before)
	}

	logText, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(logText), "staff_pvtnote") {
		t.Fatalf("the trace log holds no HappyFox request log; the check below would prove nothing")
	}
	assertNoSecrets(t, "trace log of an invoked action", string(logText), forms(secretKey, secretCode))
	assertNoSecrets(t, "CLI output", out, forms(secretKey, secretCode))
}

// TestTicketNoteInvokeLostAnswerPostsOnce: HappyFox posts the note and the connection drops before the answer.
// The provider reads the ticket, finds the note and says so; the ticket has one note, not two.
func TestTicketNoteInvokeLostAnswerPostsOnce(t *testing.T) {
	skipUnlessAcc(t)
	requireActionsCLI(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: e2eKey, AuthCode: e2eCode})
	sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: "drop", Routes: []string{"POST /ticket/{id}/staff_pvtnote/"}})
	w := newWorkspace(t, sim, e2eKey, e2eCode, ticketActionsConfig)
	out, err := invoke(t, w, nil, "action.happyfox_ticket_note.applied")
	if err != nil {
		t.Fatalf("invoke: %v\n%s", err, out)
	}
	if !strings.Contains(out, "answer was lost, and the note was found on the ticket, so it was not sent again") {
		t.Fatalf("the output does not say the answer was lost:\n%s", out)
	}
	tk, _ := sim.Ticket(2)
	st := sim.Counters()
	if len(tk.Notes()) != 1 || st.FaultProcessedThenFail != 1 || st.Routes["POST /ticket/{id}/staff_pvtnote/"] != 1 {
		t.Fatalf("%d notes after %d request(s) and %d lost answer(s), want 1, 1, 1", len(tk.Notes()),
			st.Routes["POST /ticket/{id}/staff_pvtnote/"], st.FaultProcessedThenFail)
	}
}
