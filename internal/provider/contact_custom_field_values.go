package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

// Contact custom field values are configured as strings keyed by field id, in the spellings of package
// customfield (one model for contacts and assets; the contact specifics are customfield.Contact). This file
// holds what is contact-only: loading the definitions once, and reading the value shapes of §2.1 (value and
// value_id) back into those spellings. The API formats are in docs/dev/happyfox-api.md §2.4 (H); how HappyFox
// names the types beyond "text" and "choice" is unknown (§2.7 "?"): a configured value of a field of a type this
// provider does not know is refused (customfield.UnknownTypeProblem), and an unmanaged one is sent back as answered.

// fieldKind and its constants are the names contact_resource.go uses for customfield.Kind.
type fieldKind = customfield.Kind

const (
	kindOther  = customfield.Other
	kindText   = customfield.Text
	kindNumber = customfield.Number
	kindDate   = customfield.Date
	kindChoice = customfield.Choice
	kindMulti  = customfield.Multi
)

func fieldKindOf(typ string) fieldKind { return customfield.KindOf(typ) }

// contactFieldDef is a contact custom field definition in the terms of package customfield.
func contactFieldDef(d client.CustomFieldDef) customfield.Def {
	return customfield.Def{ID: d.ID, Name: d.Name, Type: d.Type, Required: d.Required, Choices: fieldChoices(d.Choices)}
}

// checkFieldValue validates a configured value against the field definition: "" when it fits, else the end of a
// sentence that starts with `custom_fields["<id>"] = "<value>"`.
func checkFieldValue(def client.CustomFieldDef, v string) string {
	return customfield.Contact.Problem(contactFieldDef(def), v)
}

// encodeFieldValue turns a configured value into the c-cf-<id> payload value (§2.4): nil clears the field.
func encodeFieldValue(kind fieldKind, v string) (any, error) {
	return customfield.Contact.Encode(kind, v)
}

// sameFieldValue compares a configured (or prior) value with the canonical value read from HappyFox.
func sameFieldValue(kind fieldKind, a, b string) bool { return customfield.Same(kind, a, b) }

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
	if ids, ok := customfield.IDsOf(v.ValueID); ok {
		return ids, nil
	}
	if v.Value == nil {
		return nil, nil
	}
	if ids, ok := customfield.IDsOf(v.Value); ok {
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

// remoteFieldString renders a contact's value in the configuration's encoding ("" when unset).
func (d *fieldDefs) remoteFieldString(ctx context.Context, v client.ContactFieldValue) (string, error) {
	kind, err := d.kind(ctx, v)
	if err != nil {
		return "", err
	}
	if kind == kindChoice || kind == kindMulti {
		ids, err := d.remoteChoiceIDs(ctx, v)
		if err != nil {
			return "", err
		}
		return customfield.JoinIDs(ids), nil
	}
	return customfield.ValueString(kind, v.Value), nil
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
	case kindOther:
		// A type this provider does not know (§2.7): a value_id holding ids marks a choice field (§2.1), which a write
		// takes as the id or the list of ids (§2.4), as value_id has them; any other value is sent back as answered.
		if _, ok := customfield.IDsOf(v.ValueID); ok {
			return v.ValueID, true, nil
		}
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
