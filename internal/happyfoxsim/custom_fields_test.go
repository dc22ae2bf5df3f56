package happyfoxsim_test

import (
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestUserCustomFields(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	list := h.get("user_custom_fields/", 200).list(t)
	if len(list) != 5 {
		t.Fatalf("%d fields", len(list))
	}
	mustEqualJSON(t, list[0], `{"id":4,"name":"Account Number","type":"text","required":false,"order":1,"depends_on_choice":null,"visible_to_staff_only":false,"choices":null}`)
	mustEqualJSON(t, h.get("user_custom_field/5/", 200).obj(t)["choices"],
		`[{"id":3,"text":"APAC","dependant_fields":[]},{"id":4,"text":"EMEA","dependant_fields":[]},{"id":5,"text":"AMER","dependant_fields":[]}]`)
}

func TestTicketCustomFieldChoices(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	list := h.get("ticket_custom_fields/", 200).list(t)
	mustEqualJSON(t, list[0], `{"id":61,"name":"Request Survey","type":"choice","required":false,
		"compulsory_on_completed":true,"compulsory_on_move":false,"depends_on_choice":null,"visible_to_staff_only":false,
		"choices":[{"id":2,"text":"No","dependant_fields":[]},{"id":1,"text":"Yes","dependant_fields":[]}],
		"categories":[{"category":3,"order":1},{"category":4,"order":2}]}`)
	if list[2].(map[string]any)["choices"] != nil {
		t.Fatalf("text field choices: %v", list[2])
	}

	// Rename keeps the id, omitted choices are deleted, new ids are max+1, payload order kept.
	r := h.put("ticket_custom_field/62/", map[string]any{"choices": []any{
		map[string]any{"id": nil, "text": "Thing", "dependant_fields": []any{}},
		map[string]any{"id": 5, "text": "Gadget (Edited)", "dependant_fields": []any{}},
		map[string]any{"id": "6", "text": "Gizmo"},
		map[string]any{"text": "Doohickey"},
	}}, 200)
	mustEqualJSON(t, r.obj(t)["choices"], `[
		{"id":8,"text":"Thing","dependant_fields":[]},
		{"id":5,"text":"Gadget (Edited)","dependant_fields":[]},
		{"id":6,"text":"Gizmo","dependant_fields":[]},
		{"id":9,"text":"Doohickey","dependant_fields":[]}]`)
	// Deleted id 7 (and the removed max) are never reused.
	r = h.put("ticket_custom_field/62/", map[string]any{"choices": []any{map[string]any{"id": 5, "text": "Gadget"}, map[string]any{"id": nil, "text": "New"}}}, 200)
	mustEqualJSON(t, r.obj(t)["choices"], `[{"id":5,"text":"Gadget","dependant_fields":[]},{"id":10,"text":"New","dependant_fields":[]}]`)
	f, _ := h.sim.TicketCustomField(62)
	if len(f.Choices) != 2 || f.Name != "Product" {
		t.Fatalf("%+v", f)
	}
	// dependant_fields stored and returned.
	r = h.put("ticket_custom_field/61/", map[string]any{"choices": []any{
		map[string]any{"id": 1, "text": "Yes", "dependant_fields": []any{map[string]any{"id": 63}}},
		map[string]any{"id": 2, "text": "No", "dependant_fields": []any{}},
	}}, 200)
	mustEqualJSON(t, r.obj(t)["choices"], `[{"id":1,"text":"Yes","dependant_fields":[{"id":63}]},{"id":2,"text":"No","dependant_fields":[]}]`)

	// Errors: all shape A on "choices", nothing changed.
	for name, tc := range map[string]struct {
		path string
		body any
		want string
	}{
		"non-choice": {"ticket_custom_field/63/", map[string]any{"choices": []any{map[string]any{"text": "a"}}},
			`Choices can only be set on dropdown or multiple choice fields; field 63 has type "text".`},
		"unknown id": {"ticket_custom_field/64/", map[string]any{"choices": []any{map[string]any{"id": 42, "text": "a"}}},
			"Select a valid choice. 42 is not one of the available choices."},
		"empty text": {"ticket_custom_field/64/", map[string]any{"choices": []any{map[string]any{"id": nil, "text": " "}}},
			"Choice 1: text may not be blank."},
		"duplicate": {"ticket_custom_field/64/", map[string]any{"choices": []any{map[string]any{"id": 1, "text": "North"}, map[string]any{"id": nil, "text": "North"}}},
			`Duplicate choice text "North".`},
		"missing": {"ticket_custom_field/64/", map[string]any{}, "This field is required."},
	} {
		r := h.put(tc.path, tc.body, 400)
		if got := shapeAErrors(t, r, "choices"); len(got) != 1 || got[0] != tc.want {
			t.Fatalf("%s: %s", name, r.body)
		}
	}
	h.put("ticket_custom_field/99/", map[string]any{"choices": []any{}}, 404)
	if f, _ := h.sim.TicketCustomField(64); len(f.Choices) != 2 {
		t.Fatalf("%+v", f)
	}

	// Hook: equal texts keep ids, others get new ids after the high-water mark.
	h.sim.SetTicketCustomFieldChoices(62, []string{"New", "Other"})
	f, _ = h.sim.TicketCustomField(62)
	if f.Choices[0].ID != 10 || f.Choices[1].ID != 11 {
		t.Fatalf("%+v", f.Choices)
	}
	nf := h.sim.AddTicketCustomField(happyfoxsim.TicketCustomField{Name: "Added", Type: "dropdown", Choices: []happyfoxsim.Choice{{Text: "a"}, {Text: "b"}}})
	if nf.ID != 65 || nf.Choices[1].ID != 2 {
		t.Fatalf("%+v", nf)
	}
}
