package happyfoxsim_test

import (
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// A Rate of 1 carries the create out but answers with the oldest other object of the kind, whole.
func TestForeignAnswerCarriesOutTheCreateButAnswersAnotherObject(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Rate: 1})
	got := h.post("contact_groups/", map[string]any{"name": "Brand new"}, 200).obj(t)
	if got["name"] == "Brand new" || num(got["id"]) != 1 {
		t.Fatalf("the answer is not the oldest other group: %v", got)
	}
	h.sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{})
	var found bool
	for _, g := range h.get("contact_groups/", 200).list(t) {
		if g.(map[string]any)["name"] == "Brand new" {
			found = true
		}
	}
	if !found {
		t.Fatal("the create was not carried out")
	}
	if n := h.sim.Counters().ForeignAnswers; n != 1 {
		t.Fatalf("ForeignAnswers = %d, want 1", n)
	}
}

// Count with ObjectID answers the next creates with that asset as stored, then disarms.
func TestForeignAnswerCountAndObjectID(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Routes: []string{"POST /assets/"}, Count: 1, ObjectID: 1})
	// A create on another route is not struck and does not use the count.
	if g := h.post("contact_groups/", map[string]any{"name": "Not struck"}, 200).obj(t); g["name"] != "Not struck" {
		t.Fatalf("a route outside Routes was struck: %v", g)
	}
	body := map[string]any{"name": "Laptop", "display_id": "LAP-1", "created_by": 1}
	a := h.post("assets/?asset_type=2", body, 200).obj(t)
	if num(a["id"]) != 1 || a["name"] != "Reception Printer" {
		t.Fatalf("the armed create answered %v, want asset 1", a)
	}
	found := false
	for _, x := range h.sim.Assets() {
		found = found || (x.Name == "Laptop" && x.DisplayID == "LAP-1" && x.AssetTypeID == 2)
	}
	if !found {
		t.Fatal("the create was not carried out")
	}
	// The fault fires once: the next create answers with itself.
	if b := h.post("assets/?asset_type=2", map[string]any{"name": "Laptop 2", "display_id": "LAP-2", "created_by": 1}, 200).obj(t); b["name"] != "Laptop 2" {
		t.Fatalf("second create answered %v", b)
	}
	if n := h.sim.Counters().ForeignAnswers; n != 1 {
		t.Fatalf("ForeignAnswers = %d, want 1", n)
	}
}

// IDOnly keeps the created object's body and replaces its id with the lowest other id of the kind.
func TestForeignAnswerIDOnly(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Routes: []string{"POST /users/"}, Count: 1, IDOnly: true})
	c := h.post("users/", map[string]any{"name": "New One", "email": "new.one@example.com"}, 200).obj(t)
	if c["email"] != "new.one@example.com" || num(c["id"]) != 1 {
		t.Fatalf("the answer is not the created contact under contact 1's id: %v", c)
	}
	if got, ok := h.sim.ContactByEmail("new.one@example.com"); !ok || got.ID == 1 {
		t.Fatalf("the create was not carried out: %+v", got)
	}
	if n := h.sim.Counters().ForeignAnswers; n != 1 {
		t.Fatalf("ForeignAnswers = %d, want 1", n)
	}
}

// In a bulk create each successful item is one create: its id (and, unless IDOnly, its e-mail) becomes another
// contact's. The count is used per item.
func TestForeignAnswerStrikesBulkItems(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Count: 1, IDOnly: true})
	res := h.post("users/", []any{
		map[string]any{"name": "Bulk A", "email": "bulk.a@example.com"},
		map[string]any{"name": "Bulk B", "email": "bulk.b@example.com"},
	}, 200).list(t)
	first, second := res[0].(map[string]any), res[1].(map[string]any)
	if num(first["id"]) != 1 || first["email"] != "bulk.a@example.com" {
		t.Fatalf("the first item does not carry contact 1's id: %v", first)
	}
	if b, _ := h.sim.ContactByEmail("bulk.b@example.com"); num(second["id"]) != float64(b.ID) {
		t.Fatalf("the second item was struck too (Count 1): %v", second)
	}
	if _, ok := h.sim.ContactByEmail("bulk.a@example.com"); !ok {
		t.Fatal("the create was not carried out")
	}
	h.sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Count: 1})
	res = h.post("users/", []any{map[string]any{"name": "Bulk C", "email": "bulk.c@example.com"}}, 200).list(t)
	if item := res[0].(map[string]any); num(item["id"]) != 1 || item["email"] != "existing@example.com" {
		t.Fatalf("the whole item is not contact 1's: %v", item)
	}
	if n := h.sim.Counters().ForeignAnswers; n != 2 {
		t.Fatalf("ForeignAnswers = %d, want 2", n)
	}
}
