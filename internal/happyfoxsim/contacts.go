package happyfoxsim

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ---------- rendering, §2.1 ----------

type phoneOut struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Number    string `json:"number"`
	IsPrimary bool   `json:"is_primary"` // §2.1: T4E lists it; docs don't (L)
}

type contactGroupRefOut struct {
	ID                      int64  `json:"id"`
	Name                    string `json:"name"`
	Description             string `json:"description"`
	TaggedDomains           string `json:"tagged_domains"`
	AccessAllTicketsInGroup bool   `json:"access_all_tickets_in_group"`
}

type contactOut struct {
	ID                  int64                `json:"id"`
	Name                string               `json:"name"`
	Email               *string              `json:"email"`
	PrimaryPhone        *phoneOut            `json:"primary_phone"`
	Phones              []phoneOut           `json:"phones"`
	IsLoginEnabled      bool                 `json:"is_login_enabled"` // §2.1: M/L (T4E reads it)
	CreatedAt           *string              `json:"created_at"`
	UpdatedAt           *string              `json:"updated_at"`
	PendingTicketsCount int                  `json:"pending_tickets_count"`
	TicketsCount        int                  `json:"tickets_count"`
	ContactGroups       []contactGroupRefOut `json:"contact_groups"`
	CustomFields        []userValueOut       `json:"custom_fields"`
}

// contactAnswer renders a contact as answered: with contact-optional-fields=absent, without is_login_enabled,
// without the phones' is_primary, and without phones and primary_phone when it has none (§2.1 M/L).
func (st *state) contactAnswer(c *Contact) any {
	o := st.renderContact(c)
	if st.a.ContactOptionalFields != "absent" {
		return o
	}
	m := asJSONObject(o)
	delete(m, "is_login_enabled")
	if len(c.Phones) == 0 {
		delete(m, "phones")
		delete(m, "primary_phone")
	}
	for _, key := range []string{"phones", "primary_phone"} {
		switch x := m[key].(type) {
		case []any:
			for _, p := range x {
				if pm, isMap := p.(map[string]any); isMap {
					delete(pm, "is_primary")
				}
			}
		case map[string]any:
			delete(x, "is_primary")
		}
	}
	return m
}

func (st *state) renderContact(c *Contact) contactOut {
	o := contactOut{
		ID: c.ID, Name: c.Name, Phones: []phoneOut{}, IsLoginEnabled: c.IsLoginEnabled,
		CreatedAt: contactTime(c.CreatedAt), ContactGroups: []contactGroupRefOut{},
		CustomFields: st.renderUserValues(c.CustomFields),
	}
	if c.Email != "" {
		o.Email = strPtr(c.Email)
	}
	if c.UpdatedAt != nil {
		o.UpdatedAt = contactTime(*c.UpdatedAt)
	}
	primary := -1
	for i, ph := range c.Phones {
		o.Phones = append(o.Phones, phoneOut(ph))
		if ph.IsPrimary && primary < 0 {
			primary = i
		}
	}
	// primary_phone mirrors the primary phone, else the first, else null (§2.1 H for null).
	if primary < 0 && len(c.Phones) > 0 {
		primary = 0
	}
	if primary >= 0 {
		p := o.Phones[primary]
		o.PrimaryPhone = &p
	}
	for _, m := range st.memberships(c.ID) {
		g := st.groups[m.GroupID]
		o.ContactGroups = append(o.ContactGroups, contactGroupRefOut{g.ID, g.Name, g.Description, g.TaggedDomains, m.AccessTickets})
	}
	return o
}

// ---------- GET /users/, §2.2 ----------

type searchTerm struct{ field, value string }

// parseSearch splits q into space-separated field:value terms, ANDed (§2.2 H).
// name: case-insensitive substring; email: case-insensitive exact; phone:
// digits contained in a phone's digits (leading + dropped, L);
// updated_since / created_since and unknown fields are ignored (their format
// is "?"); a bare word matches a name or email substring (L).
func parseSearch(q string) []searchTerm {
	var terms []searchTerm
	for _, t := range strings.Fields(q) {
		f, v, found := strings.Cut(t, ":")
		if !found {
			terms = append(terms, searchTerm{"", t})
			continue
		}
		terms = append(terms, searchTerm{strings.ToLower(f), v})
	}
	return terms
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func (st *state) matches(c *Contact, terms []searchTerm) bool {
	for _, t := range terms {
		v := strings.ToLower(t.value)
		switch t.field {
		case "name":
			if !strings.Contains(strings.ToLower(c.Name), v) {
				return false
			}
		case "email":
			// search-email=substring: a full-text search matches every e-mail containing the text.
			if st.a.SearchEmail == "substring" {
				if !strings.Contains(strings.ToLower(c.Email), v) {
					return false
				}
			} else if c.Email == "" || !st.a.sameKey(c.Email, t.value) {
				return false
			}
		case "phone":
			d := digits(t.value)
			found := false
			for _, ph := range c.Phones {
				if d != "" && strings.Contains(digits(ph.Number), d) {
					found = true
				}
			}
			if !found {
				return false
			}
		case "":
			if !strings.Contains(strings.ToLower(c.Name), v) && !strings.Contains(strings.ToLower(c.Email), v) {
				return false
			}
		}
	}
	return true
}

func (s *Server) listContacts(rq *request) *reply {
	terms := parseSearch(rq.query.Get("q"))
	items := []any{}
	for _, id := range sortedIDs(s.st.contacts) {
		if c := s.st.contacts[id]; s.st.matches(c, terms) {
			item := s.st.contactAnswer(c)
			if s.st.a.ListFields == "fewer" {
				// list-fields=fewer: a list item lacks what the single GET adds.
				m := asJSONObject(item)
				delete(m, "custom_fields")
				delete(m, "contact_groups")
				delete(m, "phones")
				item = m
			}
			items = append(items, item)
		}
	}
	return s.page(items, rq.query)
}

// ---------- GET /user/<id or email>/, §2.3 ----------

func (st *state) lookupContact(key string) *Contact {
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		return st.contacts[id]
	}
	return st.contactByEmail(key)
}

func (s *Server) getContact(rq *request) *reply {
	c := s.st.lookupContact(rq.id)
	if c == nil {
		return s.notFound("User")
	}
	return ok(s.st.contactAnswer(c))
}

// ---------- create / update ----------

var phoneTypes = []string{"mo", "w", "m", "h", "o"}

// contactPlan is a validated change, applied only when the whole payload is
// valid (Django forms are all-or-nothing).
type contactPlan struct {
	target    *Contact // nil: create
	name      *string
	email     *string // "" = null
	phones    []Phone // new full list; ID 0 = new phone
	phonesSet bool
	login     *bool
	values    map[int64]any
}

// planOptions are what differs between the paths that take a contact payload.
type planOptions struct {
	keepOmitted  bool // keep the custom fields the payload leaves out (POST user/<id>/ with contact-update-custom-fields=kept)
	ignorePhones bool // leave the phones alone (POST user/<id>/ with contact-update-phones=users-only)
}

// customField returns a stored custom field value of c (nil c: none).
func (c *Contact) customField(id int64) (any, bool) {
	if c == nil {
		return nil, false
	}
	v, set := c.CustomFields[id]
	return v, set
}

// planContact validates a contact payload (§2.4 / §2.6) against target (nil
// to create).
func (st *state) planContact(target *Contact, p map[string]any, form bool, opts planOptions) (*contactPlan, fieldErrors) {
	var fe fieldErrors
	plan := &contactPlan{target: target, values: map[int64]any{}}

	// name: required for a new contact; on update a present name must not be blank.
	if v, has := p["name"]; has && v != nil {
		str, isStr := v.(string)
		switch {
		case !isStr:
			fe.add("name", msgValue)
		case strings.TrimSpace(str) == "":
			fe.add("name", msgRequired)
		default:
			plan.name = strPtr(st.a.cleanName(str))
		}
	} else if target == nil || has {
		fe.add("name", msgRequired)
	}

	email := ""
	if target != nil {
		email = target.Email
	}
	if v, has := p["email"]; has {
		switch x := v.(type) {
		case nil:
			email = ""
			plan.email = strPtr("")
		case string:
			e := st.a.cleanEmail(x)
			switch {
			case strings.TrimSpace(e) == "":
				email = ""
				plan.email = strPtr("")
			case !validEmail(strings.TrimSpace(e)):
				fe.add("email", msgEmail)
			default:
				if other := st.contactByEmail(e); other != nil && other != target {
					fe.add("email", "User with this Email already exists.")
				} else {
					email = e
					plan.email = strPtr(e)
				}
			}
		default:
			fe.add("email", msgEmail)
		}
	}

	// Phones (§2.4, H): an entry with "id" edits that phone, an entry without
	// "id" is ADDED. Phones not mentioned in the payload are KEPT: this is an
	// inference (L) — the API documents no way to delete a phone, so an
	// omitted phone cannot mean "delete". A client that re-sends phones
	// without their ids therefore creates duplicates.
	// contact-phones=replaced: the phones sent are the contact's phones; those left out are deleted.
	var phones []Phone
	if target != nil {
		phones = slices.Clone(target.Phones)
	}
	if v, has := p["phones"]; has && v != nil && !opts.ignorePhones {
		list, isList := v.([]any)
		if !isList {
			fe.add("phones", msgList)
		} else {
			phones = st.planPhones(phones, list, &fe)
			plan.phones, plan.phonesSet = phones, true
		}
	}
	// §2.4: the email key may be null, but then phones are required.
	if email == "" && len(phones) == 0 && !hasField(fe, "email") {
		fe.add("phones", msgRequired)
	}

	if v, has := p["is_login_enabled"]; has && v != nil {
		b, isBool := asBool(v)
		if !isBool {
			fe.add("is_login_enabled", msgInvalidChoiceValue(show(v)))
		} else {
			plan.login = &b
		}
	}

	// Custom fields (§2.4, H): "Custom fields that are passed in the payload
	// will be updated and all other fields' values will be reset." Every
	// field missing from the payload is reset to null, on create and on both
	// update paths (M that it applies to POST /user/<id>/). Unknown c-cf ids
	// are ignored (L, Django ignores unknown form keys).
	for _, f := range st.userFieldsOrdered() {
		key := "c-cf-" + strconv.FormatInt(f.ID, 10)
		v, has := p[key]
		if !has {
			if old, set := target.customField(f.ID); opts.keepOmitted && set {
				plan.values[f.ID] = old // contact-update-custom-fields=kept
				continue
			}
			if f.Required {
				fe.add(key, msgRequired)
			}
			continue
		}
		nv, msg := normalizeUserValue(f, v, form)
		if str, isStr := nv.(string); isStr && (f.Type == "text" || f.Type == "textarea") {
			nv = st.a.cleanValue(str)
		}
		switch {
		case msg != "":
			fe.add(key, msg)
		case nv == nil && f.Required:
			fe.add(key, msgRequired)
		case nv != nil:
			plan.values[f.ID] = nv
		}
	}
	return plan, fe
}

func hasField(fe fieldErrors, field string) bool {
	for _, e := range fe {
		if e.Field == field {
			return true
		}
	}
	return false
}

func (st *state) planPhones(phones []Phone, list []any, fe *fieldErrors) []Phone {
	old := phones
	if st.a.ContactPhones == "replaced" {
		phones = nil
	}
	primary := -1
	for i, item := range list {
		n := i + 1
		obj, isObj := item.(map[string]any)
		if !isObj {
			fe.add("phones", fmt.Sprintf("Phone %d: expected an object.", n))
			continue
		}
		idx, isNew := -1, false
		if rawID, has := obj["id"]; has && rawID != nil {
			pid, _ := asInt(rawID)
			for j := range phones {
				if phones[j].ID == pid && pid != 0 {
					idx = j
				}
			}
			if k := slices.IndexFunc(old, func(p Phone) bool { return p.ID == pid && pid != 0 }); idx < 0 && k >= 0 {
				phones = append(phones, old[k]) // contact-phones=replaced: a phone sent with its id stays
				idx = len(phones) - 1
			}
			if idx < 0 {
				fe.add("phones", fmt.Sprintf("Phone %d: id %s: %s", n, show(rawID), msgInvalidChoice))
				continue
			}
		} else {
			phones = append(phones, Phone{Type: "o"}) // type defaults to "o" (§2.4 H)
			idx, isNew = len(phones)-1, true
		}
		if t, has := obj["type"]; has && t != nil {
			ts, _ := t.(string)
			code := strings.ToLower(strings.TrimSpace(ts))
			if !slices.Contains(phoneTypes, code) {
				fe.add("phones", fmt.Sprintf("Phone %d: type: %s", n, msgInvalidChoiceValue(show(t))))
			} else {
				phones[idx].Type = code
			}
		}
		if num, has := obj["number"]; has && num != nil {
			var str string
			switch x := num.(type) {
			case string:
				str = st.a.cleanName(x)
			case json.Number:
				str = x.String()
			}
			if strings.TrimSpace(str) == "" {
				fe.add("phones", fmt.Sprintf("Phone %d: number: %s", n, msgRequired))
			} else {
				phones[idx].Number = str
			}
		} else if isNew {
			fe.add("phones", fmt.Sprintf("Phone %d: number: %s", n, msgRequired))
		}
		if b, has := obj["is_primary"]; has && b != nil {
			bv, isBool := asBool(b)
			if !isBool {
				fe.add("phones", fmt.Sprintf("Phone %d: is_primary: %q value must be either True or False.", n, show(b)))
			} else {
				phones[idx].IsPrimary = bv
				if bv {
					primary = idx
				}
			}
		}
	}
	// At most one primary: the last phone marked is_primary=true wins (L).
	if primary >= 0 {
		for j := range phones {
			phones[j].IsPrimary = j == primary
		}
	}
	return phones
}

func (st *state) applyContact(plan *contactPlan, now time.Time) *Contact {
	c := plan.target
	if c == nil {
		// is_login_enabled defaults to TRUE for new contacts (§2.4 H);
		// updated_at stays null until the first update.
		c = &Contact{ID: st.nextID("contact"), IsLoginEnabled: true, CreatedAt: now.UTC()}
		st.contacts[c.ID] = c
	} else {
		t := now.UTC()
		c.UpdatedAt = &t
	}
	if plan.name != nil {
		c.Name = *plan.name
	}
	if plan.email != nil {
		c.Email = *plan.email
	}
	if plan.phonesSet {
		for i := range plan.phones {
			if plan.phones[i].ID == 0 {
				plan.phones[i].ID = st.nextID("phone")
			}
		}
		c.Phones = plan.phones
	}
	if plan.login != nil {
		c.IsLoginEnabled = *plan.login
	}
	c.CustomFields = plan.values
	return c
}

// upsertContact implements one POST /users/ payload (§2.4, H): the email key
// is required (may be null); a payload whose email matches an existing
// contact case-insensitively EDITS that contact, otherwise a contact is
// created. A null email never matches (phone-only contacts are always new; L).
func (st *state) upsertContact(p map[string]any, form bool, now time.Time) (*Contact, fieldErrors) {
	rawEmail, hasEmail := p["email"]
	var target *Contact
	if e, isStr := rawEmail.(string); isStr {
		target = st.contactByEmail(st.a.cleanEmail(e))
	}
	if target != nil && st.a.ExistingEmailCreate == "refused" {
		return nil, fieldErrors{{Field: "email", Errors: []string{"User with this Email already exists."}}}
	}
	plan, fe := st.planContact(target, p, form, planOptions{})
	if !hasEmail {
		fe = append(fieldErrors{{Field: "email", Errors: []string{msgRequired}}}, fe...)
	}
	if !fe.empty() {
		return nil, fe
	}
	return st.applyContact(plan, now), nil
}

const maxBulk = 100

// postUsers serves POST /users/: a single object (create or edit, §2.4) or a
// JSON array (bulk, ≤100, §2.5 H). Bulk answers 200 with per-item results
// in payload order; a failed item carries "error" in shape A (L by analogy
// with bulk ticket create).
func (s *Server) postUsers(rq *request) *reply {
	switch b := rq.body.(type) {
	case map[string]any:
		c, fe := s.st.upsertContact(b, rq.form, s.now())
		if fe != nil {
			return shapeA(fe)
		}
		return ok(s.st.contactAnswer(c))
	case []any:
		if len(b) > maxBulk {
			return errA("__all__", fmt.Sprintf("Ensure this list has at most %d items (it has %d).", maxBulk, len(b)))
		}
		results := []any{}
		failed, created := 0, 0
		for _, item := range b {
			obj, isObj := item.(map[string]any)
			if !isObj {
				results = append(results, map[string]any{"email": nil, "success": false,
					"error": fieldErrors{{Field: "__all__", Errors: []string{msgExpectedObject}}}})
				continue
			}
			var email any
			if e, isStr := obj["email"].(string); isStr {
				email = e
			}
			fe := s.bulkRejection(obj)
			var c *Contact
			before := s.st.nextContactIDForBulk()
			if fe == nil {
				c, fe = s.st.upsertContact(obj, false, s.now())
			}
			if fe != nil {
				failed++
				key := "error"
				if s.st.a.BulkErrorKey == "errors" {
					key = "errors"
				}
				results = append(results, map[string]any{"email": email, "success": false, key: fe})
				continue
			}
			if c.ID >= before {
				created++
			}
			email = nil
			if c.Email != "" {
				email = c.Email
			}
			results = append(results, map[string]any{"email": email, "success": true, "id": c.ID})
		}
		if s.st.a.BulkEmail == "absent" {
			for _, r := range results {
				if m, isMap := r.(map[string]any); isMap {
					delete(m, "email")
				}
			}
		}
		if s.st.a.BulkOrder == "reversed" {
			slices.Reverse(results)
		}
		return s.bulkDone(len(b), failed, created, s.shapeC(results))
	}
	return errA("__all__", "Expected a JSON object or a list of objects.")
}

// updateContact serves POST /user/<id or email>/ (§2.6 H). Same field rules
// as POST /users/, but the email key is optional and the name may be left out.
func (s *Server) updateContact(rq *request) *reply {
	c := s.st.lookupContact(rq.id)
	if c == nil {
		return s.notFound("User")
	}
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	plan, fe := s.st.planContact(c, body, rq.form, planOptions{
		keepOmitted:  s.st.a.ContactUpdateCustomFields == "kept",
		ignorePhones: s.st.a.ContactUpdatePhones == "users-only",
	})
	if !fe.empty() {
		return shapeA(fe)
	}
	return ok(s.st.contactAnswer(s.st.applyContact(plan, s.now())))
}
