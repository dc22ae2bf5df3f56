package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// destroyWarningBlocks counts the warning blocks and the lines they take in a terraform run's colored output
// (Terraform draws each diagnostic between "╷" and "╵"; the provider's dev_overrides warning is not counted).
func destroyWarningBlocks(out string) (blocks, lines int) {
	n, warning, skip := 0, false, false
	for _, l := range strings.Split(ansiEscape.ReplaceAllString(out, ""), "\n") {
		switch {
		case strings.HasPrefix(l, "╷"):
			n, warning, skip = 1, false, false
		case strings.HasPrefix(l, "╵"):
			if warning && !skip {
				blocks++
				lines += n + 1
			}
			n = 0
		case n > 0:
			n++
			warning = warning || strings.HasPrefix(l, "│ Warning: ")
			skip = skip || strings.HasPrefix(l, "│ Warning: Provider development overrides")
		}
	}
	return blocks, lines
}

// RELIABILITY.md, "Destroy of many objects HappyFox cannot delete": destroying 14 objects HappyFox cannot delete (10
// contacts, 2 contact groups, the choices of 2 ticket fields) says at plan time, once per object, that it stays in
// HappyFox and how to delete it by hand; Terraform groups those warnings per kind, and the apply says nothing more.
// Before, every object warned again at apply: 17 warning blocks, 170 lines.
func TestDestroySaysOncePerObjectThatItStays(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: e2eKey, AuthCode: e2eCode})
	w := newWorkspace(t, sim, e2eKey, e2eCode, `
resource "happyfox_contact" "c" {
  count = 10
  name  = "Destroy ${count.index}"
  email = "destroy${count.index}@example.com"
}
resource "happyfox_contact_group" "kept" {
  name = "Destroy kept"
}
resource "happyfox_contact_group" "emptied" {
  name                      = "Destroy emptied"
  contacts                  = [{ contact_id = happyfox_contact.c[0].id }]
  remove_members_on_destroy = true
}
resource "happyfox_ticket_custom_field_choices" "product" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }]
}
resource "happyfox_ticket_custom_field_choices" "regions" {
  field_id = 64
  choices  = [{ text = "North" }, { text = "South" }]
}
`)
	if out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	out, err := w.run(nil, "destroy", "-input=false", "-auto-approve")
	if err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	blocks, lines := destroyWarningBlocks(out)
	t.Logf("terraform destroy of 14 objects: %d warning blocks, %d warning lines", blocks, lines)
	if !strings.Contains(out, "Destroy complete! Resources: 14 destroyed.") {
		t.Fatalf("destroy did not destroy 14 objects:\n%s", out)
	}
	// With -auto-approve Terraform prints the plan's warnings after the apply, grouped per summary ("and 9 more
	// similar warnings elsewhere"); the apply's own warnings (Delete) carry no address and are never grouped.
	if blocks > 4 {
		t.Errorf("%d warning blocks for 14 objects of 3 types (want one per type, two for the groups):\n%s", blocks, out)
	}
	flat := strings.Join(strings.Fields(strings.ReplaceAll(ansiEscape.ReplaceAllString(out, ""), "│", "")), " ")
	for _, want := range []string{
		"Warning: Contact will only be removed from Terraform state", "with happyfox_contact.c[",
		"and 9 more similar warnings elsewhere", "the contact, its phones, custom field values and group memberships stay in HappyFox",
		"Warning: Contact group will only be removed from Terraform state", "with happyfox_contact_group.kept",
		"Warning: Contact group will be emptied and only removed from Terraform state", "its members will be removed",
		"Warning: Ticket field choices will only be removed from Terraform state", "and one more similar warning elsewhere",
		"Delete it in the HappyFox web interface",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the destroy output does not say %q:\n%s", want, out)
		}
	}
	for _, gone := range []string{"removed from Terraform state only", "emptied and removed from Terraform state"} {
		if strings.Contains(flat, gone) {
			t.Errorf("the apply repeats what the plan said (%q):\n%s", gone, out)
		}
	}
	if lines > 60 {
		t.Errorf("%d warning lines for 14 objects", lines)
	}
	for _, g := range sim.ContactGroups() {
		if g.Name == "Destroy emptied" && len(g.Members) != 0 {
			t.Errorf("remove_members_on_destroy left %d member(s) in the group", len(g.Members))
		}
	}
}
