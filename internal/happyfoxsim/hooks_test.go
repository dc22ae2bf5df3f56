package happyfoxsim_test

import (
	"encoding/json"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestHooks(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	g := h.sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Hooked", Members: []happyfoxsim.GroupMember{{ContactID: 1}, {ContactID: 999}}})
	if g.ID != 3 || len(g.Members) != 1 {
		t.Fatalf("%+v", g)
	}
	if !h.sim.RenameContactGroupOutside(3, "Renamed") || !h.sim.RemoveContactFromGroupOutside(3, 1) || h.sim.RemoveContactFromGroupOutside(3, 1) {
		t.Fatal("group hooks")
	}
	mustEqualJSON(t, h.get("contact_group/3/", 200).json(t), `{"id":3,"name":"Renamed","description":"","tagged_domains":"","contacts":[]}`)

	if n := len(h.sim.Assets()); n != 3 || !h.sim.RemoveAsset(2) || h.sim.RemoveAsset(2) || len(h.sim.Assets()) != 2 {
		t.Fatal("asset hooks")
	}
	if n := len(h.sim.AssetTypes()); n != 3 {
		t.Fatal(n)
	}
	if f, found := h.sim.UserCustomField(8); !found || len(f.Choices) != 3 {
		t.Fatalf("%+v", f)
	}
	uf := h.sim.AddUserCustomField(happyfoxsim.UserCustomField{Name: "Tier", Type: "choice", Choices: []happyfoxsim.Choice{{Text: "Gold"}}})
	if uf.ID != 9 || uf.Order != 6 || uf.Choices[0].ID != 1 {
		t.Fatalf("%+v", uf)
	}

	// SetContactCustomField normalizes like the API and does not reset other fields.
	for _, tc := range []struct {
		field int64
		value any
		ok    bool
	}{
		{6, 3, true}, {6, "2.5", true}, {6, json.Number("1.005"), false}, {6, true, false},
		{7, "2026-02-30", false}, {5, "5", true}, {5, 9, false},
		{8, []int64{12, 10}, true}, {8, []int{11}, true}, {8, []string{"10"}, true}, {8, "10", false},
		{4, 12, false}, {99, "x", false},
	} {
		if got := h.sim.SetContactCustomField(1, tc.field, tc.value); got != tc.ok {
			t.Fatalf("SetContactCustomField(%d, %#v) = %v", tc.field, tc.value, got)
		}
	}
	c, _ := h.sim.Contact(1)
	if c.CustomFields[4] != "ACME-001" || c.CustomFields[6] != 2.5 || c.CustomFields[5] != int64(5) || c.UpdatedAt == nil {
		t.Fatalf("%+v", c)
	}
	if l := c.CustomFields[8].([]int64); len(l) != 1 || l[0] != 10 {
		t.Fatalf("%v", l)
	}
	h.sim.SetContactCustomField(1, 8, nil)
	if c, _ = h.sim.Contact(1); c.CustomFields[8] != nil {
		t.Fatal("nil did not clear")
	}
	// is_login_enabled accepts booleans and strings.
	for v, want := range map[any]bool{"FALSE": false, "TRUE": true, false: false, "1": true} {
		got := h.post("user/2/", map[string]any{"is_login_enabled": v}, 200).obj(t)["is_login_enabled"]
		if got != want {
			t.Fatalf("%v -> %v", v, got)
		}
	}
}
