package happyfoxsim

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ---------- GET /ticket/<n>/, §8.1 ----------

func (s *Server) ticketByPath(rq *request) (*Ticket, *reply) {
	id, _ := pathID(rq)
	t := s.st.tk.tickets[id]
	if t == nil {
		return nil, s.notFound("Ticket")
	}
	return t, nil
}

func (s *Server) getTicket(rq *request) *reply {
	t, rep := s.ticketByPath(rq)
	if rep != nil {
		return rep
	}
	return ok(s.st.renderTicket(t))
}

// ---------- GET /priorities/, §8.8 ----------

// listPriorities answers a bare array like the other reference lists (§8.8, L).
func (s *Server) listPriorities(*request) *reply {
	out := []priorityOut{}
	for _, id := range sortedIDs(s.st.tk.priorities) {
		out = append(out, s.st.renderPriority(s.st.tk.priorities[id]))
	}
	return ok(out)
}

// ---------- POST /tickets/, §8.2 and §8.3 ----------

// maxBulkTickets is the most tickets one request may create (§8.3, H).
const maxBulkTickets = 100

// postTickets creates one ticket (a JSON object, §8.2) or up to 100 (a list, §8.3).
func (s *Server) postTickets(rq *request) *reply {
	now := s.now()
	switch b := rq.body.(type) {
	case map[string]any:
		t, fe := s.st.createTicket(b, rq.form, now)
		if !fe.empty() {
			return shapeA(fe)
		}
		return ok(s.st.renderTicket(t))
	case []any:
		if len(b) > maxBulkTickets {
			return errA("__all__", "A maximum of 100 tickets can be created in one request.")
		}
		out := make([]map[string]any, 0, len(b))
		for _, item := range b {
			p, isObj := item.(map[string]any)
			if !isObj {
				out = append(out, map[string]any{"success": false, "error": []fieldError{{Field: "__all__", Errors: []string{msgExpectedObject}}}})
				continue
			}
			t, fe := s.st.createTicket(p, false, now)
			if !fe.empty() {
				out = append(out, map[string]any{"success": false, "error": []fieldError(fe)})
				continue
			}
			out = append(out, map[string]any{"success": true, "id": t.ID, "display_id": s.st.ticketDisplayID(t)})
		}
		return ok(out)
	}
	return errA("__all__", msgExpectedObject)
}

// createTicket checks one payload and creates the ticket (and, for a new e-mail, its requester). Errors are
// shape A (§8.2, H); which checks HappyFox makes beyond the documented required fields is L.
func (st *state) createTicket(p map[string]any, form bool, now time.Time) (*Ticket, fieldErrors) {
	var fe fieldErrors
	subject, _ := p["subject"].(string)
	if strings.TrimSpace(subject) == "" {
		fe.add("subject", msgRequired)
	}
	var cat *Category
	if v, given := p["category"]; !given || isBlank(v) {
		fe.add("category", msgRequired)
	} else if id, isInt := asInt(v); !isInt || st.categories[id] == nil {
		fe.add("category", msgInvalidChoice)
	} else if cat = st.categories[id]; !cat.Public {
		// "this has to be a public category" (§8.2, M); the simulator refuses the others.
		fe.add("category", msgInvalidChoice)
		cat = nil
	}
	text, _ := p["text"].(string)
	htmlBody, _ := p["html"].(string)
	if strings.TrimSpace(text) == "" && strings.TrimSpace(htmlBody) == "" {
		fe.add("text", msgRequired)
	}
	contact, newContact := st.ticketRequester(p, &fe)
	priority := st.defaultPriority()
	if v, given := p["priority"]; given && !isBlank(v) {
		if id, isInt := asInt(v); !isInt || st.tk.priorities[id] == nil {
			fe.add("priority", msgInvalidChoice)
		} else {
			priority = id
		}
	}
	tags, bad := tagList(p["tags"], form)
	if bad {
		fe.add("tags", msgValue)
	}
	values := map[int64]any{}
	if cat != nil {
		for key, v := range p {
			rest, isField := strings.CutPrefix(key, "t-cf-")
			if !isField {
				continue
			}
			id, err := strconv.ParseInt(rest, 10, 64)
			f := st.ticketField(id, cat.ID)
			if err != nil || f == nil {
				fe.add(key, "This field is not available in the category.")
				continue
			}
			norm, msg := normalizeUserValue(&UserCustomField{Type: f.Type, Choices: f.Choices}, v, form)
			if msg != "" {
				fe.add(key, msg)
				continue
			}
			if norm != nil {
				values[id] = norm
			}
		}
		// Compulsory fields of the category must be sent (§8.2, H; L that "required" is the flag).
		for _, id := range sortedIDs(st.ticketFields) {
			if f := st.ticketField(id, cat.ID); f != nil && f.Required && values[id] == nil && !hasField(fe, "t-cf-"+strconv.FormatInt(id, 10)) {
				fe.add("t-cf-"+strconv.FormatInt(id, 10), msgRequired)
			}
		}
	}
	if !fe.empty() {
		return nil, fe
	}
	if newContact != nil {
		newContact.ID = st.nextID("contact")
		st.contacts[newContact.ID] = newContact
		contact = newContact
	}
	t := &Ticket{
		ID: st.nextID("ticket"), Subject: subject, CategoryID: cat.ID, StatusID: st.defaultStatus(), PriorityID: priority,
		ContactID: contact.ID, Tags: tags, CustomFields: values, CreatedAt: now.UTC(), UpdatedAt: now.UTC(),
		Search: !st.tk.opts.SearchLag,
	}
	u := TicketUpdate{ID: st.nextID("ticketUpdate"), At: now.UTC(), ContactID: contact.ID, Kind: UpdateCreated,
		HasMessage: true, NewStatusID: t.StatusID, NewPriority: t.PriorityID}
	u.Text, u.HTML = messageBodies(text, htmlBody)
	t.Updates = []TicketUpdate{u}
	st.tk.tickets[t.ID] = t
	st.tk.stats.Created++
	return t, nil
}

// ticketRequester finds the requester: an existing contact by client id or e-mail, or a new one to create
// (returned unsaved, so that a refused ticket creates no contact).
func (st *state) ticketRequester(p map[string]any, fe *fieldErrors) (existing, created *Contact) {
	if v, given := p["client"]; given && !isBlank(v) {
		id, isInt := asInt(v)
		if c := st.contacts[id]; isInt && c != nil {
			return c, nil
		}
		fe.add("client", msgInvalidChoice)
		return nil, nil
	}
	email, _ := p["email"].(string)
	email = strings.TrimSpace(email)
	switch {
	case email == "":
		fe.add("email", msgRequired)
		return nil, nil
	case !validEmail(email):
		fe.add("email", msgEmail)
		return nil, nil
	}
	if c := st.contactByEmail(email); c != nil {
		return c, nil
	}
	name, _ := p["name"].(string)
	if strings.TrimSpace(name) == "" {
		fe.add("name", msgRequired)
		return nil, nil
	}
	return nil, &Contact{Name: strings.TrimSpace(name), Email: email, IsLoginEnabled: true, CustomFields: map[int64]any{}}
}

// messageBodies stores a message the way HappyFox answers it (§8.1): the text with "\n\n" appended, the HTML
// wrapped; an HTML-only message gets a text derived from it, a text-only one an escaped HTML.
func messageBodies(text, htmlBody string) (string, string) {
	if strings.TrimSpace(htmlBody) != "" {
		if strings.TrimSpace(text) == "" {
			text = textOfHTML(htmlBody)
		}
		return storedText(text), storedHTML(htmlBody)
	}
	return storedText(text), storedHTML(strings.ReplaceAll(htmlEscape(text), "\n", "<br>"))
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// tagList reads a comma-separated string (§8.7, H) or, leniently, a list of strings (L). Spaces around the
// tags are dropped, empty ones skipped, repeats kept once.
func tagList(v any, form bool) ([]string, bool) {
	var parts []string
	switch x := v.(type) {
	case nil:
		return nil, false
	case string:
		parts = strings.Split(x, ",")
	default:
		l, isList := asList(v, form)
		if !isList {
			return nil, true
		}
		for _, e := range l {
			str, isStr := e.(string)
			if !isStr {
				return nil, true
			}
			parts = append(parts, str)
		}
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, false
}

// ---------- POST /ticket/<n>/staff_pvtnote/ and /staff_update/, §8.5 and §8.6 ----------

func (s *Server) postPrivateNote(rq *request) *reply { return s.postTicketMessage(rq, UpdateNote) }

func (s *Server) postStaffUpdate(rq *request) *reply { return s.postTicketMessage(rq, UpdateReply) }

// postTicketMessage adds a note or a reply. The body is plaintext or html (KB1039, §8.5); "text", which OV
// names, is ignored, as a Django form ignores unknown keys (L). Errors are shape B (§8.6, H; L for notes).
func (s *Server) postTicketMessage(rq *request, kind string) *reply {
	t, rep := s.ticketByPath(rq)
	if rep != nil {
		return rep
	}
	p, rep := rq.object()
	if rep != nil {
		return rep
	}
	errs := shapeBErrors{}
	staffID := s.st.activeStaff(p["staff"], "staff", errs)
	plain, _ := p["plaintext"].(string)
	htmlBody, _ := p["html"].(string)
	status, statusGiven := s.st.optionalRef(p, "status", func(id int64) bool { return s.st.statuses[id] != nil }, errs)
	priority, priorityGiven := s.st.optionalRef(p, "priority", func(id int64) bool { return s.st.tk.priorities[id] != nil }, errs)
	hasBody := strings.TrimSpace(plain) != "" || strings.TrimSpace(htmlBody) != ""
	if !hasBody && (kind == UpdateNote || (!statusGiven && !priorityGiven)) {
		errs.add("plaintext", msgRequired)
	}
	if c := s.st.categories[t.CategoryID]; c != nil && c.TimeSpentMandatory && isBlank(p["time_spent"]) {
		// "depends on category settings" (§8.5, H).
		errs.add("time_spent", msgRequired)
	}
	if len(errs) > 0 {
		return shapeB(errs)
	}
	now := s.now().UTC()
	u := TicketUpdate{ID: s.st.nextID("ticketUpdate"), At: now, StaffID: staffID, Kind: kind, HasMessage: hasBody}
	if hasBody {
		u.Text, u.HTML = messageBodies(plain, htmlBody)
	}
	if statusGiven && status != t.StatusID {
		u.OldStatusID, u.NewStatusID, t.StatusID = t.StatusID, status, status
	}
	if priorityGiven && priority != t.PriorityID {
		u.OldPriority, u.NewPriority, t.PriorityID = t.PriorityID, priority, priority
	}
	t.Updates = append(t.Updates, u)
	t.UpdatedAt = now
	if kind == UpdateNote {
		s.st.tk.stats.Notes++
	} else {
		s.st.tk.stats.Replies++
	}
	return ok(s.st.renderTicket(t))
}

// activeStaff checks a staff reference: required, an existing active agent (L for the wording).
func (st *state) activeStaff(v any, field string, errs shapeBErrors) int64 {
	if isBlank(v) {
		errs.add(field, msgRequired)
		return 0
	}
	id, isInt := asInt(v)
	if sf := st.staff[id]; !isInt || sf == nil || !sf.Active {
		errs.add(field, msgInvalidChoice)
		return 0
	}
	return id
}

// optionalRef reads an optional id that must name an existing object.
func (st *state) optionalRef(p map[string]any, field string, exists func(int64) bool, errs shapeBErrors) (int64, bool) {
	v, given := p[field]
	if !given || isBlank(v) {
		return 0, false
	}
	id, isInt := asInt(v)
	if !isInt || !exists(id) {
		errs.add(field, msgInvalidChoice)
		return 0, false
	}
	return id, true
}

// ---------- POST /ticket/<n>/update_tags/, §8.7 ----------

// updateTicketTags adds and removes tags with set semantics (§8.7, L): adding a tag the ticket has, or
// removing one it lacks, changes nothing. An update is recorded only when the tags changed.
func (s *Server) updateTicketTags(rq *request) *reply {
	t, rep := s.ticketByPath(rq)
	if rep != nil {
		return rep
	}
	p, rep := rq.object()
	if rep != nil {
		return rep
	}
	errs := shapeBErrors{}
	var staffID int64
	if v, given := p["staff_id"]; given && !isBlank(v) {
		staffID = s.st.activeStaff(v, "staff_id", errs)
	}
	add, badAdd := tagList(p["add"], rq.form)
	remove, badRemove := tagList(p["remove"], rq.form)
	if badAdd {
		errs.add("add", msgValue)
	}
	if badRemove {
		errs.add("remove", msgValue)
	}
	if len(errs) > 0 {
		return shapeB(errs)
	}
	u := TicketUpdate{StaffID: staffID, Kind: UpdateTags}
	for _, tag := range add {
		if !t.hasTag(tag) {
			t.Tags = append(t.Tags, tag)
			u.TagsAdded = append(u.TagsAdded, tag)
		}
	}
	for _, tag := range remove {
		if i := slices.Index(t.Tags, tag); i >= 0 && !slices.Contains(add, tag) {
			t.Tags = slices.Delete(t.Tags, i, i+1)
			u.TagsRemoved = append(u.TagsRemoved, tag)
		}
	}
	s.st.tk.stats.TagUpdates++
	if len(u.TagsAdded)+len(u.TagsRemoved) > 0 {
		now := s.now().UTC()
		u.ID, u.At = s.st.nextID("ticketUpdate"), now
		t.Updates = append(t.Updates, u)
		t.UpdatedAt = now
	}
	return ok(s.st.renderTicket(t))
}

// ---------- GET /tickets/, §8.4 ----------

// listTickets serves the paged list and its search. status=_all (the default) lists every status, _pending the
// pending ones, an id one status; category filters by category (repeatable); minify_response lists ids only.
func (s *Server) listTickets(rq *request) *reply {
	q := rq.query
	terms, rep := parseTicketQuery(q.Get("q"))
	if rep != nil {
		return rep
	}
	var cats []int64
	for _, c := range q["category"] {
		if id, err := strconv.ParseInt(strings.TrimSpace(c), 10, 64); err == nil {
			cats = append(cats, id)
		}
	}
	var list []*Ticket
	for _, id := range sortedIDs(s.st.tk.tickets) {
		t := s.st.tk.tickets[id]
		if !s.st.ticketStatusMatches(t, q.Get("status")) || (len(cats) > 0 && !slices.Contains(cats, t.CategoryID)) {
			continue
		}
		if len(terms) > 0 && (!t.Search || !s.st.ticketMatches(t, terms)) {
			continue
		}
		list = append(list, t)
	}
	switch q.Get("sort") {
	case "created":
		slices.SortStableFunc(list, func(a, b *Ticket) int { return -compareTimes(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	case "createa":
		slices.SortStableFunc(list, func(a, b *Ticket) int { return compareTimes(a.CreatedAt, b.CreatedAt, a.ID, b.ID) })
	default: // last updated, newest first (§8.4)
		slices.SortStableFunc(list, func(a, b *Ticket) int { return -compareTimes(a.UpdatedAt, b.UpdatedAt, a.ID, b.ID) })
	}
	minify, _ := asBool(q.Get("minify_response"))
	items := make([]any, 0, len(list))
	for _, t := range list {
		if minify {
			items = append(items, map[string]any{"id": t.ID})
			continue
		}
		items = append(items, s.st.renderTicket(t))
	}
	return s.page(items, q)
}

func compareTimes(a, b time.Time, ida, idb int64) int {
	if c := a.Compare(b); c != 0 {
		return c
	}
	switch {
	case ida < idb:
		return -1
	case ida > idb:
		return 1
	}
	return 0
}

func (st *state) ticketStatusMatches(t *Ticket, status string) bool {
	switch strings.TrimSpace(status) {
	case "", "_all":
		return true
	case "_pending":
		s := st.statuses[t.StatusID]
		return s != nil && s.Behavior == "pending"
	}
	id, err := strconv.ParseInt(strings.TrimSpace(status), 10, 64)
	return err == nil && id == t.StatusID
}

// ticketTerm is one search term: field:"a","b" (§8.4). A term without a field matches the subject.
type ticketTerm struct {
	field  string
	values []string
}

// parseTicketQuery splits q into terms separated by spaces outside quotes; each value list is comma-separated
// and quoted or bare. An unclosed quote answers 400 (L).
func parseTicketQuery(q string) ([]ticketTerm, *reply) {
	var terms []ticketTerm
	var cur strings.Builder
	var raw []string
	quoted := false
	for _, r := range q + " " {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				raw = append(raw, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if quoted {
		return nil, errA("q", "Unbalanced quotes in the search.")
	}
	for _, t := range raw {
		field, rest, hasField := strings.Cut(t, ":")
		if !hasField || strings.HasPrefix(field, `"`) {
			field, rest = "", t
		}
		var values []string
		for v := range strings.SplitSeq(rest, ",") {
			if v = strings.Trim(strings.TrimSpace(v), `"`); v != "" {
				values = append(values, v)
			}
		}
		terms = append(terms, ticketTerm{field: strings.ToLower(field), values: values})
	}
	return terms, nil
}

// ticketMatches applies every term (AND); the values of one term are alternatives (OR). Unknown fields (custom
// field names among them) constrain nothing (L).
func (st *state) ticketMatches(t *Ticket, terms []ticketTerm) bool {
	for _, term := range terms {
		if !slices.ContainsFunc(term.values, func(v string) bool { return st.ticketMatchesValue(t, term.field, v) }) &&
			ticketTermKnown(term.field) {
			return false
		}
	}
	return true
}

func ticketTermKnown(field string) bool {
	switch field {
	case "", "contact", "tag", "status", "priority", "id", "created-on", "created-on-or-before", "created-on-or-after",
		"created-before", "created-after":
		return true
	}
	return false
}

func (st *state) ticketMatchesValue(t *Ticket, field, v string) bool {
	day := t.CreatedAt.UTC().Format("2006/01/02")
	switch field {
	case "":
		return strings.Contains(strings.ToLower(t.Subject), strings.ToLower(v))
	case "contact":
		c := st.contacts[t.ContactID]
		lv := strings.ToLower(v)
		return c != nil && (strings.Contains(strings.ToLower(c.Email), lv) || strings.Contains(strings.ToLower(c.Name), lv))
	case "tag":
		return t.hasTag(v)
	case "status":
		s := st.statuses[t.StatusID]
		return s != nil && strings.EqualFold(s.Name, v)
	case "priority":
		p := st.tk.priorities[t.PriorityID]
		return p != nil && strings.EqualFold(p.Name, v)
	case "id":
		return v == strconv.FormatInt(t.ID, 10) || strings.EqualFold("#"+v, st.ticketDisplayID(t))
	case "created-on":
		return day == v
	case "created-on-or-after":
		return day >= v
	case "created-after":
		return day > v
	case "created-on-or-before":
		return day <= v
	case "created-before":
		return day < v
	}
	return false
}

// ticketRoutes are the ticket endpoints (buildRoutes adds them).
func ticketRoutes(add func(method, pattern, kind string, h handlerFunc)) {
	add(http.MethodGet, "tickets/", "", (*Server).listTickets)
	add(http.MethodPost, "tickets/", "", (*Server).postTickets)
	add(http.MethodGet, "ticket/{id}/", "ticket", (*Server).getTicket)
	add(http.MethodPost, "ticket/{id}/staff_pvtnote/", "ticket", (*Server).postPrivateNote)
	add(http.MethodPost, "ticket/{id}/staff_update/", "ticket", (*Server).postStaffUpdate)
	add(http.MethodPost, "ticket/{id}/update_tags/", "ticket", (*Server).updateTicketTags)
	add(http.MethodGet, "priorities/", "", (*Server).listPriorities)
}
