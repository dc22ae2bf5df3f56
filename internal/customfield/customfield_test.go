package customfield

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestKindOf(t *testing.T) {
	for typ, want := range map[string]Kind{
		"text": Text, "textarea": Text, " Text ": Text, "string": Text,
		"number": Number, "decimal": Number, "integer": Number,
		"date":   Date,
		"choice": Choice, "dropdown": Choice, "select": Choice, "radio": Choice,
		"multiple_choice": Multi, "multi_choice": Multi, "multiple_option": Multi, "multi_option": Multi,
		"multiselect": Multi, "multi_select": Multi,
		"some_future_type": Other, "": Other,
	} {
		if got := KindOf(typ); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", typ, got, want)
		}
	}
}

var (
	choices = []ChoiceOption{{ID: 3, Text: "APAC"}, {ID: 4, Text: "EMEA"}}
	defs    = map[string]Def{
		"text":     {ID: 1, Name: "Account", Type: "text"},
		"required": {ID: 2, Name: "Code", Type: "text", Required: true},
		"number":   {ID: 3, Name: "Seats", Type: "number"},
		"date":     {ID: 4, Name: "Renewal", Type: "date"},
		"choice":   {ID: 5, Name: "Region", Type: "dropdown", Choices: choices},
		"unlisted": {ID: 6, Name: "OS", Type: "dropdown"},
		"multi":    {ID: 7, Name: "Regions", Type: "multi_option", Choices: choices},
		"unknown":  {ID: 8, Name: "Skills", Type: "multichoice", Choices: choices},
	}
)

// TestProblem is the table of what each object accepts: want is "" for accepted, else a substring of the
// problem. The rows that differ between contacts and assets are the data of Contact and Asset.
func TestProblem(t *testing.T) {
	for _, tc := range []struct {
		def, value     string
		contact, asset string
	}{
		{"text", "anything, 12", "", ""},
		{"text", "", "", ""},
		{"required", "", "requires a value for field 2", "requires a value for field 2"},
		{"required", "X", "", ""},
		{"number", "42", "", ""},
		{"number", "-3", "", ""},
		{"number", "0042", "", ""},
		{"number", "12.50", "", "is not a whole number"},
		{"number", "-1.5", "", "is not a whole number"},
		{"number", "1.234", "at most two decimals", "decimal digits"},
		{"number", "1.", "is not a number", "is not a whole number"},
		{"number", "1e3", "is not a number", "is not a whole number"},
		{"number", "sixteen", "is not a number", "is not a whole number"},
		{"number", "9007199254740992", "is not a number", "is not a whole number"}, // would not survive JSON
		{"date", "2024-02-29", "", ""},
		{"date", "2023-02-29", "not a valid date", "not a valid date"},
		{"date", "2024-3-1", "not a valid date", "not a valid date"},
		{"date", "15/11/2020", "YYYY-MM-DD", "YYYY-MM-DD"},
		{"choice", "3", "", ""},
		{"choice", "9", "is not a choice of field 5", "is not a choice of field 5"},
		{"choice", "EMEA", "not its text; its choices are 3 (APAC), 4 (EMEA)", "not its text; its choices are 3 (APAC), 4 (EMEA)"},
		{"unlisted", "9", "is not a choice of field 6", ""}, // assets: choices not listed, HappyFox decides (§3.6)
		{"multi", "4,3", "", ""},
		{"multi", " 3 , 4 ", "", ""},
		{"multi", "3,9", "contains 9", "contains 9"},
		{"multi", "3,,4", `("" is not a choice id)`, `("" is not a choice id)`},
		{"multi", "3;4", `("3;4" is not a choice id)`, `("3;4" is not a choice id)`},
		{"multi", "4,4", "lists choice 4 twice", "lists choice 4 twice"},
		// A type name this provider does not know (§2.7, §3.1): refused, naming the type; blank still clears.
		{"unknown", "3,4", `HappyFox reports the type of field 8 ("Skills") as "multichoice"`, `as "multichoice", a type this provider does not know`},
		{"unknown", "anything", "cannot be sent", "cannot be sent"},
		{"unknown", "", "", ""},
	} {
		for _, side := range []struct {
			o    Object
			want string
		}{{Contact, tc.contact}, {Asset, tc.asset}} {
			got := side.o.Problem(defs[tc.def], tc.value)
			if (side.want == "") != (got == "") || !strings.Contains(got, side.want) {
				t.Errorf("%s %s %q: problem %q, want %q", side.o.Name, tc.def, tc.value, got, side.want)
			}
		}
	}
	if got := Contact.Problem(defs["choice"], "9"); !strings.Contains(got, "happyfox_contact_custom_fields") {
		t.Errorf("contact problem does not name its data source: %q", got)
	}
	if got := Asset.Problem(defs["choice"], "9"); !strings.Contains(got, "happyfox_asset_custom_fields") {
		t.Errorf("asset problem does not name its data source: %q", got)
	}
}

func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		o     Object
		kind  Kind
		value string
		want  string // JSON, or "error"
	}{
		{Contact, Text, " x ", `" x "`}, {Asset, Text, "x", `"x"`},
		{Contact, Text, "", `null`}, {Asset, Number, "  ", `null`},
		{Contact, Number, "12.50", `12.50`}, {Contact, Number, "0042", `42`}, {Asset, Number, "16", `16`},
		{Asset, Number, "1.5", "error"}, {Contact, Number, "1.234", "error"},
		{Contact, Choice, "3", `3`}, {Asset, Choice, " 3 ", `3`}, {Asset, Choice, "EMEA", "error"},
		{Contact, Multi, "12, 10", `[10,12]`}, {Asset, Multi, "4,3,4", `[3,4]`}, {Asset, Multi, "4,x", "error"},
		{Contact, Date, " 2025-06-30 ", `"2025-06-30"`},
		// A type this provider does not know: no encoding is safe for it, except null (blank), which clears any field.
		{Asset, Other, "as is", "error"}, {Contact, Other, "10,11", "error"}, {Contact, Other, " ", `null`},
	} {
		v, err := tc.o.Encode(tc.kind, tc.value)
		got := "error"
		if err == nil {
			b, _ := json.Marshal(v)
			got = string(b)
		}
		if got != tc.want {
			t.Errorf("%s Encode(%v, %q) = %s (%v), want %s", tc.o.Name, tc.kind, tc.value, got, err, tc.want)
		}
	}
}

// TestValueString covers the shapes HappyFox may send back for a value and the one spelling each gets.
func TestValueString(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		v    any
		want string
	}{
		{Text, "ACME", "ACME"}, {Text, nil, ""}, {Text, "", ""},
		{Number, 25.0, "25"}, {Number, 12.5, "12.5"}, {Number, 1e21, "1000000000000000000000"},
		{Number, 0.1, "0.1"}, {Number, "0042", "42"}, {Number, json.Number("12.50"), "12.5"},
		{Date, "2025-06-30", "2025-06-30"}, {Date, "2025-06-30 00:00:00", "2025-06-30"},
		{Choice, 4.0, "4"}, {Choice, map[string]any{"id": 4.0, "text": "EMEA"}, "4"},
		{Multi, []any{12.0, 10.0, 12.0}, "10,12"}, {Multi, "5, 4", "4,5"}, {Multi, []any{}, ""},
		{Multi, []any{4.0, "odd"}, "4,odd"}, {Other, true, "true"},
	} {
		if got := ValueString(tc.kind, tc.v); got != tc.want {
			t.Errorf("ValueString(%v, %#v) = %q, want %q", tc.kind, tc.v, got, tc.want)
		}
	}
}

func TestSame(t *testing.T) {
	for _, tc := range []struct {
		kind Kind
		a, b string
		want bool
	}{
		{Number, "12.50", "12.5", true}, {Number, "0042", "42", true}, {Number, "42", "43", false},
		{Multi, "12,10", "10,12", true}, {Multi, "5, 4", "4,5", true}, {Multi, "4", "4,5", false},
		{Choice, "03", "3", true}, {Date, "2025-06-30", "2025-06-30 00:00:00", true},
		{Text, "a", "A", false}, {Text, "", "  ", true}, {Other, "x", "x", true},
	} {
		if got := Same(tc.kind, tc.a, tc.b); got != tc.want {
			t.Errorf("Same(%v, %q, %q) = %v, want %v", tc.kind, tc.a, tc.b, got, tc.want)
		}
	}
}

func TestIDsOf(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string // JoinIDs, or "none"
	}{
		{4.0, "4"}, {"10, 12", "10,12"}, {[]any{12.0, 10.0}, "10,12"}, {map[string]any{"id": 3.0}, "3"},
		{[]any{}, "none"}, {"", "none"}, {"Chat", "none"}, {1.5, "none"}, {-1.0, "none"}, {nil, "none"},
		{[]any{3.0, "Chat"}, "none"},
	} {
		ids, ok := IDsOf(tc.v)
		got := "none"
		if ok {
			got = JoinIDs(ids)
		}
		if got != tc.want {
			t.Errorf("IDsOf(%#v) = %s, want %s", tc.v, got, tc.want)
		}
	}
}

func TestRepeatedChoiceID(t *testing.T) {
	for v, want := range map[string]int64{"10,10": 10, "4, 5, 4": 4, "4,5": 0, "x,x": 0, "": 0} {
		id, repeated := RepeatedChoiceID(v)
		if id != want || repeated != (want != 0) {
			t.Errorf("RepeatedChoiceID(%q) = %d, %v; want %d", v, id, repeated, want)
		}
	}
}

func TestDescribeChoicesIsBounded(t *testing.T) {
	many := make([]ChoiceOption, 25)
	for i := range many {
		many[i] = ChoiceOption{ID: int64(i + 1), Text: "c"}
	}
	if got := DescribeChoices(many); !strings.HasSuffix(got, "20 (c), … and 5 more") {
		t.Errorf("DescribeChoices(25 choices) = %q", got)
	}
	if got := DescribeChoices(nil); got != "it has no choices" {
		t.Errorf("DescribeChoices(nil) = %q", got)
	}
}
