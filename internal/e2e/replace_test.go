package e2e

import (
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// terraform apply -replace of a contact, a contact group and a membership: Terraform plans each twice, first with
// the prior state, then as a create, and the second plan must not be taken for another resource wanting the same
// e-mail, name or membership (plan_claims.go: the first plan leaves the object's id in the planned private state).
// The replacement adopts the same contact and group (HappyFox cannot delete them), the membership is removed and
// added again, nothing is created twice, and the next plan is empty. Each walk runs in its own provider process,
// as in production.
func TestReplaceIsNotTakenForASecondResource(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: e2eKey, AuthCode: e2eCode})
	w := newWorkspace(t, sim, e2eKey, e2eCode, `
resource "happyfox_contact" "c" {
  name  = "Replaced Contact"
  email = "replaced@example.com"
}
resource "happyfox_contact_group" "g" {
  name = "Replaced Group"
}
resource "happyfox_contact_group_membership" "m" {
  group_id   = happyfox_contact_group.g.id
  contact_id = happyfox_contact.c.id
}
`)
	if out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	contacts, groups := w.stateIDs("happyfox_contact"), w.stateIDs("happyfox_contact_group")
	out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve",
		"-replace=happyfox_contact.c", "-replace=happyfox_contact_group.g", "-replace=happyfox_contact_group_membership.m")
	if err != nil {
		t.Fatalf("apply -replace: %v\n%s", err, out)
	}
	if !strings.Contains(out, "3 added, 0 changed, 3 destroyed") {
		t.Fatalf("apply -replace did not replace the three resources:\n%s", out)
	}
	for kind, before := range map[string]map[int64]bool{"happyfox_contact": contacts, "happyfox_contact_group": groups} {
		after := w.stateIDs(kind)
		if len(after) != 1 || len(before) != 1 {
			t.Fatalf("%s: %v in state before, %v after, want one", kind, before, after)
		}
		for id := range after {
			if !before[id] {
				t.Errorf("%s: the replacement tracks %d, want the adopted %v", kind, id, before)
			}
		}
	}
	n := 0
	for _, c := range sim.Contacts() {
		if strings.EqualFold(c.Email, "replaced@example.com") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d contacts with the e-mail, want 1", n)
	}
	for id := range groups {
		g, _ := sim.ContactGroup(id)
		if len(g.Members) != 1 {
			t.Errorf("group %d has members %v, want the one membership", id, g.Members)
		}
	}
	out, err = w.run(nil, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if err != nil {
		t.Fatalf("the plan after the replacement is not empty: %v\n%s", err, out)
	}
}
