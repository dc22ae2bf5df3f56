package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
)

// Choice is one option of a choice/dropdown custom field (§2.7, §4.1).
type Choice struct {
	ID   int64 // 0 in UpdateTicketCustomFieldChoices = new choice ("id": null)
	Text string
	// DependantFields is kept verbatim so that it can be sent back unchanged
	// (§4.3 "copying the existing dependant_fields unchanged"); "[]" when the
	// response had none.
	DependantFields json.RawMessage
}

// CustomFieldDef is a contact custom field definition: GET user_custom_fields/
// (§2.7, H).
type CustomFieldDef struct {
	ID                 int64
	Name               string
	Type               string // "text", "choice"; others unknown (§2.7 "?")
	Required           bool
	Order              int64
	Choices            []Choice // nil when "choices" is null (non-choice types, H)
	VisibleToStaffOnly bool
	DependsOnChoice    *int64
}

// TicketCustomField is a ticket custom field definition (§4.1, H).
type TicketCustomField struct {
	ID                    int64
	Name                  string
	Type                  string
	Required              bool
	CompulsoryOnCompleted bool
	CompulsoryOnMove      bool
	VisibleToStaffOnly    bool
	DependsOnChoice       *int64
	Choices               []Choice // nil when null (text fields); not sorted by id (§4.1)
	Categories            []FieldCategory
}

// FieldCategory places a ticket custom field in a category, with its order
// there (§4.1: "categories": [{"category": 3, "order": 1}]).
type FieldCategory struct {
	CategoryID int64
	Order      int64
}

var emptyJSONList = json.RawMessage("[]")

// decodeChoices decodes a choices value: null → nil; a list of
// {id, text, dependant_fields} (H); tolerated: "name" instead of "text",
// and bare strings (asset dropdown choices are unknown, §3.6 "?").
func decodeChoices(raw json.RawMessage) ([]Choice, error) {
	if isNull(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("decoding choices: %w", err)
	}
	out := make([]Choice, 0, len(items))
	for i, it := range items {
		t := bytes.TrimSpace(it)
		if isNull(t) {
			continue
		}
		if t[0] != '{' {
			var s flexString
			if err := s.UnmarshalJSON(t); err != nil {
				return nil, fmt.Errorf("decoding choice %d: %w", i, err)
			}
			out = append(out, Choice{Text: string(s), DependantFields: emptyJSONList})
			continue
		}
		var r struct {
			ID              ID              `json:"id"`
			Text            *flexString     `json:"text"`
			Name            flexString      `json:"name"`
			DependantFields json.RawMessage `json:"dependant_fields"`
		}
		if err := json.Unmarshal(t, &r); err != nil {
			return nil, fmt.Errorf("decoding choice %d: %w", i, err)
		}
		ch := Choice{ID: int64(r.ID), Text: string(r.Name), DependantFields: emptyJSONList}
		if r.Text != nil {
			ch.Text = string(*r.Text)
		}
		if !isNull(r.DependantFields) {
			ch.DependantFields = bytes.TrimSpace(r.DependantFields)
		}
		out = append(out, ch)
	}
	return out, nil
}

func optionalID(r *ref) *int64 {
	if r == nil || r.ID == 0 {
		return nil
	}
	v := r.ID
	return &v
}

func decodeCustomFieldDef(data []byte) (CustomFieldDef, error) {
	var r struct {
		ID                 ID              `json:"id"`
		Name               flexString      `json:"name"`
		Type               flexString      `json:"type"`
		Required           flexBool        `json:"required"`
		Order              ID              `json:"order"`
		Choices            json.RawMessage `json:"choices"`
		VisibleToStaffOnly flexBool        `json:"visible_to_staff_only"`
		DependsOnChoice    *ref            `json:"depends_on_choice"`
	}
	if err := decodeObject(data, &r); err != nil {
		return CustomFieldDef{}, fmt.Errorf("decoding contact custom field: %w", err)
	}
	choices, err := decodeChoices(r.Choices)
	if err != nil {
		return CustomFieldDef{}, fmt.Errorf("contact custom field %d: %w", r.ID, err)
	}
	return CustomFieldDef{ID: int64(r.ID), Name: string(r.Name), Type: string(r.Type), Required: bool(r.Required),
		Order: int64(r.Order), Choices: choices, VisibleToStaffOnly: bool(r.VisibleToStaffOnly),
		DependsOnChoice: optionalID(r.DependsOnChoice)}, nil
}

func decodeTicketCustomField(data []byte) (TicketCustomField, error) {
	var r struct {
		ID                    ID              `json:"id"`
		Name                  flexString      `json:"name"`
		Type                  flexString      `json:"type"`
		Required              flexBool        `json:"required"`
		CompulsoryOnCompleted *flexBool       `json:"compulsory_on_completed"`
		CompulsoryOnComplete  *flexBool       `json:"compulsory_on_complete"` // spelling used on tickets (§4.1)
		CompulsoryOnMove      flexBool        `json:"compulsory_on_move"`
		VisibleToStaffOnly    flexBool        `json:"visible_to_staff_only"`
		DependsOnChoice       *ref            `json:"depends_on_choice"`
		Choices               json.RawMessage `json:"choices"`
		Categories            json.RawMessage `json:"categories"`
	}
	if err := decodeObject(data, &r); err != nil {
		return TicketCustomField{}, fmt.Errorf("decoding ticket custom field: %w", err)
	}
	f := TicketCustomField{ID: int64(r.ID), Name: string(r.Name), Type: string(r.Type), Required: bool(r.Required),
		CompulsoryOnMove: bool(r.CompulsoryOnMove), VisibleToStaffOnly: bool(r.VisibleToStaffOnly),
		DependsOnChoice: optionalID(r.DependsOnChoice)}
	switch {
	case r.CompulsoryOnCompleted != nil:
		f.CompulsoryOnCompleted = bool(*r.CompulsoryOnCompleted)
	case r.CompulsoryOnComplete != nil:
		f.CompulsoryOnCompleted = bool(*r.CompulsoryOnComplete)
	}
	var err error
	if f.Choices, err = decodeChoices(r.Choices); err != nil {
		return TicketCustomField{}, fmt.Errorf("ticket custom field %d: %w", f.ID, err)
	}
	if !isNull(r.Categories) {
		var cats []json.RawMessage
		if err := json.Unmarshal(r.Categories, &cats); err != nil {
			return TicketCustomField{}, fmt.Errorf("ticket custom field %d categories: %w", f.ID, err)
		}
		for i, c := range cats {
			t := bytes.TrimSpace(c)
			if isNull(t) {
				continue
			}
			if t[0] != '{' { // a bare category id (tolerance)
				var x ref
				if err := x.UnmarshalJSON(t); err != nil {
					return TicketCustomField{}, fmt.Errorf("ticket custom field %d category %d: %w", f.ID, i, err)
				}
				f.Categories = append(f.Categories, FieldCategory{CategoryID: x.ID})
				continue
			}
			var rc struct {
				Category *ref `json:"category"`
				ID       ID   `json:"id"`
				Order    ID   `json:"order"`
			}
			if err := json.Unmarshal(t, &rc); err != nil {
				return TicketCustomField{}, fmt.Errorf("ticket custom field %d category %d: %w", f.ID, i, err)
			}
			fc := FieldCategory{CategoryID: int64(rc.ID), Order: int64(rc.Order)}
			if rc.Category != nil {
				fc.CategoryID = rc.Category.ID
			}
			f.Categories = append(f.Categories, fc)
		}
	}
	return f, nil
}

// ListContactCustomFields returns GET user_custom_fields/ (§2.7, bare
// array, H), fetched once per Client.
func (c *Client) ListContactCustomFields(ctx context.Context) ([]CustomFieldDef, error) {
	return memoized(ctx, &c.memo, memoUserCustomFields, func(ctx context.Context) ([]CustomFieldDef, error) {
		return fetchList(ctx, c, "user_custom_fields/", nil, false, decodeCustomFieldDef)
	})
}

// ListTicketCustomFields returns GET ticket_custom_fields/ (§4.1, bare
// array, H), fetched once per Client until UpdateTicketCustomFieldChoices.
func (c *Client) ListTicketCustomFields(ctx context.Context) ([]TicketCustomField, error) {
	return memoized(ctx, &c.memo, memoTicketCustomFields, func(ctx context.Context) ([]TicketCustomField, error) {
		return fetchList(ctx, c, "ticket_custom_fields/", nil, false, decodeTicketCustomField)
	})
}

// GetTicketCustomField returns one ticket custom field, never cached (choices are edited outside the API too):
// GET ticket_custom_field/<id>/ (§4.2, M: listed by one client, absent from today's articles). A 404 there means
// either that the field is gone or that the path does not exist on this account, and the list
// ticket_custom_fields/ (§4.1, H) tells which: when it has the field, the path is missing, and from then on the
// field is read from the list (one GET of every field); when it has not, the field is gone (IsNotFound).
func (c *Client) GetTicketCustomField(ctx context.Context, id int64) (*TicketCustomField, error) {
	if err := checkID("ticket custom field", id); err != nil {
		return nil, err
	}
	rel := objectPath("ticket_custom_field", id)
	if c.tcfPath.listOnly.Load() {
		return c.ticketCustomFieldFromList(ctx, id, rel)
	}
	body, err := c.get(ctx, rel, nil)
	if IsNotFound(err) {
		f, lerr := c.ticketCustomFieldFromList(ctx, id, rel)
		if lerr != nil {
			if IsNotFound(lerr) {
				return nil, err // the field is gone: the list does not have it either
			}
			return nil, fmt.Errorf("%w\n\nReading ticket_custom_fields/ to tell whether the field is gone or the path is missing failed too: %w", err, lerr)
		}
		c.tcfPath.listOnly.Store(true)
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := decodeTicketCustomField(body)
	if err != nil {
		return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
	}
	return &f, nil
}

// tcfPathState remembers that GET ticket_custom_field/<id>/ does not exist on this account (§4.2).
type tcfPathState struct{ listOnly atomic.Bool }

// ticketCustomFieldFromList reads field id from a fresh GET ticket_custom_fields/ (§4.1); a field the list does
// not have is an error for which IsNotFound holds, as a 404 of rel would be.
func (c *Client) ticketCustomFieldFromList(ctx context.Context, id int64, rel string) (*TicketCustomField, error) {
	fields, err := fetchList(ctx, c, "ticket_custom_fields/", nil, false, decodeTicketCustomField)
	if err != nil {
		return nil, err
	}
	for i := range fields {
		if fields[i].ID == id {
			return &fields[i], nil
		}
	}
	return nil, &APIError{Method: http.MethodGet, Path: rel, StatusCode: http.StatusNotFound,
		Message: fmt.Sprintf("ticket custom field %d is not in GET ticket_custom_fields/", id), notFound: true}
}

type choiceOut struct {
	ID              *int64          `json:"id"`
	Text            string          `json:"text"`
	DependantFields json.RawMessage `json:"dependant_fields"`
}

// choicesBody builds {"choices": [{"id": <id>|null, "text", "dependant_fields"}]}:
// id and dependant_fields are always sent (§4.3 safe client behaviour).
func choicesBody(choices []Choice) (map[string]any, error) {
	out := make([]choiceOut, 0, len(choices))
	for i, ch := range choices {
		co := choiceOut{Text: ch.Text, DependantFields: emptyJSONList}
		if ch.ID != 0 {
			id := ch.ID
			co.ID = &id
		}
		if d := bytes.TrimSpace(ch.DependantFields); len(d) > 0 {
			if !json.Valid(d) {
				return nil, fmt.Errorf("choice %d (%q): dependant_fields is not valid JSON", i, ch.Text)
			}
			co.DependantFields = d
		}
		out = append(out, co)
	}
	return map[string]any{"choices": out}, nil
}

// UpdateTicketCustomFieldChoices replaces a field's choices: PUT
// ticket_custom_field/<id>/ (§4.3, H). The list is the complete new set:
// choices left out are deleted; ID 0 creates a choice. The write invalidates
// the ListTicketCustomFields cache (cache_invalidation.go). When the response
// is not the field object, the field is read back.
func (c *Client) UpdateTicketCustomFieldChoices(ctx context.Context, id int64, choices []Choice) (*TicketCustomField, error) {
	if err := checkID("ticket custom field", id); err != nil {
		return nil, err
	}
	b, err := choicesBody(choices)
	if err != nil {
		return nil, err
	}
	rel := objectPath("ticket_custom_field", id)
	body, err := c.do(ctx, http.MethodPut, rel, nil, b)
	if err != nil {
		return nil, err
	}
	if f, err := decodeTicketCustomField(body); err == nil && f.ID == id {
		return &f, nil
	}
	return c.GetTicketCustomField(ctx, id)
}
