package happyfoxsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ---------- rendering, §3.1 ----------

type assetContactOut struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Email *string `json:"email"`
}

type assetValueOut struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Type  string `json:"type"`
	Order int    `json:"order"`
	Value any    `json:"value"`
}

type assetOut struct {
	ID            int64             `json:"id"`
	DisplayID     string            `json:"display_id"`
	Name          string            `json:"name"`
	AssetType     refOut            `json:"asset_type"` // always included (§3.1 L)
	Contacts      []assetContactOut `json:"contacts"`
	ContactGroups *[]refOut         `json:"contact_groups,omitempty"` // absent with LegacyAssetShape (2025 API)
	CustomFields  []assetValueOut   `json:"custom_fields"`
	CreatedBy     int64             `json:"created_by"`
	UpdatedBy     *int64            `json:"updated_by"`
	CreatedAt     string            `json:"created_at"`
	UpdatedAt     string            `json:"updated_at"`
}

// renderAsset lists every custom field of the asset's type, unset ones with
// value null (§3.1 H). A dropdown's value is the choice id (H), a
// multi_option's the list of choice ids (L).
func (s *Server) renderAsset(a *Asset) assetOut {
	st := &s.st
	o := assetOut{
		ID: a.ID, DisplayID: a.DisplayID, Name: a.Name, AssetType: refOut{ID: a.AssetTypeID},
		Contacts: []assetContactOut{}, CustomFields: []assetValueOut{},
		CreatedBy: a.CreatedBy, UpdatedBy: int64Ptr(a.UpdatedBy),
		CreatedAt: assetTime(a.CreatedAt), UpdatedAt: assetTime(a.UpdatedAt),
	}
	if t := st.assetTypes[a.AssetTypeID]; t != nil {
		o.AssetType.Name = t.Name
	}
	for _, id := range a.ContactIDs {
		if c := st.contacts[id]; c != nil {
			co := assetContactOut{ID: c.ID, Name: c.Name}
			if c.Email != "" {
				co.Email = strPtr(c.Email)
			}
			o.Contacts = append(o.Contacts, co)
		}
	}
	if s.st.a.AssetShape != "2025" {
		groups := []refOut{}
		for _, id := range a.ContactGroupIDs {
			if g := st.groups[id]; g != nil {
				groups = append(groups, refOut{g.ID, g.Name})
			}
		}
		o.ContactGroups = &groups
	}
	for _, f := range st.assetFieldsOf(a.AssetTypeID) {
		v := a.CustomFields[f.ID]
		if l, isList := v.([]int64); isList {
			v = slices.Clone(l)
		}
		o.CustomFields = append(o.CustomFields, assetValueOut{f.ID, f.Name, s.st.a.assetTypeName(f.Type), f.Order, v})
	}
	return o
}

// ---------- handlers ----------

func (s *Server) listAssets(rq *request) *reply {
	t, rep := s.assetTypeParam(rq)
	if rep != nil {
		return rep
	}
	items := []any{}
	if t != nil {
		for _, id := range sortedIDs(s.st.assets) {
			if a := s.st.assets[id]; a.AssetTypeID == t.ID {
				var item any = s.renderAsset(a)
				if s.st.a.ListFields == "fewer" {
					// list-fields=fewer: a list item lacks what the single GET adds.
					m := asJSONObject(item)
					delete(m, "custom_fields")
					delete(m, "contacts")
					delete(m, "contact_groups")
					item = m
				}
				items = append(items, item)
			}
		}
	}
	return s.page(items, rq.query)
}

func (s *Server) asset(rq *request) *Asset {
	id, valid := pathID(rq)
	if !valid {
		return nil
	}
	return s.st.assets[id]
}

func (s *Server) getAsset(rq *request) *reply {
	a := s.asset(rq)
	if a == nil {
		return s.notFound("Asset")
	}
	return ok(s.renderAsset(a))
}

// assetPlan is a validated asset change.
type assetPlan struct {
	name, displayID *string
	contactIDs      []int64
	groupIDs        []int64
	setContacts     bool
	setGroups       bool
	values          map[int64]any // present keys only; nil value clears
	contacts        []newContact  // create-only "contacts", in payload order
}

// newContact is one item of the create-only "contacts" list: either an
// existing contact to link or a validated contact to create.
type newContact struct {
	link int64
	plan *contactPlan
}

// planAsset validates the body shared by create and update. create makes
// name and display_id required. All errors are shape B (§1.2, §3.3 H).
func (s *Server) planAsset(body map[string]any, t *AssetType, create bool, form bool, b shapeBErrors) *assetPlan {
	st := &s.st
	plan := &assetPlan{}
	if v, has := body["name"]; has || create || st.a.AssetPutName == "required" {
		str, isStr := v.(string)
		str = st.a.cleanName(str)
		switch {
		case isBlank(v):
			b.add("name", msgRequired)
		case !isStr:
			b.add("name", "Not a valid string.")
		case utf8.RuneCountInString(str) > 200:
			b.add("name", fmt.Sprintf("Ensure this value has at most 200 characters (it has %d).", utf8.RuneCountInString(str)))
		default:
			plan.name = &str
		}
	}
	// display_id uniqueness is not documented; duplicates are accepted (L:
	// the docs only say "required", and rejecting would hide a client's
	// reliance on an undocumented constraint).
	if v, has := body["display_id"]; has || create || st.a.AssetPutName == "required" {
		var str string
		switch x := v.(type) {
		case string:
			str = st.a.cleanName(x)
		case json.Number:
			str = x.String()
		}
		switch {
		case isBlank(v):
			b.add("display_id", msgRequired)
		case strings.TrimSpace(str) == "":
			b.add("display_id", "Not a valid string.")
		default:
			plan.displayID = &str
		}
	}
	if v, has := body["contact_ids"]; has {
		plan.contactIDs, plan.setContacts = st.idList(b, "contact_ids", v, form, func(id int64) bool { return st.contacts[id] != nil }, "Contact")
	}
	// contact_group_ids exists only in the 2026 revision (§3.1); the legacy
	// shape ignores it like any unknown field.
	if v, has := body["contact_group_ids"]; has && st.a.AssetShape != "2025" {
		plan.groupIDs, plan.setGroups = st.idList(b, "contact_group_ids", v, form, func(id int64) bool { return st.groups[id] != nil }, "Contact group")
	}
	if v, has := body["custom_fields"]; has && v != nil {
		obj, isObj := v.(map[string]any)
		if !isObj {
			b.set("custom_fields", "Expected a dictionary of items keyed by custom field id.")
		} else {
			plan.values = map[int64]any{}
			for k, raw := range obj {
				id, err := strconv.ParseInt(strings.TrimSpace(k), 10, 64)
				f := st.assetFields[id]
				if err != nil || f == nil || f.AssetTypeID != t.ID {
					b.customField(k, fmt.Sprintf("Invalid custom field. %s is not a field of asset type %d.", k, t.ID))
					continue
				}
				nv, msg := normalizeAssetValue(f, raw)
				if msg != "" {
					b.customField(k, msg)
					continue
				}
				if str, isStr := nv.(string); isStr && (f.Type == "text" || f.Type == "textarea") {
					nv = st.a.cleanValue(str)
				}
				plan.values[id] = nv
			}
		}
	}
	if create {
		bad, _ := b["custom_fields"].(map[string]string)
		for _, f := range st.assetFieldsOf(t.ID) {
			key := strconv.FormatInt(f.ID, 10)
			if _, flagged := bad[key]; f.Required && plan.values[f.ID] == nil && !flagged {
				b.customField(key, msgRequired)
			}
		}
	}
	return plan
}

// idList parses contact_ids / contact_group_ids: a list of ints or numeric
// strings (the doc example sends ["1"], §3.3 M; strings only with
// asset-ids-input=strings-only). null means an empty list.
func (st *state) idList(b shapeBErrors, field string, v any, form bool, exists func(int64) bool, what string) ([]int64, bool) {
	if v == nil {
		return []int64{}, true
	}
	l, isList := asList(v, form)
	if !isList {
		b.set(field, msgList) // single string, as in the KB1201 example
		return nil, false
	}
	var ids []int64
	valid := true
	for _, e := range l {
		id, isInt := asInt(e)
		if _, isStr := e.(string); !isStr && st.a.AssetIDsInput == "strings-only" {
			isInt = false
		}
		switch {
		case !isInt:
			b.add(field, fmt.Sprintf("A valid integer is required (got %s).", show(e)))
			valid = false
		case !exists(id):
			b.add(field, fmt.Sprintf("%s with id %d does not exist.", what, id))
			valid = false
		default:
			ids = append(ids, id)
		}
	}
	return dedupe(ids), valid
}

// normalizeAssetValue validates one custom_fields value (§3.3 H for the
// formats; messages other than the documented dropdown one are DRF-style, L).
func normalizeAssetValue(f *AssetCustomField, v any) (any, string) {
	if isBlank(v) {
		return nil, ""
	}
	provide := func(x string) string {
		return fmt.Sprintf("Provide a valid choice. %s is not one of the available choices.", x)
	}
	switch f.Type {
	case "text", "textarea":
		str, isStr := v.(string)
		if !isStr {
			return nil, "Not a valid string."
		}
		return str, ""
	case "number":
		n, isInt := asInt(v)
		if !isInt {
			return nil, "A valid integer is required."
		}
		return n, ""
	case "date":
		str, isStr := v.(string)
		if !isStr || !validDate(strings.TrimSpace(str)) {
			return nil, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
		}
		return strings.TrimSpace(str), ""
	case "dropdown":
		id, isInt := asInt(v)
		if !isInt || findChoice(f.Choices, id) == nil {
			return nil, provide(show(v))
		}
		return id, ""
	case "multi_option":
		l, isList := asList(v, false)
		if !isList {
			return nil, msgList
		}
		ids, msg := choiceIDs(f.Choices, l, provide)
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

// planNewContacts handles the create-only "contacts" list (§3.3 H): each
// item needs a name plus an email or phone; an item whose email matches an
// existing contact just links it (L), others are created. The acting staff
// needs manage_contacts ("Manage all Contacts").
func (s *Server) planNewContacts(body map[string]any, staffID int64, plan *assetPlan, b shapeBErrors) {
	v, has := body["contacts"]
	if !has || v == nil {
		return
	}
	list, isList := v.([]any)
	if !isList {
		b.set("contacts", msgList)
		return
	}
	if sf := s.st.staff[staffID]; len(list) > 0 && sf != nil && !hasPermission(sf, "manage_contacts") {
		b.add("contacts", fmt.Sprintf("Staff %d does not have the Manage Contacts permission.", staffID))
		return
	}
	seen := map[string]bool{}
	for i, item := range list {
		obj, isObj := item.(map[string]any)
		if !isObj {
			b.add("contacts", fmt.Sprintf("Contact %d: %s", i+1, msgExpectedObject))
			continue
		}
		if e, isStr := obj["email"].(string); isStr && strings.TrimSpace(e) != "" {
			key := strings.ToLower(strings.TrimSpace(e))
			if seen[key] {
				b.add("contacts", fmt.Sprintf("Contact %d: email: duplicate in this request.", i+1))
				continue
			}
			seen[key] = true
			if c := s.st.contactByEmail(e); c != nil {
				plan.contacts = append(plan.contacts, newContact{link: c.ID})
				continue
			}
		}
		cp, fe := s.st.planContact(nil, obj, false, planOptions{})
		for _, e := range fe {
			for _, m := range e.Errors {
				b.add("contacts", fmt.Sprintf("Contact %d: %s: %s", i+1, e.Field, m))
			}
		}
		if fe.empty() {
			plan.contacts = append(plan.contacts, newContact{plan: cp})
		}
	}
}

// createAsset serves POST /assets/?asset_type=<id> (§3.3 H). The type is in
// the query string; unlike GET, a missing asset_type is an error here (L:
// documented as required; the GET fallback is only evidenced for listing).
func (s *Server) createAsset(rq *request) *reply {
	typeID, present, valid := queryInt(rq.query, "asset_type")
	if !present {
		return errB("asset_type", msgRequired)
	}
	t := s.st.assetTypes[typeID]
	if !valid || t == nil {
		return errB("asset_type", msgInvalidChoice)
	}
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	b := shapeBErrors{}
	plan := s.planAsset(body, t, true, rq.form, b)
	createdBy, msg := s.st.assetStaffError(body["created_by"])
	if rep := s.forbidden(body["created_by"], msg); rep != nil {
		return rep
	}
	if msg != "" {
		b.add("created_by", msg)
	}
	s.planNewContacts(body, createdBy, plan, b)
	if len(b) > 0 {
		return shapeB(b)
	}
	now := s.now().UTC()
	a := &Asset{
		ID: s.st.nextID("asset"), Name: *plan.name, DisplayID: *plan.displayID, AssetTypeID: t.ID,
		ContactIDs: []int64{}, ContactGroupIDs: []int64{}, CustomFields: map[int64]any{},
		CreatedBy: createdBy, CreatedAt: now, UpdatedAt: now,
	}
	s.applyAssetPlan(a, plan, now)
	s.st.assets[a.ID] = a
	if s.st.a.AssetCreateAnswer == "no-asset-type" {
		m := asJSONObject(s.renderAsset(a)) // asset-create-answer=no-asset-type, as KB1201's example (§3.1)
		delete(m, "asset_type")
		return ok(m)
	}
	return ok(s.renderAsset(a))
}

// forbidden answers 403 when staff lacks the Manage Assets permission and forbidden=403-* (nil otherwise).
func (s *Server) forbidden(staff any, msg string) *reply {
	if !strings.Contains(msg, "permission") {
		return nil
	}
	return forbiddenReply(s.st.a, "You do not have permission to perform this action (staff "+show(staff)+").")
}

func (s *Server) applyAssetPlan(a *Asset, plan *assetPlan, now time.Time) {
	if plan.name != nil {
		a.Name = *plan.name
	}
	if plan.displayID != nil {
		a.DisplayID = *plan.displayID
	}
	// asset-contact-ids=add: the ids sent are added to the linked sets instead of replacing them (§3.4 L).
	add := s.st.a.AssetContactIDs == "add"
	if plan.setContacts {
		if add {
			a.ContactIDs = dedupe(append(slices.Clone(a.ContactIDs), plan.contactIDs...))
		} else {
			a.ContactIDs = plan.contactIDs
		}
	}
	if plan.setGroups {
		if add {
			a.ContactGroupIDs = dedupe(append(slices.Clone(a.ContactGroupIDs), plan.groupIDs...))
		} else {
			a.ContactGroupIDs = plan.groupIDs
		}
	}
	for id, v := range plan.values {
		if v == nil {
			delete(a.CustomFields, id)
		} else {
			a.CustomFields[id] = v
		}
	}
	for _, nc := range plan.contacts {
		id := nc.link
		if nc.plan != nil {
			id = s.st.applyContact(nc.plan, now).ID
		}
		a.ContactIDs = append(a.ContactIDs, id)
	}
	a.ContactIDs = dedupe(a.ContactIDs)
}

// updateAsset serves PUT /asset/<id>/ (§3.4). updated_by is required (H).
// It is a partial update (M): fields left out are kept; contact_ids and
// contact_group_ids REPLACE the linked sets when present (L); custom_fields
// updates the keys present (null clears) and keeps the others ("?").
func (s *Server) updateAsset(rq *request) *reply {
	a := s.asset(rq)
	if a == nil {
		return s.notFound("Asset")
	}
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	b := shapeBErrors{}
	t := s.st.assetTypes[a.AssetTypeID]
	if t == nil {
		t = &AssetType{ID: a.AssetTypeID}
	}
	plan := s.planAsset(body, t, false, rq.form, b)
	updatedBy, msg := s.st.assetStaffError(body["updated_by"])
	if rep := s.forbidden(body["updated_by"], msg); rep != nil {
		return rep
	}
	if msg != "" {
		b.add("updated_by", msg)
	}
	if len(b) > 0 {
		return shapeB(b)
	}
	now := s.now().UTC()
	if s.st.a.AssetPutOmittedFields == "reset" {
		// asset-put-omitted-fields=reset (§3.4 "?"): every custom field the body leaves out is cleared.
		for id := range a.CustomFields {
			if _, sent := plan.values[id]; !sent {
				delete(a.CustomFields, id)
			}
		}
	}
	s.applyAssetPlan(a, plan, now)
	a.UpdatedBy = &updatedBy
	a.UpdatedAt = now
	return ok(s.renderAsset(a))
}

// deleteAsset serves DELETE /asset/<id>/?deleted_by=<staff> (§3.5: request
// H, response "?"). Answers 200 {"message":"Asset deleted successfully"}
// (L); an unknown asset is not found; a missing or invalid deleted_by is
// shape B.
func (s *Server) deleteAsset(rq *request) *reply {
	a := s.asset(rq)
	if a == nil {
		return s.notFound("Asset")
	}
	var raw any
	if v := rq.query.Get("deleted_by"); v != "" {
		raw = v
	}
	if _, msg := s.st.assetStaffError(raw); msg != "" {
		if rep := s.forbidden(raw, msg); rep != nil {
			return rep
		}
		return errB("deleted_by", msg)
	}
	delete(s.st.assets, a.ID)
	switch s.st.a.AssetDeleteAnswer {
	case "204":
		return &reply{status: http.StatusNoContent, raw: []byte{}, ctype: "text/plain; charset=utf-8"}
	case "empty":
		return emptyReply(http.StatusOK)
	}
	return ok(map[string]any{"message": "Asset deleted successfully"})
}

// ---------- asset types, §3.7 ----------

type assetTypeOut struct {
	ID          int64           `json:"id"`
	Name        string          `json:"name"`
	Description *string         `json:"description"`
	Settings    map[string]bool `json:"settings"`
}

func (s *Server) renderAssetType(t *AssetType) assetTypeOut {
	set := map[string]bool{
		"enable_ticket_association":        t.Settings.EnableTicketAssociation,
		"enable_contact_association":       t.Settings.EnableContactAssociation,
		"enable_asset_quantity_for_ticket": t.Settings.EnableAssetQuantityForTicket,
	}
	if s.st.a.AssetShape != "2025" { // 2026 revision only
		set["enable_asset_type_visibility_to_contact"] = t.Settings.EnableAssetTypeVisibilityToContact
	}
	return assetTypeOut{t.ID, t.Name, t.Description, set}
}

// GET /asset_types/ is a paginated envelope, not a bare array (§3.7 H).
func (s *Server) listAssetTypes(rq *request) *reply {
	items := []any{}
	for _, id := range sortedIDs(s.st.assetTypes) {
		items = append(items, s.renderAssetType(s.st.assetTypes[id]))
	}
	return s.page(items, rq.query)
}

func (s *Server) getAssetType(rq *request) *reply {
	id, _ := pathID(rq)
	t := s.st.assetTypes[id]
	if t == nil {
		return s.notFound("AssetType")
	}
	return ok(s.renderAssetType(t))
}
