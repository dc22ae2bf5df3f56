package happyfoxsim_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAssetLifecycle(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{Now: clock.Now})
	r := h.post("assets/?asset_type=2", map[string]any{
		"name": "MacBook Pro", "display_id": "LAP-001", "created_by": 1,
		"contact_ids": []any{"1", 2}, "contact_group_ids": []any{1},
		"custom_fields": map[string]any{"45": "SN123", "47": 16, "48": "2026-01-02", "49": "1", "50": []any{6, 4}},
	}, 200)
	a := r.obj(t)
	mustEqualJSON(t, a, `{"id":4,"display_id":"LAP-001","name":"MacBook Pro","asset_type":{"id":2,"name":"Laptop"},
		"contacts":[{"id":1,"name":"Existing Person","email":"existing@example.com"},{"id":2,"name":"Second Person","email":"second@example.com"}],
		"contact_groups":[{"id":1,"name":"Existing Customers"}],
		"custom_fields":[{"id":45,"name":"Serial Number","type":"text","order":1,"value":"SN123"},
			{"id":46,"name":"Notes","type":"textarea","order":2,"value":null},
			{"id":47,"name":"RAM GB","type":"number","order":3,"value":16},
			{"id":48,"name":"Purchased","type":"date","order":4,"value":"2026-01-02"},
			{"id":49,"name":"OS","type":"dropdown","order":5,"value":1},
			{"id":50,"name":"Accessories","type":"multi_option","order":6,"value":[4,6]}],
		"created_by":1,"updated_by":null,"created_at":"2026-11-28T12:00:00Z","updated_at":"2026-11-28T12:00:00Z"}`)

	// Partial update: absent fields kept, lists replaced, custom field keys merged.
	clock.Advance(time.Minute)
	a = h.put("asset/4/", map[string]any{"updated_by": "1", "contact_ids": []any{5}, "custom_fields": map[string]any{"46": "dented", "45": nil}}, 200).obj(t)
	if a["name"] != "MacBook Pro" || num(a["updated_by"]) != 1 || a["updated_at"] != "2026-11-28T12:01:00Z" || a["created_at"] != "2026-11-28T12:00:00Z" {
		t.Fatalf("%v", a)
	}
	mustEqualJSON(t, a["contacts"], `[{"id":5,"name":"Vera Vip","email":"vera@vip.example.net"}]`)
	mustEqualJSON(t, a["contact_groups"], `[{"id":1,"name":"Existing Customers"}]`)
	cfs := a["custom_fields"].([]any)
	if cfs[0].(map[string]any)["value"] != nil || cfs[1].(map[string]any)["value"] != "dented" || num(cfs[2].(map[string]any)["value"]) != 16 {
		t.Fatalf("custom fields: %v", cfs)
	}
	// Listing by type; missing asset_type means the first type.
	if d := h.get("assets/?asset_type=2", 200).obj(t)["data"].([]any); len(d) != 1 {
		t.Fatalf("laptops: %v", d)
	}
	if d := h.get("assets/", 200).obj(t)["data"].([]any); len(d) != 3 {
		t.Fatalf("general: %d", len(d))
	}
	h.get("assets/?asset_type=99", 400)

	// Delete.
	r = h.request(http.MethodDelete, "asset/4/", nil)
	h.mustStatus(r, 400)
	mustEqualJSON(t, r.json(t), `{"error":{"deleted_by":["This field is required."]}}`)
	r = h.request(http.MethodDelete, "asset/4/?deleted_by=4", nil)
	h.mustStatus(r, 400)
	r = h.request(http.MethodDelete, "asset/4/?deleted_by=1", nil)
	h.mustStatus(r, 200)
	mustEqualJSON(t, r.json(t), `{"message":"Asset deleted successfully"}`)
	h.mustStatus(h.request(http.MethodDelete, "asset/4/?deleted_by=1", nil), 404)
	h.get("asset/4/", 404)
}

func TestAssetValidationShapeB(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	r := h.post("assets/?asset_type=2", map[string]any{
		"name": strings.Repeat("n", 201), "created_by": 1, "contact_ids": "1",
		"custom_fields": map[string]any{"49": 5, "50": []any{4, 9}, "47": 1.5, "48": "02/01/2026", "45": 7, "99": "x"},
	}, 400)
	mustEqualJSON(t, r.json(t), `{"error":{
		"name":["Ensure this value has at most 200 characters (it has 201)."],
		"display_id":["This field is required."],
		"contact_ids":"Enter a list of values.",
		"custom_fields":{
			"45":"Not a valid string.",
			"47":"A valid integer is required.",
			"48":"Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
			"49":"Provide a valid choice. 5 is not one of the available choices.",
			"50":"Provide a valid choice. 9 is not one of the available choices.",
			"99":"Invalid custom field. 99 is not a field of asset type 2."}}}`)

	for staff, want := range map[string]string{
		"":   "This field is required.",
		"3":  "Staff 3 is not active.",
		"4":  "Staff 4 does not have the Manage Assets permission.",
		"77": "Staff with id 77 does not exist.",
	} {
		body := map[string]any{"name": "n", "display_id": "d"}
		if staff != "" {
			body["created_by"] = staff
		}
		r = h.post("assets/?asset_type=1", body, 400)
		mustEqualJSON(t, r.obj(t)["error"], `{"created_by":["`+want+`"]}`)
	}
	r = h.post("assets/", map[string]any{"name": "n", "display_id": "d", "created_by": 1}, 400)
	mustEqualJSON(t, r.json(t), `{"error":{"asset_type":["This field is required."]}}`)
	r = h.post("assets/?asset_type=1", map[string]any{"name": "n", "display_id": "d", "created_by": 1, "contact_group_ids": []any{9}}, 400)
	mustEqualJSON(t, r.json(t), `{"error":{"contact_group_ids":["Contact group with id 9 does not exist."]}}`)
	r = h.put("asset/1/", map[string]any{"name": "x"}, 400)
	mustEqualJSON(t, r.json(t), `{"error":{"updated_by":["This field is required."]}}`)
	r = h.put("asset/1/", map[string]any{"updated_by": 1, "name": ""}, 400)
	mustEqualJSON(t, r.json(t), `{"error":{"name":["This field is required."]}}`)
	if a, _ := h.sim.Asset(1); a.Name != "Reception Printer" || a.UpdatedBy != nil {
		t.Fatalf("failed update changed the asset: %+v", a)
	}
	// Duplicate display_id is accepted (not documented as unique).
	h.post("assets/?asset_type=1", map[string]any{"name": "Dup", "display_id": "PRN-001", "created_by": 1}, 200)
}

func TestAssetNewContactsAndLegacyShape(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{AssetShape: "2025"}})
	a := h.post("assets/?asset_type=1", map[string]any{
		"name": "Desk", "display_id": "DSK-1", "created_by": 1, "contact_group_ids": []any{1},
		"contacts": []any{map[string]any{"name": "New Person", "email": "new@example.com"}, map[string]any{"name": "x", "email": "existing@example.com"}},
	}, 200).obj(t)
	if _, has := a["contact_groups"]; has {
		t.Fatalf("legacy shape has contact_groups: %v", a)
	}
	if c := a["contacts"].([]any); len(c) != 2 || c[0].(map[string]any)["name"] != "New Person" {
		t.Fatalf("contacts: %v", c)
	}
	if _, found := h.sim.ContactByEmail("new@example.com"); !found {
		t.Fatal("new contact not created")
	}
	settings := h.get("asset_type/1/", 200).obj(t)["settings"].(map[string]any)
	if _, has := settings["enable_asset_type_visibility_to_contact"]; has {
		t.Fatalf("legacy settings: %v", settings)
	}
}

func TestAssetTypesAndFields(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	types := h.get("asset_types/", 200).obj(t)
	mustEqualJSON(t, types["page_info"], `{"count":3,"last_index":3,"page_count":1,"start_index":1,"end_index":3}`)
	mustEqualJSON(t, h.get("asset_type/1/", 200).json(t), `{"id":1,"name":"General","description":null,"settings":{
		"enable_ticket_association":true,"enable_contact_association":true,
		"enable_asset_type_visibility_to_contact":true,"enable_asset_quantity_for_ticket":true}}`)

	fields := h.get("asset_custom_fields/?asset_type=2&size=2&page=3", 200).obj(t)
	mustEqualJSON(t, fields["data"], `[
		{"id":49,"name":"OS","type":"dropdown","asset_type":{"id":2,"name":"Laptop"},"choices":[{"id":1,"text":"macOS"},{"id":2,"text":"Windows"},{"id":3,"text":"Linux"}]},
		{"id":50,"name":"Accessories","type":"multi_option","asset_type":{"id":2,"name":"Laptop"},"choices":[{"id":4,"text":"Dock"},{"id":5,"text":"Mouse"},{"id":6,"text":"Bag"}]}]`)
	if d := h.get("asset_custom_fields/", 200).obj(t)["data"].([]any); len(d) != 0 {
		t.Fatalf("General has no fields: %v", d)
	}
	singular := h.get("asset_custom_field/45/", 200).obj(t)
	plural := h.get("asset_custom_fields/45/", 200).obj(t)
	mustEqualJSON(t, singular, `{"id":45,"name":"Serial Number","type":"text","asset_type":{"id":2,"name":"Laptop"},"choices":null}`)
	mustEqualJSON(t, plural, `{"id":45,"name":"Serial Number","type":"text","asset_type":{"id":2,"name":"Laptop"},"choices":null}`)

	old := newHarness(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{AssetFieldPath: "plural-only"}})
	old.get("asset_custom_field/45/", 404)
	old.get("asset_custom_fields/45/", 200)

	// Hooks.
	typ := h.sim.AddAssetType("Phone")
	f := h.sim.AddAssetCustomField(typ.ID, happyfoxsim.AssetCustomField{Name: "IMEI", Type: "text", Required: true})
	if f.ID != 51 || f.Order != 1 {
		t.Fatalf("%+v", f)
	}
	r := h.post("assets/?asset_type=4", map[string]any{"name": "P", "display_id": "P1", "created_by": 1}, 400)
	mustEqualJSON(t, r.json(t), `{"error":{"custom_fields":{"51":"This field is required."}}}`)
	if h.sim.SetAssetCustomField(1, 45, "x") { // field 45 belongs to Laptop, asset 1 is General
		t.Fatal("SetAssetCustomField accepted a field of another type")
	}
	lap := h.post("assets/?asset_type=2", map[string]any{"name": "L", "display_id": "L1", "created_by": 1}, 200).obj(t)
	id := int64(num(lap["id"]))
	if !h.sim.SetAssetCustomField(id, 49, 3) || h.sim.SetAssetCustomField(id, 49, 9) {
		t.Fatal("SetAssetCustomField validation")
	}
	if a, _ := h.sim.Asset(id); a.CustomFields[49] != int64(3) {
		t.Fatalf("%+v", a)
	}
}
