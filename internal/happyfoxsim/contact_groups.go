package happyfoxsim

import (
	"fmt"
	"strings"
)

type groupSummaryOut struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	TaggedDomains string `json:"tagged_domains"`
}

// groupMemberOut: only id, email and view_tickets_in_group are evidenced
// (§2.8, M/L); name is added (?). group-members=id-only answers {"id"} alone.
type groupMemberOut struct {
	ID                 int64   `json:"id"`
	Email              *string `json:"email"`
	Name               string  `json:"name"`
	ViewTicketsInGroup bool    `json:"view_tickets_in_group"`
}

type groupDetailOut struct {
	groupSummaryOut
	Contacts []any `json:"contacts"` // groupMemberOut, or {"id"} alone with group-members=id-only
}

func summary(g *ContactGroup) groupSummaryOut {
	return groupSummaryOut{g.ID, g.Name, g.Description, g.TaggedDomains}
}

func (st *state) groupDetail(g *ContactGroup) groupDetailOut {
	d := groupDetailOut{groupSummaryOut: summary(g), Contacts: []any{}}
	for _, m := range g.Members {
		c := st.contacts[m.ContactID]
		if c == nil {
			continue
		}
		if st.a.GroupMembers == "id-only" {
			d.Contacts = append(d.Contacts, map[string]any{"id": c.ID})
			continue
		}
		mo := groupMemberOut{ID: c.ID, Name: c.Name, ViewTicketsInGroup: m.AccessTickets}
		if c.Email != "" {
			mo.Email = strPtr(c.Email)
		}
		d.Contacts = append(d.Contacts, mo)
	}
	return d
}

// GET /contact_groups/: bare array of summaries without contacts (§2.8 H).
func (s *Server) listContactGroups(*request) *reply {
	out := []any{}
	for _, id := range sortedIDs(s.st.groups) {
		var item any = summary(s.st.groups[id])
		if s.st.a.ListFields == "fewer" {
			// list-fields=fewer: a list item lacks what the single GET adds.
			m := asJSONObject(item)
			delete(m, "description")
			delete(m, "tagged_domains")
			item = m
		}
		out = append(out, item)
	}
	return ok(out)
}

func (s *Server) getContactGroup(rq *request) *reply {
	g := s.group(rq)
	if g == nil {
		return s.notFound("ContactGroup")
	}
	return ok(s.st.groupDetail(g))
}

func (s *Server) group(rq *request) *ContactGroup {
	id, valid := pathID(rq)
	if !valid {
		return nil
	}
	return s.st.groups[id]
}

// taggedDomains accepts a comma-joined string (documented example, H) or a
// JSON array (hfox sends one, L) and returns the stored comma-joined string.
// The content is free text, not validated as domains (§2.8 M).
func (st *state) taggedDomains(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return st.a.cleanName(x), true
	case []any:
		var parts []string
		for _, e := range x {
			str, isStr := e.(string)
			if !isStr {
				return "", false
			}
			if str = st.a.cleanName(str); strings.TrimSpace(str) != "" {
				parts = append(parts, str)
			}
		}
		return strings.Join(parts, ","), true
	}
	return "", false
}

func (st *state) description(v any) (string, bool) {
	if v == nil {
		return "", true // description is "" when empty, not null (§2.8 H)
	}
	str, isStr := v.(string)
	return st.a.cleanFree(str), isStr
}

// validGroupName checks required + unique. Uniqueness is case-insensitive
// (L: a MySQL-style default collation; uniqueness=case-sensitive compares
// exactly); the message is Django's unique-field wording (§2.8 L).
func (st *state) validGroupName(v any, self *ContactGroup, fe *fieldErrors) (string, bool) {
	str, isStr := v.(string)
	name := st.a.cleanName(str)
	if v == nil || !isStr || strings.TrimSpace(name) == "" {
		fe.add("name", msgRequired)
		return "", false
	}
	if other := st.groupByName(name); other != nil && other != self {
		fe.add("name", "Contact group with this Name already exists.")
		return "", false
	}
	return name, true
}

// POST /contact_groups/ creates a group; 200 with the detail object
// (§2.8, L/M for the response).
func (s *Server) createContactGroup(rq *request) *reply {
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	var fe fieldErrors
	name, _ := s.st.validGroupName(body["name"], nil, &fe)
	desc, descOK := s.st.description(body["description"])
	if !descOK {
		fe.add("description", msgValue)
	}
	tags, tagsOK := s.st.taggedDomains(body["tagged_domains"])
	if !tagsOK {
		fe.add("tagged_domains", msgValue)
	}
	if !fe.empty() {
		return shapeA(fe)
	}
	g := &ContactGroup{ID: s.st.nextID("group"), Name: name, Description: desc, TaggedDomains: tags}
	s.st.groups[g.ID] = g
	if s.st.a.GroupCreateAnswer == "summary" {
		return ok(summary(g))
	}
	return ok(s.st.groupDetail(g))
}

// POST /contact_group/<id>/ edits a group. Only description and
// tagged_domains are documented (§2.8 H); a field left out is KEPT (L,
// partial form; cleared with group-edit-omitted=cleared). "name" is ignored
// (renaming through the API is "?"), or carried out with group-rename=allowed,
// or refused with group-rename=refused. Answers 200 with the detail object (L;
// a message with group-edit-answer=message).
func (s *Server) editContactGroup(rq *request) *reply {
	g := s.group(rq)
	if g == nil {
		return s.notFound("ContactGroup")
	}
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	a := s.st.a
	var fe fieldErrors
	name, rename := "", false
	if v, has := body["name"]; has {
		switch a.GroupRename {
		case "allowed":
			name, rename = s.st.validGroupName(v, g, &fe)
		case "refused":
			if str, _ := v.(string); a.cleanName(str) != g.Name {
				fe.add("name", "The name of a contact group cannot be changed.")
			}
		}
	}
	desc, hasDesc := body["description"]
	d, descOK := s.st.description(desc)
	if hasDesc && !descOK {
		fe.add("description", msgValue)
	}
	tagsRaw, hasTags := body["tagged_domains"]
	tags, tagsOK := s.st.taggedDomains(tagsRaw)
	if hasTags && !tagsOK {
		fe.add("tagged_domains", msgValue)
	}
	if !fe.empty() {
		return shapeA(fe)
	}
	if rename {
		g.Name = name
	}
	if hasDesc || a.GroupEditOmitted == "cleared" {
		g.Description = d
	}
	if hasTags || a.GroupEditOmitted == "cleared" {
		g.TaggedDomains = tags
	}
	if a.GroupEditAnswer == "message" {
		return ok(map[string]any{"message": "Contact group updated successfully"})
	}
	return ok(s.st.groupDetail(g))
}

// POST /contact_group/<id>/update_contacts/ (§2.8 H): bare array body of
// {"contact": id, "access_tickets": bool}, at most 100 items. Per-item
// results in payload order (shape C). access_tickets defaults to false, so
// re-posting a member without it turns its access off. An existing member
// with a different access_tickets has its flag updated (M).
func (s *Server) updateGroupContacts(rq *request) *reply {
	g := s.group(rq)
	if g == nil {
		return s.notFound("ContactGroup")
	}
	list, isList := rq.body.([]any)
	if !isList {
		return errA("__all__", `Expected a list of {"contact": <id>, "access_tickets": <bool>} objects.`)
	}
	if len(list) > maxBulk {
		return errA("__all__", fmt.Sprintf("Ensure this list has at most %d items (it has %d).", maxBulk, len(list)))
	}
	results := []any{}
	fail := func(field, msg string) {
		results = append(results, map[string]any{"success": false,
			"errors": fieldErrors{{Field: field, Errors: []string{msg}}}})
	}
	for _, item := range list {
		obj, isObj := item.(map[string]any)
		if !isObj {
			fail("__all__", msgExpectedObject)
			continue
		}
		raw, has := obj["contact"]
		if !has || raw == nil {
			fail("contact", msgRequired)
			continue
		}
		id, isInt := asInt(raw)
		if !isInt || s.st.contacts[id] == nil {
			fail("contact", msgInvalidChoice)
			continue
		}
		access := false
		if a, has := obj["access_tickets"]; has && a != nil {
			b, isBool := asBool(a)
			if !isBool {
				fail("access_tickets", fmt.Sprintf("%q value must be either True or False.", show(a)))
				continue
			}
			access = b
		}
		if s.st.a.MemberAccessUpdate != "unchanged" || !g.hasMember(id) {
			g.setMember(id, access) // member-access-update=unchanged: an existing member keeps its flag
		}
		results = append(results, map[string]any{"success": true,
			"data": map[string]any{"contact": id, "access_tickets": access}})
	}
	return s.shapeC(results)
}

// POST /contact_group/<id>/delete_contacts/ (§2.8 H): {"contacts": [ids]}
// object body; per-item results with data.message.
func (s *Server) deleteGroupContacts(rq *request) *reply {
	g := s.group(rq)
	if g == nil {
		return s.notFound("ContactGroup")
	}
	body, rep := rq.object()
	if rep != nil {
		return rep
	}
	raw, has := body["contacts"]
	if !has || raw == nil {
		return errA("contacts", msgRequired)
	}
	list, isList := asList(raw, rq.form)
	if !isList {
		return errA("contacts", msgList)
	}
	results := []any{}
	for _, item := range list {
		echo := item
		id, isInt := asInt(item)
		if isInt {
			echo = id
		}
		msg, success := "Successfully removed contact from group", true
		switch {
		case !isInt || s.st.contacts[id] == nil:
			msg, success = "Contact does not exist", false
		case !g.removeMember(id):
			msg, success = "Contact not part of the contact group", false
		}
		results = append(results, map[string]any{"success": success,
			"data": map[string]any{"contact": echo, "message": msg}})
	}
	return s.shapeC(results)
}

// shapeC answers per-item results (§1.2 shape C): 200, or 400 when an item failed with bulk-failure=400.
func (s *Server) shapeC(results []any) *reply {
	rep := ok(results)
	if s.st.a.BulkFailure == "400" {
		for _, r := range results {
			if m, _ := r.(map[string]any); m["success"] == false {
				rep.status = 400
				break
			}
		}
	}
	return rep
}
