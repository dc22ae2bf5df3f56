package happyfoxsim

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ---------- shared rendering ----------

type choiceOut struct {
	ID              int64  `json:"id"`
	Text            string `json:"text"`
	DependantFields []any  `json:"dependant_fields"`
}

func renderChoices(cs []Choice) []choiceOut {
	if cs == nil {
		return nil // rendered as null for non-choice types (§2.7, §4.1 H)
	}
	out := make([]choiceOut, len(cs))
	for i, c := range cs {
		df := c.DependantFields
		if df == nil {
			df = []any{}
		}
		out[i] = choiceOut{c.ID, c.Text, df}
	}
	return out
}

// ---------- contact (user) custom fields, §2.7 ----------

type userFieldOut struct {
	ID                 int64       `json:"id"`
	Name               string      `json:"name"`
	Type               string      `json:"type"`
	Required           bool        `json:"required"`
	Order              int         `json:"order"`
	DependsOnChoice    *int64      `json:"depends_on_choice"`
	VisibleToStaffOnly bool        `json:"visible_to_staff_only"`
	Choices            []choiceOut `json:"choices"`
}

func (st *state) renderUserField(f *UserCustomField) userFieldOut {
	return userFieldOut{f.ID, f.Name, st.a.userTypeName(f.Type), f.Required, f.Order, f.DependsOnChoice, f.VisibleToStaffOnly, renderChoices(f.Choices)}
}

// otherTypeNames are the type names of field-type-names=other (§2.7, §3.1: only text and choice, and text,
// textarea, number, date and dropdown for assets, are evidenced).
var otherTypeNames = map[string]string{
	"number": "numeric", "date": "datetime", "textarea": "multiline", "multiple_choice": "multichoice", "multi_option": "multiple_choice",
}

// userTypeName is the type name a contact custom field is answered with.
func (a Assumptions) userTypeName(t string) string {
	if n, has := otherTypeNames[t]; has && a.FieldTypeNames == "other" {
		return n
	}
	return t
}

// assetTypeName is the type name an asset custom field is answered with.
func (a Assumptions) assetTypeName(t string) string { return a.userTypeName(t) }

func (s *Server) listUserCustomFields(*request) *reply {
	out := []userFieldOut{}
	for _, f := range s.st.userFieldsOrdered() {
		out = append(out, s.st.renderUserField(f))
	}
	return ok(out)
}

// getUserCustomField serves GET /user_custom_field/<id>/ (OLD, M).
func (s *Server) getUserCustomField(rq *request) *reply {
	id, _ := pathID(rq)
	f := s.st.userFields[id]
	if f == nil {
		return s.notFound("UserCustomField")
	}
	return ok(s.st.renderUserField(f))
}

// normalizeUserValue validates a c-cf-<id> value (§2.4 value formats, H) and
// returns the normalized value (nil clears the field) or a Django message.
func normalizeUserValue(f *UserCustomField, v any, form bool) (any, string) {
	if isBlank(v) {
		return nil, ""
	}
	switch f.Type {
	case "text", "textarea":
		str, ok := v.(string)
		if !ok {
			return nil, msgValue
		}
		return str, ""
	case "number":
		return parseTwoDecimalNumber(v)
	case "date":
		str, ok := v.(string)
		if !ok || !validDate(strings.TrimSpace(str)) {
			return nil, msgDate
		}
		return strings.TrimSpace(str), ""
	case "choice", "dropdown":
		id, ok := asInt(v)
		if !ok || findChoice(f.Choices, id) == nil {
			return nil, msgInvalidChoice
		}
		return id, ""
	case "multiple_choice":
		l, ok := asList(v, form)
		if !ok {
			return nil, msgList
		}
		ids, msg := choiceIDs(f.Choices, l, msgInvalidChoiceValue)
		if msg != "" {
			return nil, msg
		}
		if len(ids) == 0 {
			return nil, ""
		}
		return ids, ""
	}
	return v, ""
}

// choiceIDs validates a list of choice ids; the result is deduplicated and
// sorted by id (L: the stored order is not documented).
func choiceIDs(cs []Choice, l []any, msgf func(string) string) ([]int64, string) {
	var ids []int64
	for _, e := range l {
		id, ok := asInt(e)
		if !ok || findChoice(cs, id) == nil {
			return nil, msgf(show(e))
		}
		ids = append(ids, id)
	}
	ids = dedupe(ids)
	slices.Sort(ids)
	return ids, ""
}

// parseTwoDecimalNumber accepts an integer or a number with at most 2
// decimal places (§2.4: "number: int, or a float with 2 decimals").
func parseTwoDecimalNumber(v any) (any, string) {
	var str string
	switch x := v.(type) {
	case json.Number:
		str = x.String()
	case string:
		str = strings.TrimSpace(x)
	case int, int64, int32:
		n, _ := asInt(x)
		return n, ""
	case float64:
		str = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return nil, msgNumber
	}
	if n, err := strconv.ParseInt(str, 10, 64); err == nil {
		return n, ""
	}
	f, err := strconv.ParseFloat(str, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, msgNumber
	}
	if strings.ContainsAny(str, "eE") {
		if math.Abs(f*100-math.Round(f*100)) > 1e-9 {
			return nil, msgDecimals
		}
	} else if dot := strings.IndexByte(str, '.'); dot >= 0 && len(str)-dot-1 > 2 {
		return nil, msgDecimals
	}
	return f, ""
}

type userValueOut struct {
	ID                 int64  `json:"id"`
	Name               string `json:"name"`
	Type               string `json:"type"`
	Value              any    `json:"value"`
	ValueID            any    `json:"value_id"`
	VisibleToStaffOnly bool   `json:"visible_to_staff_only"`
}

// renderUserValues lists EVERY contact custom field (§2.1 H). For a choice
// field value is the choice text and value_id the id; for multiple_choice
// value is the comma-joined texts and value_id the list of ids (both L: no
// example with a non-null value_id exists); otherwise value_id is null.
func (st *state) renderUserValues(vals map[int64]any) []userValueOut {
	out := []userValueOut{}
	for _, f := range st.userFieldsOrdered() {
		o := userValueOut{ID: f.ID, Name: f.Name, Type: st.a.userTypeName(f.Type), VisibleToStaffOnly: f.VisibleToStaffOnly}
		v, set := vals[f.ID]
		if set && v != nil && st.a.ContactChoiceValue == "id" && (f.Type == "choice" || f.Type == "dropdown" || f.Type == "multiple_choice") {
			// contact-choice-value=id: value holds the choice id (or ids), value_id is null.
			if l, isList := v.([]int64); isList {
				v = slices.Clone(l)
			}
			o.Value = v
			out = append(out, o)
			continue
		}
		if set && v != nil {
			switch f.Type {
			case "choice", "dropdown":
				id, _ := asInt(v)
				o.ValueID = id
				if c := findChoice(f.Choices, id); c != nil {
					o.Value = c.Text
				}
			case "multiple_choice":
				ids, _ := v.([]int64)
				texts := make([]string, 0, len(ids))
				for _, id := range ids {
					if c := findChoice(f.Choices, id); c != nil {
						texts = append(texts, c.Text)
					}
				}
				o.Value = strings.Join(texts, ",")
				o.ValueID = slices.Clone(ids)
			default:
				o.Value = v
			}
		}
		out = append(out, o)
	}
	return out
}

// ---------- ticket custom fields, §4 ----------

type categoryOrderOut struct {
	Category int64 `json:"category"`
	Order    int   `json:"order"`
}

type ticketFieldOut struct {
	ID                    int64              `json:"id"`
	Name                  string             `json:"name"`
	Type                  string             `json:"type"`
	Required              bool               `json:"required"`
	CompulsoryOnCompleted bool               `json:"compulsory_on_completed"`
	CompulsoryOnMove      bool               `json:"compulsory_on_move"`
	DependsOnChoice       *int64             `json:"depends_on_choice"`
	VisibleToStaffOnly    bool               `json:"visible_to_staff_only"`
	Choices               []choiceOut        `json:"choices"`
	Categories            []categoryOrderOut `json:"categories"`
}

func renderTicketField(f *TicketCustomField) ticketFieldOut {
	cats := []categoryOrderOut{}
	for _, c := range f.Categories {
		cats = append(cats, categoryOrderOut(c))
	}
	return ticketFieldOut{f.ID, f.Name, f.Type, f.Required, f.CompulsoryOnCompleted, f.CompulsoryOnMove,
		f.DependsOnChoice, f.VisibleToStaffOnly, renderChoices(f.Choices), cats}
}

func (s *Server) listTicketCustomFields(*request) *reply {
	out := []ticketFieldOut{}
	for _, id := range sortedIDs(s.st.ticketFields) {
		out = append(out, renderTicketField(s.st.ticketFields[id]))
	}
	return ok(out)
}

// getTicketCustomField serves GET /ticket_custom_field/<id>/ (§4.2, M; a 404 for every id with
// ticket-field-single=missing).
func (s *Server) getTicketCustomField(rq *request) *reply {
	if s.st.a.TicketFieldSingle == "missing" {
		return missingPath()
	}
	id, _ := pathID(rq)
	f := s.st.ticketFields[id]
	if f == nil {
		return s.notFound("TicketCustomField")
	}
	return ok(renderTicketField(f))
}

func choiceType(t string) bool {
	return t == "choice" || t == "dropdown" || t == "multiple_choice"
}

// putTicketCustomField replaces the choices of a ticket custom field as
// KB1247 describes (§4.3, H): the list is the complete new set; a choice with
// an existing id is kept (its text changed if different); "id": null (or no
// id) creates a choice; existing choices left out are deleted; the payload
// order is kept. Other keys are ignored (only choices is editable, H).
//
// L / ? choices made here:
//   - new ids continue after the highest id this field has ever used, so a
//     deleted id is never reused (KB1247's example shows max+1);
//   - a non-choice field, an unknown non-null id, a repeated id, an empty or
//     duplicate text (exact match after trimming) and an empty list are all
//     400 shape A on "choices";
//   - dependant_fields left out keeps the existing value ([] for new choices).
func (s *Server) putTicketCustomField(rq *request) *reply {
	id, _ := pathID(rq)
	f := s.st.ticketFields[id]
	if f == nil {
		return s.notFound("TicketCustomField")
	}
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	if !choiceType(f.Type) {
		return errA("choices", fmt.Sprintf("Choices can only be set on dropdown or multiple choice fields; field %d has type %q.", f.ID, f.Type))
	}
	raw, present := body["choices"]
	if !present || raw == nil {
		return errA("choices", msgRequired)
	}
	list, isList := raw.([]any)
	if !isList {
		return errA("choices", msgList)
	}
	if len(list) == 0 && s.st.a.TicketChoicesEmpty != "allowed" {
		return errA("choices", "At least one choice is required.")
	}
	var fe fieldErrors
	newChoices := make([]Choice, 0, len(list))
	seenIDs := map[int64]bool{}
	seenTexts := map[string]bool{}
	for i, item := range list {
		obj, isObj := item.(map[string]any)
		if !isObj {
			fe.add("choices", fmt.Sprintf("Choice %d: expected an object with id, text and dependant_fields.", i+1))
			continue
		}
		text, _ := obj["text"].(string)
		text = s.st.a.cleanFree(text)
		if _, has := obj["dependant_fields"]; !has && s.st.a.TicketChoicesDependantFields == "required" {
			fe.add("choices", fmt.Sprintf("Choice %d: dependant_fields: %s", i+1, msgRequired))
			continue
		}
		if strings.TrimSpace(text) == "" {
			fe.add("choices", fmt.Sprintf("Choice %d: text may not be blank.", i+1))
			continue
		}
		key := strings.TrimSpace(text)
		if seenTexts[key] {
			fe.add("choices", fmt.Sprintf("Duplicate choice text %q.", key))
			continue
		}
		seenTexts[key] = true
		c := Choice{Text: text}
		if rawID, has := obj["id"]; has && rawID != nil {
			cid, isInt := asInt(rawID)
			existing := findChoice(f.Choices, cid)
			if !isInt || existing == nil {
				fe.add("choices", msgInvalidChoiceValue(show(rawID)))
				continue
			}
			if seenIDs[cid] {
				fe.add("choices", fmt.Sprintf("Choice id %d appears more than once.", cid))
				continue
			}
			seenIDs[cid] = true
			c.ID = cid
			c.DependantFields = slices.Clone(existing.DependantFields)
		}
		if df, has := obj["dependant_fields"]; has {
			dl, isL := df.([]any)
			if df != nil && !isL {
				fe.add("choices", fmt.Sprintf("Choice %d: dependant_fields must be a list.", i+1))
				continue
			}
			c.DependantFields = slices.Clone(dl)
		}
		if c.DependantFields == nil {
			c.DependantFields = []any{}
		}
		newChoices = append(newChoices, c)
	}
	if !fe.empty() {
		return shapeA(fe)
	}
	high := s.st.choiceHigh[f.ID]
	for _, c := range f.Choices {
		high = max(high, c.ID)
	}
	for i := range newChoices {
		if newChoices[i].ID == 0 {
			high++
			newChoices[i].ID = high
		}
	}
	s.st.choiceHigh[f.ID] = high
	if s.st.a.TicketChoicesOrder == "by-id" {
		slices.SortStableFunc(newChoices, func(x, y Choice) int { return cmp.Compare(x.ID, y.ID) })
	}
	f.Choices = newChoices
	return ok(renderTicketField(f))
}

// ---------- asset custom fields, §3.6 ----------

type assetChoiceOut struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

type refOut struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type assetFieldOut struct {
	ID        int64            `json:"id"`
	Name      string           `json:"name"`
	Type      string           `json:"type"`
	AssetType refOut           `json:"asset_type"`
	Choices   []assetChoiceOut `json:"choices"`
}

// renderAssetField: dropdown / multi_option fields carry choices [{id,text}]
// (§3.6: "?", L: like the ticket shape without dependant_fields), others null.
func (st *state) renderAssetField(f *AssetCustomField) assetFieldOut {
	o := assetFieldOut{ID: f.ID, Name: f.Name, Type: st.a.assetTypeName(f.Type), AssetType: refOut{ID: f.AssetTypeID}}
	if t := st.assetTypes[f.AssetTypeID]; t != nil {
		o.AssetType.Name = t.Name
	}
	if f.Type == "dropdown" || f.Type == "multi_option" {
		o.Choices = []assetChoiceOut{}
		for _, c := range f.Choices {
			o.Choices = append(o.Choices, assetChoiceOut{c.ID, c.Text})
		}
	}
	return o
}

// assetTypeParam resolves ?asset_type=; a missing value falls back to the
// first asset type (§3.2 / §3.6 H). An unknown or malformed value answers
// shape B on asset_type (L).
func (s *Server) assetTypeParam(rq *request) (*AssetType, *reply) {
	id, present, valid := queryInt(rq.query, "asset_type")
	if !present {
		return s.st.firstAssetType(), nil
	}
	t := s.st.assetTypes[id]
	if !valid || t == nil {
		if s.st.a.AssetUnknownType == "first-type" {
			return s.st.firstAssetType(), nil // asset-unknown-type=first-type, as a missing one (§3.2 L)
		}
		return nil, errB("asset_type", msgInvalidChoice)
	}
	return t, nil
}

func (s *Server) listAssetCustomFields(rq *request) *reply {
	t, rep := s.assetTypeParam(rq)
	if rep != nil {
		return rep
	}
	items := []any{}
	if t != nil {
		for _, f := range s.st.assetFieldsOf(t.ID) {
			o := s.st.renderAssetField(f)
			if s.st.a.AssetFieldChoices == "not-in-list" {
				o.Choices = nil // asset-field-choices=not-in-list: only the single GET carries them
			}
			items = append(items, o)
		}
	}
	return s.page(items, rq.query)
}

// getAssetCustomFieldPlural serves the 2025 path /asset_custom_fields/<id>/ (missing with
// asset-field-path=singular-only).
func (s *Server) getAssetCustomFieldPlural(rq *request) *reply {
	if s.st.a.AssetFieldPath == "singular-only" {
		return missingPath()
	}
	return s.getAssetCustomField(rq)
}

func (s *Server) getAssetCustomField(rq *request) *reply {
	id, _ := pathID(rq)
	f := s.st.assetFields[id]
	if f == nil {
		return s.notFound("AssetCustomField")
	}
	return ok(s.st.renderAssetField(f))
}

// getAssetCustomFieldSingular serves the 2026 path /asset_custom_field/<id>/
// (§3.6 M). With asset-field-path=plural-only it answers a plain 404, like
// an account where only the plural path exists.
func (s *Server) getAssetCustomFieldSingular(rq *request) *reply {
	if s.st.a.AssetFieldPath == "plural-only" {
		return missingPath()
	}
	return s.getAssetCustomField(rq)
}
