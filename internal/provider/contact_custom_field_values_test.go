package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var testDefs = []client.CustomFieldDef{
	{ID: 4, Name: "Account", Type: "text"},
	{ID: 5, Name: "Region", Type: "choice", Choices: []client.Choice{{ID: 3, Text: "APAC"}, {ID: 4, Text: "EMEA"}}},
	{ID: 6, Name: "Seats", Type: "number"},
	{ID: 7, Name: "Renewal", Type: "date"},
	{ID: 8, Name: "Products", Type: "multiple_choice", Choices: []client.Choice{{ID: 10, Text: "Helpdesk"}, {ID: 11, Text: "Chat"}, {ID: 12, Text: "Assets"}}},
	{ID: 9, Name: "Code", Type: "text", Required: true},
}

func defByID(id int64) client.CustomFieldDef {
	for _, d := range testDefs {
		if d.ID == id {
			return d
		}
	}
	panic(id)
}

func TestCheckFieldValue(t *testing.T) {
	for _, tc := range []struct {
		id    int64
		value string
		ok    bool
	}{
		{4, "anything at all", true}, {4, "", true},
		{5, "3", true}, {5, "9", false}, {5, "APAC", false},
		{6, "42", true}, {6, "-1.5", true}, {6, "12.50", true}, {6, "1.234", false}, {6, "1e3", false},
		{7, "2025-06-30", true}, {7, "2025-02-30", false}, {7, "30/06/2025", false},
		{8, "10,12", true}, {8, " 12 , 10 ", true}, {8, "10,13", false}, {8, "10;12", false},
		{9, "", false}, {9, "X", true},
	} {
		if problem := checkFieldValue(defByID(tc.id), tc.value); (problem == "") != tc.ok {
			t.Errorf("field %d value %q: problem %q, want ok=%v", tc.id, tc.value, problem, tc.ok)
		}
	}
}

// TestRemoteFieldValues covers the value shapes HappyFox may return (docs/dev/happyfox-api.md §2.1: value_id for choices
// is L, so the text is mapped back through the definition when value_id is missing).
func TestRemoteFieldValues(t *testing.T) {
	defs := &fieldDefs{byID: map[int64]client.CustomFieldDef{}, list: testDefs}
	for _, d := range testDefs {
		defs.byID[d.ID] = d
	}
	ctx := context.Background()
	for _, tc := range []struct {
		v       client.ContactFieldValue
		str     string
		payload string
	}{
		{client.ContactFieldValue{ID: 4, Type: "text", Value: "ACME"}, "ACME", `"ACME"`},
		{client.ContactFieldValue{ID: 4, Type: "text"}, "", `null`},
		{client.ContactFieldValue{ID: 6, Type: "number", Value: 25.0}, "25", `25`},
		{client.ContactFieldValue{ID: 6, Type: "number", Value: 12.5}, "12.5", `12.5`},
		{client.ContactFieldValue{ID: 7, Type: "date", Value: "2025-06-30 00:00:00"}, "2025-06-30", `"2025-06-30"`},
		{client.ContactFieldValue{ID: 5, Type: "choice", Value: "EMEA", ValueID: 4.0}, "4", `4`},
		{client.ContactFieldValue{ID: 5, Type: "choice", Value: "emea"}, "4", `4`},
		{client.ContactFieldValue{ID: 8, Type: "multiple_choice", Value: "Assets,Helpdesk", ValueID: []any{12.0, 10.0}}, "10,12", `[12,10]`},
		{client.ContactFieldValue{ID: 8, Type: "multiple_choice", Value: "Chat,Assets"}, "11,12", `[11,12]`},
		{client.ContactFieldValue{ID: 8, Type: "multiple_choice", Value: []any{"Chat"}}, "11", `[11]`},
		{client.ContactFieldValue{ID: 8, Value: nil, ValueID: []any{}}, "", `null`},
	} {
		s, err := defs.remoteFieldString(ctx, tc.v)
		if err != nil || s != tc.str {
			t.Errorf("remoteFieldString(%+v) = %q, %v; want %q", tc.v, s, err, tc.str)
		}
		p, set, err := defs.remoteFieldPayload(ctx, tc.v)
		b, _ := json.Marshal(p)
		if err != nil || string(b) != tc.payload || set != (tc.payload != "null") {
			t.Errorf("remoteFieldPayload(%+v) = %s (set %v), %v; want %s", tc.v, b, set, err, tc.payload)
		}
	}
	// A choice text that matches nothing must not be guessed: the update is refused instead of wiping it.
	if _, _, err := defs.remoteFieldPayload(ctx, client.ContactFieldValue{ID: 5, Type: "choice", Value: "Mars"}); err == nil {
		t.Fatal("an unresolvable choice was accepted")
	}
}
