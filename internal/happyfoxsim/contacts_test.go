package happyfoxsim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func cfByID(t *testing.T, contact map[string]any, id float64) map[string]any {
	t.Helper()
	for _, f := range contact["custom_fields"].([]any) {
		if m := f.(map[string]any); num(m["id"]) == id {
			return m
		}
	}
	t.Fatalf("custom field %v missing", id)
	return nil
}

func TestContactCreateDefaultsAndShape(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{Now: clock.Now})
	r := h.post("users/", map[string]any{
		"name": "James May", "email": "James@Example1.com",
		"phones": []any{
			map[string]any{"type": "mo", "number": "987654321", "is_primary": false},
			map[string]any{"type": "w", "number": "876543219", "is_primary": true},
		},
		"c-cf-4": "AC-1", "c-cf-5": "4", "c-cf-6": 12.5, "c-cf-7": "2027-01-31", "c-cf-8": []any{12, "10"},
	}, 200)
	c := r.obj(t)
	if c["is_login_enabled"] != true || c["updated_at"] != nil || c["created_at"] != "2026-11-28 12:00:00" || c["email"] != "James@Example1.com" {
		t.Fatalf("contact: %s", r.body)
	}
	mustEqualJSON(t, c["primary_phone"], `{"id":5,"type":"w","number":"876543219","is_primary":true}`)
	mustEqualJSON(t, cfByID(t, c, 5), `{"id":5,"name":"Region","type":"choice","value":"EMEA","value_id":4,"visible_to_staff_only":false}`)
	mustEqualJSON(t, cfByID(t, c, 6)["value"], `12.5`)
	mustEqualJSON(t, cfByID(t, c, 8), `{"id":8,"name":"Products","type":"multiple_choice","value":"Helpdesk,Assets","value_id":[10,12],"visible_to_staff_only":false}`)
	mustEqualJSON(t, c["contact_groups"], `[]`)

	// No phones: primary_phone null, phones [].
	c = h.post("users/", map[string]any{"name": "No Phone", "email": "np@example.com", "is_login_enabled": false}, 200).obj(t)
	if c["primary_phone"] != nil || len(c["phones"].([]any)) != 0 || c["is_login_enabled"] != false {
		t.Fatalf("no phone: %v", c)
	}
	// Phone only: email null allowed with phones.
	c = h.post("users/", map[string]any{"name": "Phone Guy", "email": nil, "phones": []any{map[string]any{"number": "123"}}}, 200).obj(t)
	if c["email"] != nil || c["primary_phone"].(map[string]any)["type"] != "o" {
		t.Fatalf("phone only: %v", c)
	}
}

func TestContactValidation(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	r := h.post("users/", map[string]any{"email": "x@example.com"}, 400)
	mustEqualJSON(t, r.json(t), `{"error":[{"field":"name","errors":["This field is required."]}]}`)
	r = h.post("users/", map[string]any{"name": "X"}, 400)
	if got := shapeAErrors(t, r, "email"); len(got) != 1 || got[0] != "This field is required." {
		t.Fatalf("email key required: %s", r.body)
	}
	r = h.post("users/", map[string]any{"name": "X", "email": "not-an-email"}, 400)
	if got := shapeAErrors(t, r, "email"); got[0] != "Enter a valid email address." {
		t.Fatalf("got %s", r.body)
	}
	r = h.post("users/", map[string]any{"name": "X", "email": nil}, 400)
	if shapeAErrors(t, r, "phones") == nil {
		t.Fatalf("null email without phones: %s", r.body)
	}
	r = h.post("users/", map[string]any{"name": "X", "email": "x@example.com", "is_login_enabled": "maybe",
		"c-cf-5": 99, "c-cf-6": "1.234", "c-cf-7": "31/01/2027", "c-cf-8": []any{10, 13}, "c-cf-4": 5}, 400)
	for field, want := range map[string]string{
		"c-cf-5":           "Select a valid choice. That choice is not one of the available choices.",
		"c-cf-6":           "Ensure that there are no more than 2 decimal places.",
		"c-cf-7":           "Enter a valid date.",
		"c-cf-8":           "Select a valid choice. 13 is not one of the available choices.",
		"c-cf-4":           "Enter a valid value.",
		"is_login_enabled": "Select a valid choice. maybe is not one of the available choices.",
	} {
		if got := shapeAErrors(t, r, field); len(got) != 1 || got[0] != want {
			t.Fatalf("%s: got %v, want %q (%s)", field, got, want, r.body)
		}
	}
	if _, found := h.sim.ContactByEmail("x@example.com"); found {
		t.Fatal("invalid payload created a contact")
	}
	r = h.post("user/1/", map[string]any{"email": "second@example.com"}, 400)
	if shapeAErrors(t, r, "email") == nil {
		t.Fatalf("duplicate email accepted: %s", r.body)
	}
	r = h.post("users/", map[string]any{"name": "X", "email": "y@example.com", "c-cf-8": "10"}, 400)
	if got := shapeAErrors(t, r, "c-cf-8"); got[0] != "Enter a list of values." {
		t.Fatalf("got %s", r.body)
	}
}

func TestContactCustomFieldReset(t *testing.T) {
	clock := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{Now: clock.Now})
	// Contact 1 has c-cf-4, 5, 6 set. Updating only c-cf-7 resets the others (§2.4 H).
	clock.Advance(time.Hour)
	c := h.post("user/1/", map[string]any{"c-cf-7": "2027-02-01"}, 200).obj(t)
	for _, id := range []float64{4, 5, 6, 8} {
		if f := cfByID(t, c, id); f["value"] != nil || f["value_id"] != nil {
			t.Fatalf("field %v not reset: %v", id, f)
		}
	}
	if cfByID(t, c, 7)["value"] != "2027-02-01" || c["updated_at"] != "2026-11-28 13:00:00" || c["name"] != "Existing Person" {
		t.Fatalf("update: %v", c)
	}
	// Same rule on POST /users/ edit-by-email and on /user/<email>/.
	h.sim.SetContactCustomField(1, 4, "ACME")
	c = h.post("users/", map[string]any{"name": "Existing Person", "email": "EXISTING@example.com"}, 200).obj(t)
	if num(c["id"]) != 1 || cfByID(t, c, 4)["value"] != nil || cfByID(t, c, 7)["value"] != nil {
		t.Fatalf("edit by email: %v", c)
	}
	h.sim.SetContactCustomField(1, 4, "ACME")
	c = h.post("user/existing@example.com/", map[string]any{"c-cf-4": "ACME"}, 200).obj(t)
	if cfByID(t, c, 4)["value"] != "ACME" {
		t.Fatalf("%v", c)
	}
	// Explicit null / "" clears.
	c = h.post("user/1/", map[string]any{"c-cf-4": ""}, 200).obj(t)
	if cfByID(t, c, 4)["value"] != nil {
		t.Fatalf("%v", c)
	}
	// A required field must always be sent.
	h.sim.AddUserCustomField(happyfoxsim.UserCustomField{ID: 20, Name: "Must", Type: "text", Required: true})
	r := h.post("user/1/", map[string]any{"name": "X"}, 400)
	if got := shapeAErrors(t, r, "c-cf-20"); got[0] != "This field is required." {
		t.Fatalf("%s", r.body)
	}
}

func TestContactPhones(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	// Contact 3 has phones 2 (w, primary) and 3 (h).
	c := h.post("user/3/", map[string]any{"email": nil, "phones": []any{
		map[string]any{"id": 3, "type": "m", "number": "999", "is_primary": true},
		map[string]any{"type": "mo", "number": "+44 7700 900000"},
	}}, 200).obj(t)
	mustEqualJSON(t, c["phones"], `[
		{"id":2,"type":"w","number":"020 7946 0000","is_primary":false},
		{"id":3,"type":"m","number":"999","is_primary":true},
		{"id":4,"type":"mo","number":"+44 7700 900000","is_primary":false}]`)
	mustEqualJSON(t, c["primary_phone"], `{"id":3,"type":"m","number":"999","is_primary":true}`)
	// Phones not mentioned are kept; editing by id keeps unspecified attributes.
	c = h.post("user/3/", map[string]any{"phones": []any{map[string]any{"id": 2, "number": "111"}}}, 200).obj(t)
	if ph := c["phones"].([]any); len(ph) != 3 || ph[0].(map[string]any)["number"] != "111" || ph[0].(map[string]any)["type"] != "w" {
		t.Fatalf("phones: %v", ph)
	}
	// Another contact's phone id or a bad type is rejected.
	r := h.post("user/3/", map[string]any{"phones": []any{map[string]any{"id": 1, "number": "1"}}}, 400)
	if shapeAErrors(t, r, "phones") == nil {
		t.Fatalf("%s", r.body)
	}
	r = h.post("user/3/", map[string]any{"phones": []any{map[string]any{"type": "fax", "number": "1"}}}, 400)
	if shapeAErrors(t, r, "phones") == nil {
		t.Fatalf("%s", r.body)
	}
	got, _ := h.sim.Contact(3)
	if len(got.Phones) != 3 {
		t.Fatalf("rejected payload changed phones: %+v", got.Phones)
	}
}

func TestContactBulkAndSearch(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	r := h.post("users/", []any{
		map[string]any{"name": "Bulk One", "email": "bulk1@example.com", "phones": []any{map[string]any{"number": "+1 555 0199"}}},
		map[string]any{"name": "Existing Person", "email": "existing@example.com"},
		map[string]any{"email": "bad"},
		"nonsense",
	}, 200)
	res := r.list(t)
	if len(res) != 4 {
		t.Fatalf("%s", r.body)
	}
	mustEqualJSON(t, res[0], `{"email":"bulk1@example.com","success":true,"id":6}`)
	mustEqualJSON(t, res[1], `{"email":"existing@example.com","success":true,"id":1}`)
	fail := res[2].(map[string]any)
	if fail["success"] != false || fail["email"] != "bad" || fail["error"] == nil {
		t.Fatalf("%v", fail)
	}
	var many []any
	for i := 0; i < 101; i++ {
		many = append(many, map[string]any{"name": "n", "email": fmt.Sprintf("m%d@example.com", i)})
	}
	r = h.post("users/", many, 400)
	if shapeAErrors(t, r, "__all__") == nil {
		t.Fatalf("%s", r.body)
	}

	search := func(q string) []any {
		return h.get("users/?q="+q, 200).obj(t)["data"].([]any)
	}
	if d := search("name:PERSON"); len(d) != 2 {
		t.Fatalf("name search: %d", len(d))
	}
	if d := search("name:person%20email:SECOND@example.com"); len(d) != 1 || num(d[0].(map[string]any)["id"]) != 2 {
		t.Fatalf("AND search: %v", d)
	}
	if d := search("email:second@example"); len(d) != 0 {
		t.Fatalf("email must be exact: %v", d)
	}
	if d := search("phone:15550199"); len(d) != 1 || num(d[0].(map[string]any)["id"]) != 6 {
		t.Fatalf("phone search: %v", d)
	}
	if d := search("name:bulk%20updated_since:2020-01-01"); len(d) != 1 {
		t.Fatalf("updated_since not ignored: %v", d)
	}
}
