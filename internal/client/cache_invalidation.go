package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
)

// What a write through this Client may change in what the Client keeps from earlier answers is decided here, and
// only here, from the request: its method, its path relative to the base URL and its body as sent, and, for a
// create, the object its answer names. Client.do and Client.Raw call invalidate for every request that is not a
// GET; the API calls never drop anything themselves.
//
// What the Client keeps:
//   - the read path's snapshots (readpath.go): an object marked written is dropped from them and never served from
//     a list again by this Client, including from a listing in flight during the write; a family forgotten loses
//     every snapshot and its kinds turn to single GETs; a contact marked written loses its fresh entry too
//     (fresh_reads.go);
//   - the group snapshots (contact_group_snapshot.go): the ones a write may touch are dropped when it is sent and
//     again when its answer (or error) is in, and a GET of the group sent before either moment is not kept (its
//     token), so a read that overlapped a write is thrown away;
//   - the e-mail index (contacts_email_index.go): its trust in an e-mail's absence, and whether it has read the
//     newest list pages since the last bulk create;
//   - the memoized reference lists (memo.go).
//
// The rules, by request ("before": when it is sent; "after": when its answer or error is in; "written": marked
// written in the read path):
//
//   - any write: before and after, the group snapshots it may touch are dropped: group <id>'s for
//     contact_group/<id>/…, every group's for any other path (a contact's e-mail may match a group's tagged
//     domains);
//   - any write to contact_group/<id>/…: before, that group is written (§2.8);
//   - POST contact_group/<id>/update_contacts/ and …/delete_contacts/: before, the contacts in the body are written
//     (a contact lists its groups, §2.1);
//   - POST contact_groups/: after, the group the answer names is written;
//   - POST users/ with one contact (§2.4): after, the contact the answer names is written; when the outcome is
//     unknown, or the answer is not the contact sent, a create with an e-mail forgets the contacts family (HappyFox
//     may have edited the contact that has the e-mail, §2.4);
//   - POST users/ with an array (§2.5): after, each contact the answer names is written; an item whose outcome the
//     answer does not tell forgets the contacts family; the e-mail index reads the newest list pages again before
//     it is trusted;
//   - POST user/<id>/ (§2.6): before, that contact is written, and the e-mail index no longer trusts an e-mail's
//     absence;
//   - POST assets/ (§3.3): after, the asset the answer names is written; a 2xx that names none forgets the assets
//     family;
//   - PUT and DELETE asset/<id>/ (§3.4, §3.5): before, that asset is written;
//   - PUT ticket_custom_field/<id>/ (§4.3): before and after, the memoized ticket custom fields are dropped.
//
// A create's caller that finds out only later that the answer named another object (the bulk create's read-back)
// says so with outcomeUnknown, and the rule of an unknown outcome applies.

// writeRule is one line of the rules above (the ones of every write are invalidate's own).
type writeRule struct {
	method string
	path   string // segments; "{id}" matches a positive integer
	before func(c *Client, w write)
	after  func(c *Client, w write, answer []byte, err error)
}

// write is one write request as the rules see it.
type write struct {
	id      int64  // the "{id}" of the path, 0 when none
	payload []byte // the body as sent (JSON), nil when none
}

var writeRules = []writeRule{
	{method: http.MethodPost, path: "users/", after: contactsCreated},
	{method: http.MethodPost, path: "user/{id}/", before: func(c *Client, w write) {
		c.reads.forget(contactReadKind.family, w.id)
		c.emails.editedContact() // its e-mail may have changed
	}},
	{method: http.MethodPost, path: "contact_group/{id}/update_contacts/", before: membersChanged},
	{method: http.MethodPost, path: "contact_group/{id}/delete_contacts/", before: membersChanged},
	{method: http.MethodPost, path: "contact_groups/", after: func(c *Client, _ write, answer []byte, err error) {
		if g, derr := decodeContactGroup(answer); err == nil && derr == nil && g.ID > 0 {
			c.reads.forget(contactGroupReadKind.family, g.ID) // never served from a list fetched before
		}
	}},
	{method: http.MethodPost, path: "assets/", after: func(c *Client, _ write, answer []byte, err error) {
		if err != nil {
			return
		}
		if a, derr := decodeAsset(answer); derr == nil && a.ID > 0 {
			c.reads.forget("asset", a.ID)
			return
		}
		c.reads.forgetFamily("asset") // a 2xx that names no asset: which one it made is unknown
	}},
	{method: http.MethodPut, path: "asset/{id}/", before: assetWritten},
	{method: http.MethodDelete, path: "asset/{id}/", before: assetWritten},
	{method: http.MethodPut, path: "ticket_custom_field/{id}/",
		before: func(c *Client, _ write) { c.memo.invalidate(memoTicketCustomFields) },
		after:  func(c *Client, _ write, _ []byte, _ error) { c.memo.invalidate(memoTicketCustomFields) }},
}

// invalidate applies the rules for a write of method to rel with payload (the JSON body sent, nil when none)
// before it is sent, and returns what applies them when its answer is in: the 2xx body (nil when there is none)
// and the request's error.
func (c *Client) invalidate(method, rel string, payload []byte) (after func(answer []byte, err error)) {
	g := groupWritten(rel)
	if g > 0 {
		c.reads.forget(contactGroupReadKind.family, g)
	}
	c.reads.groups.touch(g)
	rule, w := matchRule(method, rel)
	w.payload = payload
	if rule != nil && rule.before != nil {
		rule.before(c, w)
	}
	return func(answer []byte, err error) {
		if rule != nil && rule.after != nil {
			rule.after(c, w, answer, err)
		}
		c.reads.groups.touch(g)
	}
}

// outcomeUnknown applies the rule of a write of method to rel whose outcome is unknown: its caller found out after
// the answer that the answer cannot be trusted (it names another object).
func (c *Client) outcomeUnknown(method, rel string) {
	if rule, w := matchRule(method, rel); rule != nil && rule.after != nil {
		rule.after(c, w, nil, errOutcomeUnknown)
	}
}

var errOutcomeUnknown = &AmbiguousError{Err: errors.New("the answer named another object")}

// matchRule finds the rule for method and rel.
func matchRule(method, rel string) (*writeRule, write) {
	segs := strings.Split(strings.Trim(rel, "/"), "/")
	for i := range writeRules {
		r := &writeRules[i]
		if r.method != method {
			continue
		}
		if id, ok := matchPath(strings.Split(strings.Trim(r.path, "/"), "/"), segs); ok {
			return r, write{id: id}
		}
	}
	return nil, write{}
}

func matchPath(pattern, segs []string) (int64, bool) {
	if len(pattern) != len(segs) {
		return 0, false
	}
	var id int64
	for i, p := range pattern {
		if p != "{id}" {
			if p != segs[i] {
				return 0, false
			}
			continue
		}
		n, err := strconv.ParseInt(segs[i], 10, 64)
		if err != nil || n <= 0 {
			return 0, false
		}
		id = n
	}
	return id, true
}

// groupWritten names the group a write to rel touches: the id of contact_group/<id>/… (§2.8), or 0 (every group)
// for any other path.
func groupWritten(rel string) int64 {
	rest, ok := strings.CutPrefix(rel, "contact_group/")
	if !ok {
		return 0
	}
	idText, _, _ := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}

func assetWritten(c *Client, w write) { c.reads.forget("asset", w.id) }

// membersChanged marks the contacts of a membership change written: update_contacts sends [{"contact": id, …}],
// delete_contacts {"contacts": [ids]} (§2.8).
func membersChanged(c *Client, w write) {
	var ids []int64
	var items []struct {
		Contact int64 `json:"contact"`
	}
	var del struct {
		Contacts []int64 `json:"contacts"`
	}
	switch t := bytes.TrimSpace(w.payload); {
	case len(t) > 0 && t[0] == '[' && json.Unmarshal(t, &items) == nil:
		for _, it := range items {
			ids = append(ids, it.Contact)
		}
	case json.Unmarshal(t, &del) == nil:
		ids = del.Contacts
	}
	c.reads.forget(contactReadKind.family, ids...)
}

// sentContact is what the rules read of a contact sent to POST users/.
type sentContact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// contactsCreated is the rule of POST users/, one contact (§2.4) or an array of them (§2.5).
func contactsCreated(c *Client, w write, answer []byte, err error) {
	t := bytes.TrimSpace(w.payload)
	if len(t) > 0 && t[0] == '[' {
		bulkContactsCreated(c, t, answer, err)
		return
	}
	var in sentContact
	_ = json.Unmarshal(t, &in) // nil (outcomeUnknown): the contact is not known, so it may have had an e-mail
	family := in.Email != "" || t == nil
	switch {
	case err != nil:
		if !IsAmbiguous(err) {
			return // refused, or never sent: nothing changed
		}
	case !bytes.HasPrefix(bytes.TrimSpace(answer), []byte("[")):
		ct, derr := decodeContact(answer)
		if derr == nil && ct.ID > 0 {
			c.reads.forget(contactReadKind.family, ct.ID)
			if ContactMismatch(ContactInput{Name: in.Name, Email: in.Email}, &ct) == nil {
				return
			}
		}
	default:
		// A result list instead of the contact (a tolerated alternative): its ids are marked; with an e-mail, which
		// contact it edited or made is not proven by it.
		res, derr := decodeItemResults(answer)
		if derr == nil {
			for _, r := range res {
				if r.ID > 0 {
					c.reads.forget(contactReadKind.family, r.ID)
				}
			}
		}
	}
	if family {
		c.reads.forgetFamily(contactReadKind.family)
	}
}

// bulkContactsCreated is the rule of a bulk POST users/ (§2.5): every item has an e-mail, so an item whose outcome the
// answer does not tell may have edited any contact.
func bulkContactsCreated(c *Client, payload, answer []byte, err error) {
	c.emails.bulkAnswer() // contacts were created at the list's end: the index reads it again before it is trusted
	var sent []sentContact
	_ = json.Unmarshal(payload, &sent)
	var res []ItemResult
	var ae *APIError
	switch {
	case err == nil:
		var derr error
		if res, derr = decodeItemResults(answer); derr != nil {
			res = nil
		}
	case errors.As(err, &ae) && ae.StatusCode < 500 && len(ae.Items) == len(sent):
		res = ae.Items // a 4xx that still carries one result per item: the items that succeeded were carried out
	case !IsAmbiguous(err):
		return // refused, or never sent: nothing changed
	}
	unknown := res == nil
	for _, r := range alignSent(sent, res) {
		switch {
		case r == nil || (r.Success && r.ID <= 0):
			unknown = true
		case r.Success:
			c.reads.forget(contactReadKind.family, r.ID)
		}
	}
	if unknown {
		c.reads.forgetFamily(contactReadKind.family)
	}
}

// alignSent matches a bulk answer's results to the contacts sent, as the bulk create does (alignResults).
func alignSent(sent []sentContact, res []ItemResult) []*ItemResult {
	if res == nil {
		return nil
	}
	emails := make([]string, len(sent))
	for i, s := range sent {
		emails[i] = s.Email
	}
	return alignByEmail(emails, res)
}
