package provider

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// Asset custom field values live in Terraform as strings (custom_fields is a map of string), one canonical
// spelling per HappyFox type (docs/dev/happyfox-api.md §3.1, §3.3): text and textarea as is, number as decimal digits,
// date as YYYY-MM-DD, dropdown as the choice id, multi-option as comma-separated choice ids. A blank string
// means "no value" (sent as null, which HappyFox stores as unset). This file converts between the two sides.

// assetFieldKind groups HappyFox's asset field type strings by how values are written.
type assetFieldKind int

const (
	assetFieldOther assetFieldKind = iota // a type this provider does not know: sent and compared as a string
	assetFieldText
	assetFieldNumber
	assetFieldDate
	assetFieldChoice      // one choice id
	assetFieldMultiChoice // a list of choice ids
)

// assetMaxExactInteger bounds numbers and ids: beyond it a JSON number does not survive a round trip exactly.
const assetMaxExactInteger = 1<<53 - 1

const assetDateLayout = "2006-01-02"

// assetFieldKindOf maps a type string. Seen on assets: text, textarea, number, date, dropdown (§3.1 H). The
// multi-option name is unknown (§3.1 "?"), so the spellings HappyFox uses elsewhere are accepted too.
func assetFieldKindOf(fieldType string) assetFieldKind {
	switch strings.ToLower(strings.TrimSpace(fieldType)) {
	case "text", "textarea":
		return assetFieldText
	case "number":
		return assetFieldNumber
	case "date":
		return assetFieldDate
	case "dropdown", "choice":
		return assetFieldChoice
	case "multi_option", "multiple_choice", "multi_select", "multiselect":
		return assetFieldMultiChoice
	}
	return assetFieldOther
}

func assetBlankValue(v string) bool { return strings.TrimSpace(v) == "" }

// parseAssetWholeNumber parses a configured number or choice id.
func parseAssetWholeNumber(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n > assetMaxExactInteger || n < -assetMaxExactInteger {
		return 0, false
	}
	return n, true
}

// parseAssetChoiceIDs parses a comma-separated list of choice ids ("4,5", "4, 5"); ok is false if any is not a number.
func parseAssetChoiceIDs(v string) (ids []int64, bad string, ok bool) {
	for _, part := range strings.Split(v, ",") {
		id, isNum := parseAssetWholeNumber(part)
		if !isNum || id <= 0 {
			return nil, strings.TrimSpace(part), false
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids, "", true
}

func describeAssetField(f client.AssetCustomField) string {
	return fmt.Sprintf("field %d (%q, a %s field)", f.ID, f.Name, f.Type)
}

func describeAssetChoices(choices []client.Choice) string {
	if len(choices) == 0 {
		return "it has no choices"
	}
	parts := make([]string, 0, len(choices))
	for _, c := range choices {
		parts = append(parts, fmt.Sprintf("%d (%s)", c.ID, c.Text))
	}
	return "its choices are " + strings.Join(parts, ", ")
}

func assetHasChoice(choices []client.Choice, id int64) bool {
	return slices.ContainsFunc(choices, func(c client.Choice) bool { return c.ID == id })
}

// assetFieldValueProblem checks a configured value against the field's definition. It returns "" when the
// value is acceptable, or the end of a sentence that starts with the attribute and the value. Choice ids are
// checked only when the definition lists choices (§3.6: their shape is not documented).
func assetFieldValueProblem(f client.AssetCustomField, v string) string {
	if assetBlankValue(v) {
		return "" // clears the field
	}
	switch assetFieldKindOf(f.Type) {
	case assetFieldNumber:
		if _, ok := parseAssetWholeNumber(v); !ok {
			return fmt.Sprintf("is not a whole number: %s takes decimal digits such as \"16\" or \"-3\"", describeAssetField(f))
		}
	case assetFieldDate:
		if _, err := time.Parse(assetDateLayout, v); err != nil || len(v) != len(assetDateLayout) {
			return fmt.Sprintf("is not a valid date: %s takes a date written YYYY-MM-DD, such as \"2024-03-31\"", describeAssetField(f))
		}
	case assetFieldChoice:
		id, ok := parseAssetWholeNumber(v)
		if !ok {
			return fmt.Sprintf("is not a choice id: %s takes the numeric id of one choice, not its text; %s",
				describeAssetField(f), describeAssetChoices(f.Choices))
		}
		if f.Choices != nil && !assetHasChoice(f.Choices, id) {
			return fmt.Sprintf("is not a choice of %s: %s", describeAssetField(f), describeAssetChoices(f.Choices))
		}
	case assetFieldMultiChoice:
		ids, bad, ok := parseAssetChoiceIDs(v)
		if !ok {
			return fmt.Sprintf("is not a list of choice ids: %s takes comma-separated numeric choice ids such as \"4,5\" "+
				"(%q is not one); %s", describeAssetField(f), bad, describeAssetChoices(f.Choices))
		}
		if id, repeated := repeatedChoiceID(v); repeated {
			return fmt.Sprintf("lists choice %d twice: %s takes each choice id once, such as \"4,5\"", id, describeAssetField(f))
		}
		for _, id := range ids {
			if f.Choices != nil && !assetHasChoice(f.Choices, id) {
				return fmt.Sprintf("contains %d, which is not a choice of %s: %s", id, describeAssetField(f), describeAssetChoices(f.Choices))
			}
		}
	}
	return ""
}

// encodeAssetFieldValue converts a checked value to what the API takes in the custom_fields object of an
// asset create or update (§3.3 H): string, integer, choice id or list of choice ids; null clears.
func encodeAssetFieldValue(fieldType, v string) any {
	if assetBlankValue(v) {
		return nil
	}
	switch assetFieldKindOf(fieldType) {
	case assetFieldNumber, assetFieldChoice:
		if n, ok := parseAssetWholeNumber(v); ok {
			return n
		}
	case assetFieldDate:
		return strings.TrimSpace(v)
	case assetFieldMultiChoice:
		if ids, _, ok := parseAssetChoiceIDs(v); ok {
			return ids
		}
	}
	return v
}

// canonicalAssetFieldValue is the spelling of a configured value that assetFieldValueString produces for the
// same stored value, so that both sides can be compared.
func canonicalAssetFieldValue(fieldType, v string) string {
	if assetBlankValue(v) {
		return ""
	}
	switch assetFieldKindOf(fieldType) {
	case assetFieldNumber, assetFieldChoice:
		if n, ok := parseAssetWholeNumber(v); ok {
			return strconv.FormatInt(n, 10)
		}
	case assetFieldDate:
		return strings.TrimSpace(v)
	case assetFieldMultiChoice:
		if ids, _, ok := parseAssetChoiceIDs(v); ok {
			return joinAssetIDs(ids)
		}
	}
	return v
}

func joinAssetIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// assetScalarString renders one JSON-decoded scalar (float64, string, bool) as text.
func assetScalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= assetMaxExactInteger {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		// A choice rendered as an object (undocumented, §3.6): use its id.
		if id, ok := x["id"]; ok {
			return assetScalarString(id)
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// assetFieldValueString renders a value read from HappyFox (JSON-decoded: float64, string, []any, nil) in
// the canonical spelling stored in Terraform state.
func assetFieldValueString(fieldType string, v any) string {
	if list, isList := v.([]any); isList {
		var ids []int64
		var other []string
		for _, e := range list {
			s := assetScalarString(e)
			if id, ok := parseAssetWholeNumber(s); ok {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
				continue
			}
			other = append(other, s)
		}
		slices.Sort(ids)
		out := joinAssetIDs(ids)
		for _, s := range other {
			if out != "" {
				out += ","
			}
			out += s
		}
		return out
	}
	s := assetScalarString(v)
	if assetBlankValue(s) {
		return ""
	}
	switch assetFieldKindOf(fieldType) {
	case assetFieldNumber, assetFieldChoice:
		if n, ok := parseAssetWholeNumber(s); ok {
			return strconv.FormatInt(n, 10)
		}
	case assetFieldDate:
		return strings.TrimSpace(s)
	case assetFieldMultiChoice:
		if ids, _, ok := parseAssetChoiceIDs(s); ok {
			return joinAssetIDs(ids)
		}
	}
	return s
}

// assetFieldValueEqual reports whether a configured value and a value read from HappyFox mean the same:
// "0042" and 42, "5,4" and [4, 5], "" and null.
func assetFieldValueEqual(fieldType, configured string, stored any) bool {
	return canonicalAssetFieldValue(fieldType, configured) == assetFieldValueString(fieldType, stored)
}
