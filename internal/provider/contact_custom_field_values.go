package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// Contact custom field values are configured as strings keyed by field id:
//   - text: the text;
//   - number: an integer or a number with at most two decimals ("12.5");
//   - date: "YYYY-MM-DD";
//   - choice: the choice id ("3");
//   - multiple choice: the choice ids joined with commas ("10,12"; order and spaces do not matter);
//   - "" clears the field.
//
// The API formats are in docs/dev/happyfox-api.md §2.4 (H); how HappyFox names the types beyond "text" and "choice" is
// unknown (§2.7 "?"), so the kinds below accept the names seen in the simulator and in other endpoints, and
// a field of an unknown type is passed through as text without validation.

type fieldKind int

const (
	kindOther fieldKind = iota
	kindText
	kindNumber
	kindDate
	kindChoice
	kindMulti
)

func fieldKindOf(typ string) fieldKind {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "text", "textarea", "string":
		return kindText
	case "number", "decimal", "integer":
		return kindNumber
	case "date":
		return kindDate
	case "choice", "dropdown", "select", "radio":
		return kindChoice
	case "multiple_choice", "multi_choice", "multiple_option", "multi_option", "multiselect", "multi_select":
		return kindMulti
	}
	return kindOther
}

var (
	fieldIDPattern     = regexp.MustCompile(`^[1-9][0-9]*$`)
	fieldNumberPattern = regexp.MustCompile(`^-?[0-9]+(\.[0-9]{1,2})?$`)
)

const fieldDateLayout = "2006-01-02"

// parseChoiceIDs parses "10, 12" into ids; "" gives none.
func parseChoiceIDs(s string) ([]int64, error) {
	var out []int64
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for part := range strings.SplitSeq(s, ",") {
		p := strings.TrimSpace(part)
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id <= 0 || !fieldIDPattern.MatchString(p) {
			return nil, fmt.Errorf("%q is not a choice id", p)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

func choiceLabels(def client.CustomFieldDef) string {
	return listLabels(def.Choices, func(c client.Choice) string { return fmt.Sprintf("%d (%q)", c.ID, c.Text) })
}

func hasChoice(def client.CustomFieldDef, id int64) bool {
	return slices.ContainsFunc(def.Choices, func(c client.Choice) bool { return c.ID == id })
}

// checkFieldValue validates a configured value against the field definition; "" (clear) is always valid
// unless the field is required.
func checkFieldValue(def client.CustomFieldDef, v string) error {
	if strings.TrimSpace(v) == "" {
		if def.Required {
			return fmt.Errorf("HappyFox requires a value for this field; it cannot be empty")
		}
		return nil
	}
	switch fieldKindOf(def.Type) {
	case kindNumber:
		if !fieldNumberPattern.MatchString(strings.TrimSpace(v)) {
			return fmt.Errorf("%q is not a number: use an integer or a number with at most two decimals, e.g. 42 or 12.50", v)
		}
	case kindDate:
		if _, err := time.Parse(fieldDateLayout, v); err != nil {
			return fmt.Errorf("%q is not a date: use YYYY-MM-DD, e.g. 2025-06-30", v)
		}
	case kindChoice:
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || !hasChoice(def, id) {
			return fmt.Errorf("%q is not a choice id of this field: use one of %s (see the happyfox_contact_custom_fields data source)", v, choiceLabels(def))
		}
	case kindMulti:
		ids, err := parseChoiceIDs(v)
		if err != nil {
			return fmt.Errorf("%w: use choice ids joined with commas, e.g. \"10,12\"; available: %s", err, choiceLabels(def))
		}
		if id, repeated := repeatedChoiceID(v); repeated {
			return fmt.Errorf("%q lists choice %d twice: list each choice id once, e.g. \"10,12\"", v, id)
		}
		for _, id := range ids {
			if !hasChoice(def, id) {
				return fmt.Errorf("%d is not a choice id of this field: available: %s", id, choiceLabels(def))
			}
		}
	}
	return nil
}

// encodeFieldValue turns a configured value into the c-cf-<id> payload value (§2.4): nil clears the field.
func encodeFieldValue(kind fieldKind, v string) (any, error) {
	t := strings.TrimSpace(v)
	if t == "" {
		return nil, nil
	}
	switch kind {
	case kindNumber:
		if !fieldNumberPattern.MatchString(t) {
			return nil, fmt.Errorf("%q is not a number", v)
		}
		return json.Number(t), nil
	case kindDate:
		return t, nil
	case kindChoice:
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a choice id", v)
		}
		return id, nil
	case kindMulti:
		return parseChoiceIDs(t)
	}
	return v, nil
}

// sameFieldValue compares a configured (or prior) value with the canonical value read from HappyFox.
func sameFieldValue(kind fieldKind, a, b string) bool {
	ta, tb := strings.TrimSpace(a), strings.TrimSpace(b)
	switch kind {
	case kindNumber:
		fa, errA := strconv.ParseFloat(ta, 64)
		fb, errB := strconv.ParseFloat(tb, 64)
		if errA == nil && errB == nil {
			return math.Abs(fa-fb) < 1e-9
		}
	case kindChoice:
		return ta == tb
	case kindMulti:
		ia, errA := parseChoiceIDs(ta)
		ib, errB := parseChoiceIDs(tb)
		if errA == nil && errB == nil {
			slices.Sort(ia)
			slices.Sort(ib)
			return slices.Equal(ia, ib)
		}
	case kindDate:
		return ta == tb
	}
	return a == b
}

// fieldDefs loads the contact custom field definitions once, when first needed.
type fieldDefs struct {
	c    *client.Client
	byID map[int64]client.CustomFieldDef
	list []client.CustomFieldDef
}

func (d *fieldDefs) load(ctx context.Context) error {
	if d.byID != nil {
		return nil
	}
	defs, err := d.c.ListContactCustomFields(ctx)
	if err != nil {
		return err
	}
	d.list = defs
	d.byID = make(map[int64]client.CustomFieldDef, len(defs))
	for _, f := range defs {
		d.byID[f.ID] = f
	}
	return nil
}

func (d *fieldDefs) get(ctx context.Context, id int64) (client.CustomFieldDef, bool, error) {
	if err := d.load(ctx); err != nil {
		return client.CustomFieldDef{}, false, err
	}
	f, ok := d.byID[id]
	return f, ok, nil
}

// kind returns the kind of a contact's field value, from the value's own type or else the definition.
func (d *fieldDefs) kind(ctx context.Context, v client.ContactFieldValue) (fieldKind, error) {
	if v.Type != "" {
		return fieldKindOf(v.Type), nil
	}
	def, ok, err := d.get(ctx, v.ID)
	if err != nil || !ok {
		return kindOther, err
	}
	return fieldKindOf(def.Type), nil
}

// remoteChoiceIDs extracts choice ids from a contact's choice or multiple-choice value: value_id holds the id
// or ids (L, §2.1); when it is empty the choice text(s) in value are looked up in the definition.
func (d *fieldDefs) remoteChoiceIDs(ctx context.Context, v client.ContactFieldValue) ([]int64, error) {
	if ids, ok := anyIDs(v.ValueID); ok {
		return ids, nil
	}
	if v.Value == nil {
		return nil, nil
	}
	if ids, ok := anyIDs(v.Value); ok {
		if _, isStr := v.Value.(string); !isStr {
			return ids, nil
		}
	}
	var texts []string
	switch x := v.Value.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return nil, nil
		}
		texts = strings.Split(x, ",")
	case []any:
		for _, e := range x {
			texts = append(texts, fmt.Sprint(e))
		}
	}
	def, found, err := d.get(ctx, v.ID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, t := range texts {
		i := -1
		if found {
			i = slices.IndexFunc(def.Choices, func(c client.Choice) bool { return strings.EqualFold(c.Text, strings.TrimSpace(t)) })
		}
		if i < 0 {
			return nil, fmt.Errorf("HappyFox returned the choice %q for custom field %d, which matches none of its choices", t, v.ID)
		}
		out = append(out, def.Choices[i].ID)
	}
	return out, nil
}

// anyIDs reads a JSON-decoded id or list of ids.
func anyIDs(v any) ([]int64, bool) {
	switch x := v.(type) {
	case float64:
		if x > 0 && x == math.Trunc(x) {
			return []int64{int64(x)}, true
		}
	case string:
		ids, err := parseChoiceIDs(x)
		return ids, err == nil && len(ids) > 0
	case []any:
		var out []int64
		for _, e := range x {
			ids, ok := anyIDs(e)
			if !ok {
				return nil, false
			}
			out = append(out, ids...)
		}
		return out, len(out) > 0
	case map[string]any:
		return anyIDs(x["id"])
	}
	return nil, false
}

// remoteFieldString renders a contact's value in the configuration's encoding ("" when unset).
func (d *fieldDefs) remoteFieldString(ctx context.Context, v client.ContactFieldValue) (string, error) {
	kind, err := d.kind(ctx, v)
	if err != nil {
		return "", err
	}
	switch kind {
	case kindChoice, kindMulti:
		ids, err := d.remoteChoiceIDs(ctx, v)
		if err != nil {
			return "", err
		}
		slices.Sort(ids)
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = strconv.FormatInt(id, 10)
		}
		return strings.Join(parts, ","), nil
	case kindDate:
		if s, ok := v.Value.(string); ok && len(s) > len(fieldDateLayout) {
			if _, err := time.Parse(fieldDateLayout, s[:len(fieldDateLayout)]); err == nil {
				return s[:len(fieldDateLayout)], nil
			}
		}
	}
	return scalarString(v.Value), nil
}

func scalarString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// remoteFieldPayload returns the value to send back for a field the configuration does not manage, so that
// a write does not reset it (§2.4: omitted custom fields are reset). ok is false for an unset field.
func (d *fieldDefs) remoteFieldPayload(ctx context.Context, v client.ContactFieldValue) (any, bool, error) {
	kind, err := d.kind(ctx, v)
	if err != nil {
		return nil, false, err
	}
	switch kind {
	case kindChoice:
		ids, err := d.remoteChoiceIDs(ctx, v)
		if err != nil || len(ids) == 0 {
			return nil, false, err
		}
		return ids[0], true, nil
	case kindMulti:
		ids, err := d.remoteChoiceIDs(ctx, v)
		if err != nil || len(ids) == 0 {
			return nil, false, err
		}
		return ids, true, nil
	}
	if v.Value == nil {
		return nil, false, nil
	}
	if s, isStr := v.Value.(string); isStr && s == "" {
		return nil, false, nil
	}
	if kind == kindDate {
		s, _ := d.remoteFieldString(ctx, v)
		return s, true, nil
	}
	return v.Value, true, nil
}
