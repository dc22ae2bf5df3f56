// Package customfield is the one model of HappyFox custom field values, for contacts and assets alike: the
// field types, how a value is spelled in Terraform (a string), how it is checked against its definition, how
// it is sent and how a value read back is spelled. It knows no Terraform types and no HTTP; what differs
// between contacts and assets is data in an Object (Contact, Asset).
//
// Spellings, one per type: text as is; number as decimal digits (contacts also take up to two decimals,
// docs/dev/happyfox-api.md §2.4; assets only whole numbers, §3.3); date YYYY-MM-DD; choice the choice id;
// multiple choice the choice ids joined with commas (order and spaces do not matter). A blank string means
// "no value" and is sent as null.
package customfield

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind groups HappyFox's field type names by how values are written.
type Kind int

const (
	Other  Kind = iota // a type this provider does not know: a configured value is refused (Problem), a read one compared as a string
	Text               // text, textarea
	Number             // a number
	Date               // YYYY-MM-DD
	Choice             // one choice id
	Multi              // a list of choice ids
)

// KindOf maps a type name. One set of names serves both objects: HappyFox shows "text" and "choice" for
// contacts (§2.7, the rest unknown "?") and "text", "textarea", "number", "date", "dropdown" for assets (§3.1,
// §3.6; the multi-option name unknown "?"), so every spelling seen on either side, or in other endpoints, is
// accepted for both.
func KindOf(fieldType string) Kind {
	switch strings.ToLower(strings.TrimSpace(fieldType)) {
	case "text", "textarea", "string":
		return Text
	case "number", "decimal", "integer":
		return Number
	case "date":
		return Date
	case "choice", "dropdown", "select", "radio":
		return Choice
	case "multiple_choice", "multi_choice", "multiple_option", "multi_option", "multiselect", "multi_select":
		return Multi
	}
	return Other
}

// IsChoice reports whether values of the type are choice ids (one or several).
func IsChoice(fieldType string) bool {
	k := KindOf(fieldType)
	return k == Choice || k == Multi
}

// Object holds what differs between the kinds of HappyFox object that carry custom fields.
type Object struct {
	Name string // "contact", "asset": used in messages
	// Decimals is how many digits after the point a number value may have (contacts 2, §2.4; assets 0, §3.3).
	Decimals int
	// UnlistedChoicesUnknown: a definition without choices may still have some (§3.6 for assets: the list's
	// shape for choices is not documented), so choice ids are checked only when the definition lists choices.
	UnlistedChoicesUnknown bool
	// DataSource names the data source that lists the fields and their choice ids.
	DataSource string
}

var (
	Contact = Object{Name: "contact", Decimals: 2, DataSource: "happyfox_contact_custom_fields"}
	Asset   = Object{Name: "asset", Decimals: 0, UnlistedChoicesUnknown: true, DataSource: "happyfox_asset_custom_fields"}
	// Ticket values are written like a contact's (t-cf-<id>, docs/dev/happyfox-api.md §8.2).
	Ticket = Object{Name: "ticket", Decimals: 2, DataSource: "happyfox_ticket_custom_fields"}
)

// ChoiceOption is one choice of a choice field.
type ChoiceOption struct {
	ID   int64
	Text string
}

// Def is a custom field definition as far as values are concerned.
type Def struct {
	ID       int64
	Name     string
	Type     string
	Required bool
	Choices  []ChoiceOption
}

// MaxExactInteger bounds numbers and ids: beyond it a JSON number does not survive a round trip exactly.
const MaxExactInteger = 1<<53 - 1

// DateLayout is the spelling of a date value.
const DateLayout = "2006-01-02"

// maxListedChoices bounds how many choices a message lists.
const maxListedChoices = 20

// Blank reports whether a configured value means "no value".
func Blank(v string) bool { return strings.TrimSpace(v) == "" }

// ParseWholeNumber parses a configured number or choice id ("42", " -3 ") that survives JSON exactly.
func ParseWholeNumber(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n > MaxExactInteger || n < -MaxExactInteger {
		return 0, false
	}
	return n, true
}

// ParseChoiceIDs parses "10, 12" into ids, in the order given, each once; "" gives none. bad is the first
// part that is not a positive id.
func ParseChoiceIDs(v string) (ids []int64, bad string, ok bool) {
	if Blank(v) {
		return nil, "", true
	}
	for part := range strings.SplitSeq(v, ",") {
		id, isNum := ParseWholeNumber(part)
		if !isNum || id <= 0 {
			return nil, strings.TrimSpace(part), false
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, "", true
}

// RepeatedChoiceID finds a choice id listed twice in a multi-choice value ("10,10", "4, 5, 4"; RELIABILITY.md,
// "multi-choice values with a repeat"). Such a value is refused rather than quietly reduced: it says something HappyFox
// can never store, and the reduced value would hide a typo (say "10,10" for "10,11"). Parts that are not numbers are
// skipped.
func RepeatedChoiceID(v string) (int64, bool) {
	seen := map[int64]bool{}
	for part := range strings.SplitSeq(v, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil {
			continue
		}
		if seen[id] {
			return id, true
		}
		seen[id] = true
	}
	return 0, false
}

// JoinIDs spells ids as a multi-choice value: sorted, joined with commas.
func JoinIDs(ids []int64) string {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	parts := make([]string, len(sorted))
	for i, id := range sorted {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// validNumber reports whether v is a number with at most o.Decimals digits after the point.
func (o Object) validNumber(v string) bool {
	t := strings.TrimSpace(v)
	whole, frac, hasPoint := strings.Cut(t, ".")
	if hasPoint && (o.Decimals == 0 || len(frac) == 0 || len(frac) > o.Decimals || !digits(frac)) {
		return false
	}
	_, ok := ParseWholeNumber(whole)
	return ok && whole != "" && !strings.HasPrefix(whole, "+")
}

func digits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

func (o Object) numberRule() string {
	if o.Decimals == 0 {
		return `whole number: %s takes decimal digits such as "16" or "-3"`
	}
	n := strconv.Itoa(o.Decimals)
	if words := []string{"", "one", "two", "three"}; o.Decimals < len(words) {
		n = words[o.Decimals]
	}
	return `number: %s takes an integer or a number with at most ` + n + ` decimals, such as "42" or "12.50"`
}

func describeField(d Def) string {
	return fmt.Sprintf("field %d (%q, a %s field)", d.ID, d.Name, d.Type)
}

// DescribeChoices lists a field's choices for a message.
func DescribeChoices(choices []ChoiceOption) string {
	if len(choices) == 0 {
		return "it has no choices"
	}
	parts := make([]string, 0, min(len(choices), maxListedChoices)+1)
	for i, c := range choices {
		if i == maxListedChoices {
			parts = append(parts, fmt.Sprintf("… and %d more", len(choices)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%d (%s)", c.ID, c.Text))
	}
	return "its choices are " + strings.Join(parts, ", ")
}

func (o Object) knownChoice(d Def, id int64) bool {
	if d.Choices == nil && o.UnlistedChoicesUnknown {
		return true // HappyFox decides
	}
	return slices.ContainsFunc(d.Choices, func(c ChoiceOption) bool { return c.ID == id })
}

// Problem checks a configured value against its field's definition. It returns "" when the value is
// acceptable, or the end of a sentence that starts with the attribute and the value, such as
// `custom_fields["47"] = "sixteen"` + " " + Problem(...) + ".".
func (o Object) Problem(d Def, v string) string {
	if Blank(v) {
		if d.Required {
			return fmt.Sprintf("is empty, but HappyFox requires a value for %s: set one", describeField(d))
		}
		return "" // clears the field
	}
	lookUp := fmt.Sprintf("(the %s data source lists them)", o.DataSource)
	switch KindOf(d.Type) {
	case Other:
		return UnknownTypeProblem(d)
	case Number:
		if !o.validNumber(v) {
			return "is not a " + fmt.Sprintf(o.numberRule(), describeField(d))
		}
	case Date:
		if _, err := time.Parse(DateLayout, v); err != nil || len(v) != len(DateLayout) {
			return fmt.Sprintf("is not a valid date: %s takes a date written YYYY-MM-DD, such as \"2024-03-31\"", describeField(d))
		}
	case Choice:
		id, ok := ParseWholeNumber(v)
		if !ok {
			return fmt.Sprintf("is not a choice id: %s takes the numeric id of one choice, not its text; %s %s",
				describeField(d), DescribeChoices(d.Choices), lookUp)
		}
		if !o.knownChoice(d, id) {
			return fmt.Sprintf("is not a choice of %s: %s %s", describeField(d), DescribeChoices(d.Choices), lookUp)
		}
	case Multi:
		ids, bad, ok := ParseChoiceIDs(v)
		if !ok {
			return fmt.Sprintf("is not a list of choice ids: %s takes comma-separated numeric choice ids such as \"4,5\" "+
				"(%q is not a choice id); %s %s", describeField(d), bad, DescribeChoices(d.Choices), lookUp)
		}
		if id, repeated := RepeatedChoiceID(v); repeated {
			return fmt.Sprintf("lists choice %d twice: %s takes each choice id once, such as \"4,5\"", id, describeField(d))
		}
		for _, id := range ids {
			if !o.knownChoice(d, id) {
				return fmt.Sprintf("contains %d, which is not a choice of %s: %s %s", id, describeField(d), DescribeChoices(d.Choices), lookUp)
			}
		}
	}
	return ""
}

// UnknownTypeProblem is Problem for a value of a field whose type name this provider does not know (the names are
// partly unknown, docs/dev/happyfox-api.md §2.7, §3.1). No one encoding is safe for every type: a text is a string,
// a multiple choice a list of ids, and HappyFox's refusal of the wrong one ("Enter a list of values.") would not say
// why. So the value is refused before anything is sent, naming the type HappyFox reported. A blank value is still
// accepted: it is sent as null, which clears a field of any type.
func UnknownTypeProblem(d Def) string {
	return fmt.Sprintf("cannot be sent: HappyFox reports the type of field %d (%q) as %q, a type this provider does not "+
		"know, so it cannot tell whether HappyFox takes a text, a number, a date, a choice id or a list of choice ids for it "+
		"(it knows %s). Set this field in HappyFox, or leave it out of custom_fields (\"\" clears it)",
		d.ID, d.Name, d.Type, knownTypeNames)
}

// knownTypeNames lists, for messages, the type names KindOf knows.
const knownTypeNames = "text, textarea, number, date, choice, dropdown, multiple_choice, multi_option and their variants"

// Encode converts a checked value to what the API takes (§2.4 for contacts' c-cf-<id>, §3.3 for assets'
// custom_fields object): a string, a number, a choice id or a sorted list of choice ids; nil clears the field. A
// value of a type this provider does not know is an error (UnknownTypeProblem), unless blank.
func (o Object) Encode(k Kind, v string) (any, error) {
	if Blank(v) {
		return nil, nil
	}
	t := strings.TrimSpace(v)
	switch k {
	case Number:
		if !o.validNumber(t) {
			return nil, fmt.Errorf("%q is not a number", v)
		}
		if n, ok := ParseWholeNumber(t); ok {
			return n, nil
		}
		return json.Number(t), nil
	case Choice:
		id, ok := ParseWholeNumber(t)
		if !ok || id <= 0 {
			return nil, fmt.Errorf("%q is not a choice id", v)
		}
		return id, nil
	case Multi:
		ids, bad, ok := ParseChoiceIDs(t)
		if !ok {
			return nil, fmt.Errorf("%q is not a choice id", bad)
		}
		slices.Sort(ids) // one payload for one set of choices
		return ids, nil
	case Date:
		return t, nil
	case Other:
		return nil, fmt.Errorf("%q cannot be sent: HappyFox reports a type for this field that this provider does not know, "+
			"so it cannot tell how HappyFox takes a value of it", v)
	}
	return v, nil
}

// Canonical is the one spelling of a value, configured or read, that two values meaning the same share:
// "0042" and "42", "12.50" and "12.5", "5,4" and "4,5", "" and "  ".
func Canonical(k Kind, v string) string {
	if Blank(v) {
		return ""
	}
	t := strings.TrimSpace(v)
	switch k {
	case Number:
		if n, ok := ParseWholeNumber(t); ok {
			return strconv.FormatInt(n, 10)
		}
		if f, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "eEnN") {
			return FormatNumber(f)
		}
	case Choice:
		if n, ok := ParseWholeNumber(t); ok {
			return strconv.FormatInt(n, 10)
		}
	case Multi:
		if ids, _, ok := ParseChoiceIDs(t); ok {
			return JoinIDs(ids)
		}
	case Date:
		if len(t) > len(DateLayout) {
			if _, err := time.Parse(DateLayout, t[:len(DateLayout)]); err == nil {
				return t[:len(DateLayout)] // "2025-06-30 00:00:00" (seen on contacts) is that date
			}
		}
		return t
	}
	return v
}

// Same reports whether two values of a field of kind k mean the same.
func Same(k Kind, a, b string) bool { return Canonical(k, a) == Canonical(k, b) }

// FormatNumber is the one spelling of a JSON number: an integer without a point when it is one (and exact),
// otherwise the shortest decimal that reads back as the same float, never with an exponent.
func FormatNumber(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) <= MaxExactInteger {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// ScalarString renders one JSON-decoded scalar (float64, json.Number, string, bool, nil) as text. A choice
// rendered as an object (undocumented, §3.6) gives its id.
func ScalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return FormatNumber(x)
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		if id, ok := x["id"]; ok {
			return ScalarString(id)
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// ValueString renders a value read from HappyFox (JSON-decoded: float64, string, []any, map, nil) in the
// canonical spelling of a field of kind k. A list gives its ids sorted, then any other elements as text.
func ValueString(k Kind, v any) string {
	if list, isList := v.([]any); isList {
		var ids []int64
		var other []string
		for _, e := range list {
			s := ScalarString(e)
			if id, ok := ParseWholeNumber(s); ok {
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
				continue
			}
			other = append(other, s)
		}
		parts := other
		if len(ids) > 0 {
			parts = append([]string{JoinIDs(ids)}, other...)
		}
		return strings.Join(parts, ",")
	}
	return Canonical(k, ScalarString(v))
}

// IDsOf reads a JSON-decoded choice id or list of ids (a number, "4,5", [4, 5], {"id": 4}); ok is false when
// v holds none.
func IDsOf(v any) ([]int64, bool) {
	switch x := v.(type) {
	case float64:
		if x > 0 && x == math.Trunc(x) && x <= MaxExactInteger {
			return []int64{int64(x)}, true
		}
	case string:
		ids, _, ok := ParseChoiceIDs(x)
		return ids, ok && len(ids) > 0
	case []any:
		var out []int64
		for _, e := range x {
			ids, ok := IDsOf(e)
			if !ok {
				return nil, false
			}
			out = append(out, ids...)
		}
		return out, len(out) > 0
	case map[string]any:
		return IDsOf(x["id"])
	}
	return nil, false
}
