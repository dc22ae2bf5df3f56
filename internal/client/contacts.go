package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// Contact is a HappyFox contact ("user", docs/dev/happyfox-api.md §2.1).
type Contact struct {
	ID             int64
	Name           string
	Email          string // "" when null (phone-only contacts, §2.4)
	Phones         []Phone
	IsLoginEnabled *bool // nil when the response has no is_login_enabled (M/L, §2.1)
	CustomFields   []ContactFieldValue
	Groups         []ContactGroupRef
	CreatedAt      string // "YYYY-MM-DD HH:MM:SS" UTC, or "" (§1 Timestamps, H)
	UpdatedAt      string
}

// Phone is one contact phone (§2.1, §2.4). Type codes: mo, w, m, h, o.
type Phone struct {
	ID        int64 // 0 = new phone in ContactInput
	Type      string
	Number    string
	IsPrimary bool // from is_primary (L), else derived from primary_phone (H)
}

// ContactFieldValue is one contact custom field value (§2.1). Value and
// ValueID are raw JSON-decoded values (float64, string, bool, nil, []any,
// map[string]any); for choice fields value is probably the text and value_id
// the id or ids (L).
type ContactFieldValue struct {
	ID      int64
	Name    string
	Type    string
	Value   any
	ValueID any
}

// ContactGroupRef is one of a contact's groups, with the member's ticket
// access flag access_all_tickets_in_group (§2.1, H).
type ContactGroupRef struct {
	ID               int64
	Name             string
	AccessAllTickets bool
	AccessShown      bool // the answer carried the flag (under one of its three names, §6.10)
}

// ContactInput is the body of a contact create or update (§2.4, §2.6).
type ContactInput struct {
	Name           string  // sent when non-empty (required to create)
	Email          string  // always sent; "" is sent as null (§2.4: key required, may be null)
	Phones         []Phone // nil → not sent; ID 0 = add a phone, ID ≠ 0 = edit it (§2.4)
	IsLoginEnabled *bool   // sent as "TRUE"/"FALSE" (§2.4, H)
	// CustomFields are sent as "c-cf-<id>". HappyFox resets every custom
	// field left out of the payload (§2.4, H; §6.9), so the caller must pass
	// the COMPLETE set of values it wants to keep.
	CustomFields map[int64]any
}

type rawPhone struct {
	ID        ID         `json:"id"`
	Type      flexString `json:"type"`
	Number    flexString `json:"number"`
	IsPrimary *flexBool  `json:"is_primary"`
}

type rawContactField struct {
	ID      ID              `json:"id"`
	Name    flexString      `json:"name"`
	Type    flexString      `json:"type"`
	Value   json.RawMessage `json:"value"`
	ValueID json.RawMessage `json:"value_id"`
}

type rawGroupRef struct {
	ID     ID         `json:"id"`
	Name   flexString `json:"name"`
	All    *flexBool  `json:"access_all_tickets_in_group"`
	Access *flexBool  `json:"access_tickets"`
	View   *flexBool  `json:"view_tickets_in_group"`
}

type rawContact struct {
	ID             ID                `json:"id"`
	Name           flexString        `json:"name"`
	Email          flexString        `json:"email"`
	PrimaryPhone   json.RawMessage   `json:"primary_phone"`
	Phones         []json.RawMessage `json:"phones"`
	IsLoginEnabled *flexBool         `json:"is_login_enabled"`
	CustomFields   []rawContactField `json:"custom_fields"`
	ContactGroups  []rawGroupRef     `json:"contact_groups"`
	CreatedAt      flexString        `json:"created_at"`
	UpdatedAt      flexString        `json:"updated_at"`
}

// decodeContact decodes a contact object (§2.1). phones, primary_phone,
// contact_groups and custom_fields may each be missing or null (§2.1: R7's
// fixture lacks phones).
func decodeContact(data []byte) (Contact, error) {
	var r rawContact
	if err := decodeObject(data, &r); err != nil {
		return Contact{}, fmt.Errorf("decoding contact: %w", err)
	}
	c := Contact{
		ID:        int64(r.ID),
		Name:      string(r.Name),
		Email:     string(r.Email),
		CreatedAt: string(r.CreatedAt),
		UpdatedAt: string(r.UpdatedAt),
	}
	if r.IsLoginEnabled != nil {
		v := bool(*r.IsLoginEnabled)
		c.IsLoginEnabled = &v
	}
	// primary_phone is an object or null (§2.1, H); a bare id is tolerated.
	var primary *rawPhone
	if !isNull(r.PrimaryPhone) {
		var pp rawPhone
		if err := decodeObject(r.PrimaryPhone, &pp); err != nil {
			var x ref
			if x.UnmarshalJSON(r.PrimaryPhone) != nil {
				return Contact{}, fmt.Errorf("decoding contact %d primary_phone: %w", c.ID, err)
			}
			pp = rawPhone{ID: ID(x.ID)}
		}
		primary = &pp
	}
	for i, raw := range r.Phones {
		if isNull(raw) {
			continue
		}
		var p rawPhone
		if err := decodeObject(raw, &p); err != nil {
			return Contact{}, fmt.Errorf("decoding contact %d phone %d: %w", c.ID, i, err)
		}
		ph := Phone{ID: int64(p.ID), Type: string(p.Type), Number: string(p.Number)}
		switch {
		case p.IsPrimary != nil:
			ph.IsPrimary = bool(*p.IsPrimary)
		case primary != nil && primary.ID != 0:
			ph.IsPrimary = ph.ID == int64(primary.ID)
		case primary != nil:
			ph.IsPrimary = ph.Number == string(primary.Number) && ph.Type == string(primary.Type)
		}
		c.Phones = append(c.Phones, ph)
	}
	for _, f := range r.CustomFields {
		v, err := decodeAny(f.Value)
		if err != nil {
			return Contact{}, fmt.Errorf("decoding contact %d custom field %d: %w", c.ID, f.ID, err)
		}
		vid, err := decodeAny(f.ValueID)
		if err != nil {
			return Contact{}, fmt.Errorf("decoding contact %d custom field %d: %w", c.ID, f.ID, err)
		}
		c.CustomFields = append(c.CustomFields, ContactFieldValue{ID: int64(f.ID), Name: string(f.Name), Type: string(f.Type), Value: v, ValueID: vid})
	}
	for _, g := range r.ContactGroups {
		ref := ContactGroupRef{ID: int64(g.ID), Name: string(g.Name)}
		for _, f := range []*flexBool{g.All, g.Access, g.View} {
			if f != nil {
				ref.AccessAllTickets, ref.AccessShown = bool(*f), true
				break
			}
		}
		c.Groups = append(c.Groups, ref)
	}
	return c, nil
}

func (in ContactInput) body() (map[string]any, error) {
	b := map[string]any{}
	if in.Name != "" {
		b["name"] = in.Name
	}
	if in.Email != "" {
		b["email"] = in.Email
	} else {
		b["email"] = nil
	}
	if in.Phones != nil {
		phones := make([]map[string]any, 0, len(in.Phones))
		for _, p := range in.Phones {
			m := map[string]any{"number": p.Number, "is_primary": p.IsPrimary}
			if p.Type != "" {
				m["type"] = p.Type
			}
			if p.ID != 0 {
				m["id"] = p.ID
			}
			phones = append(phones, m)
		}
		b["phones"] = phones
	}
	if in.IsLoginEnabled != nil {
		if *in.IsLoginEnabled {
			b["is_login_enabled"] = "TRUE"
		} else {
			b["is_login_enabled"] = "FALSE"
		}
	}
	for id, v := range in.CustomFields {
		if id <= 0 {
			return nil, fmt.Errorf("invalid contact custom field id %d", id)
		}
		b[ContactCustomFieldName(itoa(id))] = v
	}
	return b, nil
}

// GetContact returns one contact: GET user/<id>/ (§2.3, H).
func (c *Client) GetContact(ctx context.Context, id int64) (*Contact, error) {
	if err := checkID("contact", id); err != nil {
		return nil, err
	}
	if ct, ok := c.reads.fresh.take(id); ok {
		return ct, nil // the answer of this Client's last write of it (fresh_reads.go)
	}
	return c.getContact(ctx, objectPath("user", id))
}

// RefreshContact returns the contact for a refresh. It is GetContact, except that when many contacts are read
// through the same Client they are served from the paged list GET users/ (readpath.go).
func (c *Client) RefreshContact(ctx context.Context, id int64) (*Contact, error) {
	if err := checkID("contact", id); err != nil {
		return nil, err
	}
	ctx = WithPurpose(ctx, ForRefresh)
	if raw, ok := c.reads.read(ctx, c, contactReadKind, id); ok {
		if ct, err := decodeContact(raw); err == nil && ct.ID == id {
			return &ct, nil
		}
	}
	return c.getContact(ctx, objectPath("user", id))
}

func (c *Client) getContact(ctx context.Context, rel string) (*Contact, error) {
	body, err := c.get(ctx, rel, nil)
	if err != nil {
		return nil, err
	}
	ct, err := decodeContact(body)
	if err != nil {
		return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
	}
	c.reads.shapes.sawSingle(contactReadKind.family, body) // which fields this HappyFox answers (list_items.go)
	return &ct, nil
}

// contactEmailPath builds "user/<email>/" with the email raw in the path
// (§2.3, H) but path-escaped, refusing values that would change the path.
func contactEmailPath(email string) (string, error) {
	e := strings.TrimSpace(email)
	if e == "" || e == "." || e == ".." || strings.ContainsAny(e, "/\\") || hasControl(e) {
		return "", fmt.Errorf("invalid contact email %q", truncate(email, 100))
	}
	return "user/" + url.PathEscape(e) + "/", nil
}

// GetContactByEmail returns the contact with that email: GET user/<email>/
// (§2.3, H). The answer for an unknown email is undocumented; a 404 or any
// 400 makes IsNotFound(err) true (§1 404 row: public scripts treat any
// non-2xx as "no such contact").
func (c *Client) GetContactByEmail(ctx context.Context, email string) (*Contact, error) {
	rel, err := contactEmailPath(email)
	if err != nil {
		return nil, err
	}
	ct, err := c.getContact(ctx, rel)
	var ae *APIError
	if errors.As(err, &ae) && (ae.StatusCode == http.StatusBadRequest || ae.StatusCode == http.StatusNotFound) {
		ae.notFound = true
	}
	return ct, err
}

// ListContacts returns every contact: GET users/?size=50&page=N (§2.2, H).
func (c *Client) ListContacts(ctx context.Context) ([]Contact, error) {
	return fetchList(ctx, c, "users/", nil, true, decodeContact)
}

// SearchContacts returns every contact matching all terms: GET
// users/?q=field:value field:value (§2.2, H; fields name, email, phone,
// updated_since, created_since). Terms are sorted by field for a stable
// query; a leading "+" is dropped from phone values as documented. How
// HappyFox parses values containing spaces is unknown.
func (c *Client) SearchContacts(ctx context.Context, terms map[string]string) ([]Contact, error) {
	if len(terms) == 0 {
		return c.ListContacts(ctx)
	}
	keys := make([]string, 0, len(terms))
	for k := range terms {
		if k == "" || strings.ContainsAny(k, ": \t\r\n") {
			return nil, fmt.Errorf("invalid contact search field %q", k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := terms[k]
		if k == "phone" {
			v = strings.TrimPrefix(v, "+")
		}
		parts = append(parts, k+":"+v)
	}
	q := url.Values{"q": {strings.Join(parts, " ")}}
	return fetchList(ctx, c, "users/", q, true, decodeContact)
}

// CreateContact creates a contact: POST users/ with one object (§2.4, H).
// Note (§2.4, M): when the email belongs to an existing contact, HappyFox
// edits that contact instead of creating one.
//
// A create with an e-mail sends no phones and must be answered with a contact it created, as in
// CreateContactBatched (contacts_created_here.go).
func (c *Client) CreateContact(ctx context.Context, in ContactInput) (*Contact, error) {
	const rel = "users/"
	if in.Email != "" {
		in.Phones = nil
	}
	b, err := in.body()
	if err != nil {
		return nil, err
	}
	guard := c.createGuard()
	// What the create may have changed (with an e-mail, HappyFox may edit the contact that has it, §2.4) is dropped
	// by do (cache_invalidation.go). The answer is not kept for the read-back: the read-back is what confirms the
	// answer's id (an answer cannot confirm itself).
	body, err := c.do(ctx, http.MethodPost, rel, nil, b)
	if err != nil {
		return nil, err
	}
	ct, err := c.contactFromWrite(ctx, rel, body, 0, in.Email)
	if ct != nil {
		if m := ContactMismatch(in, ct); m != nil {
			return nil, createMismatch(rel, m)
		}
		if in.Email != "" {
			if why := guard.claimedElsewhere(ct); why != "" {
				return nil, &ContactClaimedError{Email: in.Email, ID: ct.ID, Reason: why, Edited: true}
			}
		}
	}
	return ct, err
}

// UpdateContact edits a contact: POST user/<id>/ (§2.6, H). The email is
// always sent (§2.6: send the current email with phone edits, M), so the
// caller must pass the contact's current (or new) email; "" is sent as null.
func (c *Client) UpdateContact(ctx context.Context, id int64, in ContactInput) (*Contact, error) {
	if err := checkID("contact", id); err != nil {
		return nil, err
	}
	rel := objectPath("user", id)
	b, err := in.body()
	if err != nil {
		return nil, err
	}
	if !in.addsPhone() {
		// Without a new phone the update sets every field it sends to a value (phones by id, the complete set of
		// custom fields), so repeating it changes nothing: a 5xx or a lost answer is retried like a PUT. An update
		// that adds a phone is sent once, since a repeat would add the phone twice.
		ctx = transport.WithIdempotentPost(ctx)
	}
	body, err := c.do(ctx, http.MethodPost, rel, nil, b)
	if err != nil {
		return nil, err
	}
	ct, err := c.contactFromWrite(ctx, rel, body, id, in.Email)
	if err == nil {
		c.reads.fresh.put(ct)
	}
	return ct, err
}

// addsPhone reports whether the input adds a phone (a phone without id).
func (in ContactInput) addsPhone() bool {
	for _, p := range in.Phones {
		if p.ID == 0 {
			return true
		}
	}
	return false
}

// contactFromWrite reads the contact out of a create/update response (§2.4:
// 200 with the contact object, H). Tolerated alternatives: a shape C list
// (the bulk form of POST users/, §2.5) or an object without id, in which
// case the contact is read back.
func (c *Client) contactFromWrite(ctx context.Context, rel string, body []byte, id int64, email string) (*Contact, error) {
	if t := strings.TrimSpace(string(body)); strings.HasPrefix(t, "[") {
		res, err := decodeItemResults(body)
		if err == nil && len(res) == 1 {
			if !res[0].Success {
				return nil, &APIError{Method: http.MethodPost, Path: rel, StatusCode: http.StatusOK, Message: res[0].Message, Fields: res[0].Fields}
			}
			if res[0].ID > 0 {
				id = res[0].ID
			}
		}
	} else if ct, err := decodeContact(body); err == nil && ct.ID > 0 && (id == 0 || ct.ID == id) {
		return &ct, nil
	}
	switch {
	case id > 0:
		return c.GetContact(ctx, id)
	case email != "":
		ct, err := c.GetContactByEmail(ctx, email)
		if err == nil {
			return ct, nil
		}
		return nil, &AmbiguousError{Method: http.MethodPost, Path: rel, Err: fmt.Errorf("response had no contact, and looking it up by email failed: %w", err)}
	}
	return nil, &AmbiguousError{Method: http.MethodPost, Path: rel, Err: errors.New("response had no contact id")}
}
