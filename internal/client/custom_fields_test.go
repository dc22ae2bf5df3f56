package client

import (
	"encoding/json"
	"reflect"
	"testing"
)

const ticketFieldsExample = `[ { "id": 61, "name": "Request Survey", "type": "choice", "required": false,
    "compulsory_on_completed": true, "compulsory_on_move": false, "depends_on_choice": null,
    "visible_to_staff_only": false,
    "choices": [ { "id": 2, "text": "No", "dependant_fields": [] }, { "id": 1, "text": "Yes", "dependant_fields": [ {"field": 7} ] } ],
    "categories": [ { "category": 3, "order": 1 }, { "category": 4, "order": 2 } ] },
  { "id": 62, "name": "Notes", "type": "text", "choices": null, "depends_on_choice": 5, "categories": null } ]`

func TestTicketCustomFields(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "ticket_custom_fields/", 200, ticketFieldsExample)
	api.reply("GET", "ticket_custom_field/1/", 200, `{ "id": 1, "name": "Drop Down Field", "type": "choice", "compulsory_on_complete": true,
	  "choices": [ { "text": "Option 1", "id": 11 } ], "categories": [ { "category": {"id": 1}, "order": "1" } ] }`)
	api.reply("PUT", "ticket_custom_field/1/", 200, `{ "id": 1, "name": "Drop Down Field", "type": "choice", "required": true,
	  "compulsory_on_completed": true, "compulsory_on_move": true, "depends_on_choice": null,
	  "visible_to_staff_only": false, "categories": [ { "category": 1, "order": 1 } ],
	  "choices": [ { "text": "Option 1", "id": 11, "dependant_fields": [] },
	               { "text": "Option 2 (Edited)", "id": 12, "dependant_fields": [{"x": 1}] },
	               { "text": "Option 4", "id": 13, "dependant_fields": [] } ] }`)
	c := api.client()

	fs, err := c.ListTicketCustomFields(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	five := int64(5)
	want := []TicketCustomField{
		{ID: 61, Name: "Request Survey", Type: "choice", CompulsoryOnCompleted: true,
			Choices:    []Choice{{2, "No", json.RawMessage(`[]`)}, {1, "Yes", json.RawMessage(`[ {"field": 7} ]`)}},
			Categories: []FieldCategory{{3, 1}, {4, 2}}},
		{ID: 62, Name: "Notes", Type: "text", DependsOnChoice: &five},
	}
	if !reflect.DeepEqual(fs, want) {
		t.Fatalf("fields = %#v", fs)
	}
	if _, err := c.ListTicketCustomFields(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(api.requests()); n != 1 {
		t.Fatalf("list fetched %d times", n)
	}

	// GetTicketCustomField is never cached.
	for i := 0; i < 2; i++ {
		f, err := c.GetTicketCustomField(t.Context(), 1)
		if err != nil || !f.CompulsoryOnCompleted || !reflect.DeepEqual(f.Categories, []FieldCategory{{1, 1}}) ||
			string(f.Choices[0].DependantFields) != "[]" {
			t.Fatalf("%#v %v", f, err)
		}
	}
	if n := len(api.requests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}

	f, err := c.UpdateTicketCustomFieldChoices(t.Context(), 1, []Choice{
		{ID: 11, Text: "Option 1", DependantFields: json.RawMessage(`[]`)},
		{ID: 12, Text: "Option 2 (Edited)", DependantFields: json.RawMessage(`[{"x": 1}]`)},
		{Text: "Option 4"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Choices) != 3 || f.Choices[2].ID != 13 {
		t.Fatalf("field = %#v", f)
	}
	r := api.last()
	if r.Method != "PUT" || r.Path != "ticket_custom_field/1/" {
		t.Fatalf("request = %+v", r)
	}
	jsonEqual(t, r.JSON(t), `{ "choices": [ { "id": 11, "text": "Option 1", "dependant_fields": [] },
	  { "id": 12, "text": "Option 2 (Edited)", "dependant_fields": [{"x": 1}] },
	  { "id": null, "text": "Option 4", "dependant_fields": [] } ] }`)

	// The update invalidated the list cache.
	if _, err := c.ListTicketCustomFields(t.Context()); err != nil {
		t.Fatal(err)
	}
	if r := api.last(); r.Path != "ticket_custom_fields/" {
		t.Fatalf("list not refetched after the update: %+v", r)
	}

	if _, err := c.UpdateTicketCustomFieldChoices(t.Context(), 1, []Choice{{Text: "x", DependantFields: json.RawMessage(`[`)}}); err == nil {
		t.Fatal("invalid dependant_fields accepted")
	}
}

func TestChoicesBodyEmpty(t *testing.T) {
	b, err := choicesBody(nil)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(b)
	if string(out) != `{"choices":[]}` {
		t.Fatalf("body = %s", out)
	}
}

func TestContactCustomFields(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "user_custom_fields/", 200, `[ { "id": 5, "name": "Region ID", "type": "choice", "required": false, "order": 2,
	    "depends_on_choice": null, "visible_to_staff_only": false,
	    "choices": [ { "id": 3, "text": "APAC", "dependant_fields": [] } ] },
	  { "id": 4, "name": "Account Number", "type": "text", "required": true, "order": 1,
	    "depends_on_choice": null, "visible_to_staff_only": true, "choices": null } ]`)
	fs, err := api.client().ListContactCustomFields(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []CustomFieldDef{
		{ID: 5, Name: "Region ID", Type: "choice", Order: 2, Choices: []Choice{{3, "APAC", json.RawMessage(`[]`)}}},
		{ID: 4, Name: "Account Number", Type: "text", Required: true, Order: 1, VisibleToStaffOnly: true},
	}
	if !reflect.DeepEqual(fs, want) {
		t.Fatalf("fields = %#v", fs)
	}
}

// §4.2 (M): GET ticket_custom_field/<id>/ may not exist. A 404 there is told apart from a deleted field by the list
// (§4.1, H): a field the list has is returned, and later reads go to the list directly; a field the list lacks is
// not found. A PUT whose answer is not the field is read back the same way.
func TestGetTicketCustomFieldWithoutTheSinglePath(t *testing.T) {
	api := newFakeAPI(t) // every path not registered answers 404, ticket_custom_field/<id>/ among them
	api.reply("GET", "ticket_custom_fields/", 200, ticketFieldsExample)
	api.reply("PUT", "ticket_custom_field/61/", 200, `{"message": "Updated"}`)
	c := api.client()
	if _, err := c.GetTicketCustomField(t.Context(), 99); !IsNotFound(err) {
		t.Fatalf("a field neither path has: %v, want not found", err)
	}
	for range 2 {
		f, err := c.GetTicketCustomField(t.Context(), 61)
		if err != nil || f.ID != 61 || f.Name != "Request Survey" || len(f.Choices) != 2 {
			t.Fatalf("%#v %v", f, err)
		}
	}
	if _, err := c.GetTicketCustomField(t.Context(), 98); !IsNotFound(err) {
		t.Fatalf("a field the list lacks, once the list is the path: %v, want not found", err)
	}
	f, err := c.UpdateTicketCustomFieldChoices(t.Context(), 61, []Choice{{ID: 2, Text: "No"}, {ID: 1, Text: "Yes"}})
	if err != nil || f.ID != 61 {
		t.Fatalf("read-back after the PUT: %#v %v", f, err)
	}
	var paths []string
	for _, r := range api.requests() {
		paths = append(paths, r.Method+" "+r.Path)
	}
	want := []string{
		"GET ticket_custom_field/99/", "GET ticket_custom_fields/", // 404, and the list lacks it: gone
		"GET ticket_custom_field/61/", "GET ticket_custom_fields/", // 404, and the list has it: the path is missing
		"GET ticket_custom_fields/", "GET ticket_custom_fields/", "PUT ticket_custom_field/61/", "GET ticket_custom_fields/",
	}
	if !reflect.DeepEqual(paths, want) {
		t.Fatalf("requests %q, want %q", paths, want)
	}
}
