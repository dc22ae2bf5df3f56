package happyfoxsim_test

import (
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestContactGroupCreateEdit(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	r := h.post("contact_groups/", map[string]any{"name": "Partners", "tagged_domains": []any{"a.com", " b.com "}}, 200)
	mustEqualJSON(t, r.json(t), `{"id":3,"name":"Partners","description":"","tagged_domains":"a.com,b.com","contacts":[]}`)
	r = h.post("contact_groups/", map[string]any{"name": "partners"}, 400)
	mustEqualJSON(t, r.json(t), `{"error":[{"field":"name","errors":["Contact group with this Name already exists."]}]}`)
	r = h.post("contact_groups/", map[string]any{"description": "x"}, 400)
	if got := shapeAErrors(t, r, "name"); got[0] != "This field is required." {
		t.Fatalf("%s", r.body)
	}

	// Edit: fields left out are kept; name ignored by default.
	r = h.post("contact_group/3/", map[string]any{"description": "Resellers", "name": "Renamed"}, 200)
	mustEqualJSON(t, r.json(t), `{"id":3,"name":"Partners","description":"Resellers","tagged_domains":"a.com,b.com","contacts":[]}`)
	r = h.post("contact_group/3/", map[string]any{"tagged_domains": "c.com"}, 200)
	if m := r.obj(t); m["description"] != "Resellers" || m["tagged_domains"] != "c.com" {
		t.Fatalf("%v", m)
	}
	list := h.get("contact_groups/", 200).list(t)
	mustEqualJSON(t, list[2], `{"id":3,"name":"Partners","description":"Resellers","tagged_domains":"c.com"}`)

	rn := newHarness(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{GroupRename: "allowed"}})
	rn.post("contact_group/2/", map[string]any{"name": "Very Important"}, 200)
	if g, _ := rn.sim.ContactGroup(2); g.Name != "Very Important" {
		t.Fatalf("rename: %+v", g)
	}
	rn.post("contact_group/2/", map[string]any{"name": "existing customers"}, 400)
}

func TestContactGroupMembers(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	r := h.post("contact_group/2/update_contacts/", []any{
		map[string]any{"contact": 1, "access_tickets": true},
		map[string]any{"contact": "2"},
		map[string]any{"contact": 200},
		map[string]any{},
	}, 200)
	mustEqualJSON(t, r.json(t), `[
		{"success":true,"data":{"contact":1,"access_tickets":true}},
		{"success":true,"data":{"contact":2,"access_tickets":false}},
		{"success":false,"errors":[{"field":"contact","errors":["Select a valid choice. That choice is not one of the available choices."]}]},
		{"success":false,"errors":[{"field":"contact","errors":["This field is required."]}]}]`)
	// Re-posting an existing member changes its flag.
	h.post("contact_group/2/update_contacts/", []any{map[string]any{"contact": 2, "access_tickets": true}}, 200)
	mustEqualJSON(t, h.get("contact_group/2/", 200).obj(t)["contacts"], `[
		{"id":1,"email":"existing@example.com","name":"Existing Person","view_tickets_in_group":true},
		{"id":2,"email":"second@example.com","name":"Second Person","view_tickets_in_group":true}]`)
	// The contact side agrees (access_all_tickets_in_group).
	groups := h.get("user/2/", 200).obj(t)["contact_groups"].([]any)
	if len(groups) != 2 || groups[1].(map[string]any)["access_all_tickets_in_group"] != true {
		t.Fatalf("contact side: %v", groups)
	}

	r = h.post("contact_group/2/delete_contacts/", map[string]any{"contacts": []any{1, 3, 100}}, 200)
	mustEqualJSON(t, r.json(t), `[
		{"success":true,"data":{"contact":1,"message":"Successfully removed contact from group"}},
		{"success":false,"data":{"contact":3,"message":"Contact not part of the contact group"}},
		{"success":false,"data":{"contact":100,"message":"Contact does not exist"}}]`)
	if c, _ := h.sim.Contact(1); len(c.Memberships) != 1 || c.Memberships[0].GroupID != 1 {
		t.Fatalf("memberships: %+v", c.Memberships)
	}

	// Body shape errors.
	h.post("contact_group/2/update_contacts/", map[string]any{"contacts": []any{}}, 400)
	var many []any
	for i := 0; i < 101; i++ {
		many = append(many, map[string]any{"contact": 1})
	}
	r = h.post("contact_group/2/update_contacts/", many, 400)
	if shapeAErrors(t, r, "__all__") == nil {
		t.Fatalf("%s", r.body)
	}
	h.post("contact_group/2/delete_contacts/", []any{1}, 400)
	h.post("contact_group/2/delete_contacts/", map[string]any{}, 400)
	h.post("contact_group/99/update_contacts/", []any{}, 404)
}

func TestContactGroupHooks(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	desc := "changed in UI"
	if !h.sim.UpdateContactGroupOutside(1, &desc, nil) {
		t.Fatal("update outside")
	}
	if !h.sim.AddContactToGroupOutside(2, 5, true) {
		t.Fatal("add outside")
	}
	g, _ := h.sim.ContactGroup(1)
	g.Members[0].AccessTickets = false // copies only
	if g2, _ := h.sim.ContactGroup(1); !g2.Members[0].AccessTickets || g2.Description != desc {
		t.Fatalf("%+v", g2)
	}
	if !h.sim.RemoveContactGroup(1) || h.sim.RemoveContactGroup(1) {
		t.Fatal("remove group")
	}
	h.get("contact_group/1/", 404)
	if a, _ := h.sim.Asset(1); len(a.ContactGroupIDs) != 0 {
		t.Fatalf("asset still linked: %+v", a)
	}
	c := h.sim.AddContact(happyfoxsim.Contact{Name: "Hooked", Email: "hook@example.com", IsLoginEnabled: true,
		Memberships: []happyfoxsim.Membership{{GroupID: 2}}, CustomFields: map[int64]any{5: 3}})
	if c.ID != 6 || len(c.Memberships) != 1 || c.CustomFields[5] != int64(3) {
		t.Fatalf("%+v", c)
	}
	if !h.sim.RemoveContact(c.ID) || len(h.sim.ContactGroups()[0].Members) != 1 {
		t.Fatalf("remove contact: %+v", h.sim.ContactGroups())
	}
}
