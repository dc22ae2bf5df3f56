package provider

import (
	"reflect"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

func TestAssetFieldValueProblem(t *testing.T) {
	choices := []client.Choice{{ID: 1, Text: "macOS"}, {ID: 2, Text: "Windows"}}
	for _, tc := range []struct {
		typ, value string
		choices    []client.Choice
		want       string // "" = accepted; otherwise a substring of the problem
	}{
		{"text", "anything at all, 12", nil, ""},
		{"textarea", "", nil, ""},
		{"number", "16", nil, ""},
		{"number", "-3", nil, ""},
		{"number", "", nil, ""}, // clears
		{"number", "1.5", nil, "not a whole number"},
		{"number", "sixteen", nil, "not a whole number"},
		{"number", "9007199254740992", nil, "not a whole number"}, // would not survive JSON
		{"date", "2024-02-29", nil, ""},
		{"date", "2023-02-29", nil, "not a valid date"},
		{"date", "2024-13-01", nil, "not a valid date"},
		{"date", "15/11/2020", nil, "YYYY-MM-DD"},
		{"date", "2024-3-1", nil, "not a valid date"},
		{"dropdown", "2", choices, ""},
		{"dropdown", "7", choices, "not a choice of field 9"},
		{"dropdown", "Windows", choices, "numeric id of one choice, not its text; its choices are 1 (macOS), 2 (Windows)"},
		{"dropdown", "7", nil, ""}, // choices unknown: HappyFox decides
		{"multi_option", "2,1", choices, ""},
		{"multi_option", "1, 2", choices, ""},
		{"multi_option", "1,3", choices, "contains 3"},
		{"multi_option", "1,,2", choices, `("" is not a choice id)`},
		{"multi_option", "macOS", choices, "comma-separated numeric choice ids"},
		{"some_future_type", "x", nil, "a type this provider does not know"}, // no encoding is safe for every type
		{"some_future_type", "", nil, ""},                                    // "" clears it: sent as null
		// One set of type names for contacts and assets (package customfield): names that only contacts knew.
		{"radio", "7", choices, "not a choice of field 9"},
		{"select", "Windows", choices, "numeric id of one choice"},
		{"decimal", "sixteen", nil, "not a whole number"},
		{"multiple_option", "1,7", choices, "contains 7"},
	} {
		f := client.AssetCustomField{ID: 9, Name: "F", Type: tc.typ, Choices: tc.choices}
		got := assetFieldValueProblem(f, tc.value)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s %q: problem %q, want %q", tc.typ, tc.value, got, tc.want)
		}
	}
}

func TestEncodeAssetFieldValue(t *testing.T) {
	for _, tc := range []struct {
		typ, value string
		want       any
	}{
		{"text", "Macbook Pro - 2020", "Macbook Pro - 2020"},
		{"text", "", nil},
		{"text", "  ", nil},
		{"number", "0042", int64(42)},
		{"dropdown", "4", int64(4)},
		{"multi_option", "4, 3,4", []int64{3, 4}},
		{"date", "2020-11-15", "2020-11-15"},
		{"unknown", "v", "v"},
	} {
		if got := encodeAssetFieldValue(tc.typ, tc.value); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s %q: %#v, want %#v", tc.typ, tc.value, got, tc.want)
		}
	}
}

// Values read back from HappyFox (JSON-decoded) against configured strings: the same meaning is equal
// whatever the spelling, so no diff appears; a different meaning is not.
func TestAssetFieldValueEqualAndString(t *testing.T) {
	for _, tc := range []struct {
		typ        string
		configured string
		stored     any
		equal      bool
		canonical  string
	}{
		{"text", "GCJ1353", "GCJ1353", true, "GCJ1353"},
		{"text", "GCJ1353", "gcj1353", false, "gcj1353"},
		{"text", "", nil, true, ""},
		{"number", "0042", float64(42), true, "42"},
		{"number", "42", float64(43), false, "43"},
		{"number", "42", "42", true, "42"},
		{"dropdown", "1", float64(1), true, "1"},
		{"dropdown", "1", map[string]any{"id": float64(1), "text": "A"}, true, "1"},
		{"multi_option", "5,4", []any{float64(4), float64(5)}, true, "4,5"},
		{"multi_option", "5,4", []any{float64(4)}, false, "4"},
		{"multi_option", "", []any{}, true, ""},
		{"date", "2020-11-15", "2020-11-15", true, "2020-11-15"},
		{"date", "2020-11-15", nil, false, ""},
	} {
		if got := assetFieldValueEqual(tc.typ, tc.configured, tc.stored); got != tc.equal {
			t.Errorf("%s %q vs %#v: equal = %v", tc.typ, tc.configured, tc.stored, got)
		}
		if got := assetFieldValueString(tc.typ, tc.stored); got != tc.canonical {
			t.Errorf("%s %#v: string %q, want %q", tc.typ, tc.stored, got, tc.canonical)
		}
	}
}

func TestAssetCustomFieldsPayload(t *testing.T) {
	defs := map[int64]client.AssetCustomField{
		45: {ID: 45, Type: "text"}, 47: {ID: 47, Type: "number"}, 50: {ID: 50, Type: "multi_option"},
	}
	got := assetCustomFieldsPayload(defs,
		map[string]string{"45": "SN", "47": "16"},
		map[string]string{"45": "old", "50": "4", "99": "field deleted since"})
	want := map[int64]any{45: "SN", 47: int64(16), 50: nil} // 50 removed from config: cleared; 99 no longer exists: skipped
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("payload = %#v, want %#v", got, want)
	}
	if got := assetCustomFieldsPayload(defs, nil, nil); got != nil {
		t.Fatalf("nothing to send, got %#v", got)
	}
}
