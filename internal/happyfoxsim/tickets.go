package happyfoxsim

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Tickets (§8): the ticket object with its updates, creates (one or a list of up to 100), notes, replies, tags
// and the priorities list. This file holds the model and its rendering; tickets_handlers.go the endpoints;
// tickets_hooks.go what tests do "outside Terraform".

// Priority is a ticket priority (§8.8): {id, name, order, default}.
type Priority struct {
	ID      int64
	Name    string
	Order   int
	Default bool
}

// Ticket is a ticket. ID is its number (§8); the display id is derived from the category (ticketDisplayID).
// Tags keep the order they were added in; CustomFields holds values normalized like a contact's (§2.4).
type Ticket struct {
	ID           int64
	Subject      string
	CategoryID   int64
	StatusID     int64
	PriorityID   int64
	ContactID    int64 // the requester
	Tags         []string
	CustomFields map[int64]any
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Updates      []TicketUpdate
	// Search says whether GET tickets/?q= finds the ticket (false while TicketOptions.SearchLag hides it).
	Search bool
}

// TicketUpdate is one entry of a ticket's updates (§8.1). A message has Text or HTML; Kind tells what wrote it.
type TicketUpdate struct {
	ID          int64
	At          time.Time
	StaffID     int64 // the agent, or 0
	ContactID   int64 // the contact, or 0
	Kind        string
	Text        string // as stored: what was sent, with "\n\n" appended (§8.1)
	HTML        string // as stored: wrapped in <html>…<body> (§8.1)
	HasMessage  bool
	OldStatusID int64 // status_change, when NewStatusID != 0
	NewStatusID int64
	OldPriority int64 // priority_change, when NewPriority != 0
	NewPriority int64
	TagsAdded   []string
	TagsRemoved []string
}

// Update kinds.
const (
	UpdateCreated = "created" // the first message
	UpdateNote    = "note"    // staff_pvtnote (§8.5)
	UpdateReply   = "reply"   // staff_update (§8.6)
	UpdateTags    = "tags"    // update_tags (§8.7)
)

// TicketOptions are the "?" readings of §8 a test can switch (SetTicketOptions).
type TicketOptions struct {
	// HidePrivateNotes leaves private notes out of a ticket's updates (§8.1 "?": the notes cannot tell).
	HidePrivateNotes bool
	// SearchLag keeps tickets created through the API out of GET tickets/?q= searches until it is switched
	// off (§8.4 "?": a search index may lag).
	SearchLag bool
}

// TicketStats counts what the ticket endpoints carried out (requests that failed or were refused do not
// count; Stats.Routes counts attempts).
type TicketStats struct {
	Created    int // tickets created (single and bulk)
	Notes      int // private notes added
	Replies    int // replies added
	TagUpdates int // update_tags requests carried out
}

type ticketState struct {
	tickets    map[int64]*Ticket
	priorities map[int64]*Priority
	opts       TicketOptions
	stats      TicketStats
}

func (tk *ticketState) init() {
	tk.tickets = map[int64]*Ticket{}
	tk.priorities = map[int64]*Priority{}
}

func (st *state) seedTickets() {
	for _, p := range []*Priority{
		{ID: 1, Name: "Low", Order: 1},
		{ID: 2, Name: "Medium", Order: 2, Default: true},
		{ID: 3, Name: "High", Order: 3},
		{ID: 4, Name: "Urgent", Order: 4},
	} {
		st.tk.priorities[st.useID("priority", p.ID)] = p
	}
	created := seedTime.Add(48 * time.Hour)
	for _, t := range []*Ticket{
		{ID: 1, Subject: "Printer out of toner", CategoryID: 3, StatusID: 1, PriorityID: 2, ContactID: 1,
			Tags: []string{"hardware"}, CustomFields: map[int64]any{62: int64(7)}},
		{ID: 2, Subject: "Change: upgrade the database cluster", CategoryID: 5, StatusID: 4, PriorityID: 3, ContactID: 2,
			Tags: []string{"change", "pending-deploy"}, CustomFields: map[int64]any{}},
	} {
		t.CreatedAt, t.UpdatedAt, t.Search = created, created, true
		t.Updates = []TicketUpdate{{ID: st.nextID("ticketUpdate"), At: created, ContactID: t.ContactID, Kind: UpdateCreated,
			HasMessage: true, Text: storedText("Opened in the web form."), HTML: storedHTML("Opened in the web form."),
			NewStatusID: t.StatusID, NewPriority: t.PriorityID}}
		st.tk.tickets[st.useID("ticket", t.ID)] = t
		created = created.Add(time.Hour)
	}
}

// storedText is a message's text as HappyFox keeps it: with "\n\n" appended (§8.1, H).
func storedText(s string) string { return s + "\n\n" }

// storedHTML wraps a message's HTML the way HappyFox answers it (§8.1, H).
func storedHTML(s string) string {
	return `<html><head><meta charset="utf-8"></head><body>` + s + `</body></html>`
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// textOfHTML is the text HappyFox derives from an HTML-only message. HappyFox writes a Markdown-like text
// (§8.1); the simulator drops the tags (L).
func textOfHTML(s string) string { return html.UnescapeString(tagRE.ReplaceAllString(s, "")) }

// ticketDisplayID is the category prefix plus the zero-padded number, as in "#DC00000003" (§8, H). The simulator
// takes the prefix from the category's name (L: HappyFox lets admins choose it).
func (st *state) ticketDisplayID(t *Ticket) string {
	prefix := "TK"
	if c := st.categories[t.CategoryID]; c != nil {
		letters := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r - 'a' + 'A'
			}
			if r >= 'A' && r <= 'Z' {
				return r
			}
			return -1
		}, c.Name)
		if len(letters) >= 2 {
			prefix = letters[:2]
		}
	}
	return fmt.Sprintf("#%s%08d", prefix, t.ID)
}

func (st *state) defaultStatus() int64 {
	for _, id := range sortedIDs(st.statuses) {
		if st.statuses[id].Default {
			return id
		}
	}
	return 0
}

func (st *state) defaultPriority() int64 {
	for _, id := range sortedIDs(st.tk.priorities) {
		if st.tk.priorities[id].Default {
			return id
		}
	}
	return 0
}

// ticketField returns the ticket custom field id when it applies to the category.
func (st *state) ticketField(id, categoryID int64) *TicketCustomField {
	f := st.ticketFields[id]
	if f == nil || !slices.ContainsFunc(f.Categories, func(c CategoryOrder) bool { return c.Category == categoryID }) {
		return nil
	}
	return f
}

// hasTag reports an exact match: tags are compared case-sensitively (§8.1).
func (t *Ticket) hasTag(tag string) bool { return slices.Contains(t.Tags, tag) }

func (t *Ticket) clone() Ticket {
	out := *t
	out.Tags = slices.Clone(t.Tags)
	out.CustomFields = copyValues(t.CustomFields)
	out.Updates = make([]TicketUpdate, len(t.Updates))
	for i, u := range t.Updates {
		u.TagsAdded = slices.Clone(u.TagsAdded)
		u.TagsRemoved = slices.Clone(u.TagsRemoved)
		out.Updates[i] = u
	}
	return out
}

// ---------- rendering, §8.1 ----------

type priorityOut struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Order   int    `json:"order"`
	Default bool   `json:"default"`
}

type ticketValueOut struct {
	ID                   int64  `json:"id"`
	Name                 string `json:"name"`
	Type                 string `json:"type"`
	Value                any    `json:"value"`
	ValueID              any    `json:"value_id"`
	VisibleToStaffOnly   bool   `json:"visible_to_staff_only"`
	CompulsoryOnComplete bool   `json:"compulsory_on_complete"` // §4.1: "complete" on tickets
}

type byOut struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Type  string `json:"type"` // "staff" or "user"
}

type messageOut struct {
	Text            string `json:"text"`
	HTML            string `json:"html"`
	Subject         string `json:"subject"`
	CCList          string `json:"cc_list"`
	BCCList         string `json:"bcc_list"`
	Attachments     []any  `json:"attachments"`
	CustomerUpdated bool   `json:"customer_updated"`
	MessageType     any    `json:"message_type"`
	ForwardList     any    `json:"forward_list"`
}

type changeOut struct {
	Old     any `json:"old"`
	OldName any `json:"old_name"`
	New     any `json:"new"`
	NewName any `json:"new_name"`
}

type updateOut struct {
	UpdateID           int64       `json:"update_id"`
	Timestamp          *string     `json:"timestamp"`
	By                 byOut       `json:"by"`
	Message            *messageOut `json:"message"`
	StatusChange       *changeOut  `json:"status_change"`
	PriorityChange     *changeOut  `json:"priority_change"`
	CategoryChange     any         `json:"category_change"`
	AssigneeChange     any         `json:"assignee_change"`
	DueDateChange      any         `json:"due_date_change"`
	CustomFieldChange  any         `json:"custom_field_change"`
	TimeSpent          any         `json:"time_spent"`
	SatisfactionSurvey any         `json:"satisfaction_survey"`
}

type ticketOut struct {
	ID               int64            `json:"id"`
	DisplayID        string           `json:"display_id"`
	Subject          string           `json:"subject"`
	FirstMessage     string           `json:"first_message"`
	Status           *statusOut       `json:"status"`
	Priority         *priorityOut     `json:"priority"`
	Category         *categoryOut     `json:"category"`
	Tags             string           `json:"tags"`
	CustomFields     []ticketValueOut `json:"custom_fields"`
	User             *contactOut      `json:"user"`
	AssignedTo       any              `json:"assigned_to"`
	Subscribers      []any            `json:"subscribers"`
	MergedTickets    []any            `json:"merged_tickets"`
	MergedTo         any              `json:"merged_to"`
	CreatedAt        *string          `json:"created_at"`
	LastUpdatedAt    *string          `json:"last_updated_at"`
	LastModified     *string          `json:"last_modified"`
	MessagesCount    int              `json:"messages_count"`
	AttachmentsCount int              `json:"attachments_count"`
	Unresponded      bool             `json:"unresponded"`
	Source           string           `json:"source"`
	DueDate          any              `json:"due_date"`
	TimeSpent        any              `json:"time_spent"`
	VisibleOnlyStaff bool             `json:"visible_only_staff"`
	SLABreaches      int              `json:"sla_breaches"`
	Updates          []updateOut      `json:"updates"`
}

func (st *state) renderStatusRef(id int64) *statusOut {
	s := st.statuses[id]
	if s == nil {
		return nil
	}
	return &statusOut{s.ID, s.Name, s.Color, s.Order, s.Default, s.Behavior}
}

func (st *state) renderPriority(p *Priority) priorityOut {
	return priorityOut{p.ID, p.Name, p.Order, p.Default}
}

func (st *state) renderTicket(t *Ticket) ticketOut {
	o := ticketOut{
		ID: t.ID, DisplayID: st.ticketDisplayID(t), Subject: t.Subject, Tags: strings.Join(t.Tags, ","),
		Status: st.renderStatusRef(t.StatusID), CustomFields: []ticketValueOut{},
		Subscribers: []any{}, MergedTickets: []any{}, CreatedAt: contactTime(t.CreatedAt),
		LastUpdatedAt: contactTime(t.UpdatedAt), LastModified: contactTime(t.UpdatedAt),
		Source: "TKT_CREATION_API", Unresponded: true, Updates: []updateOut{},
	}
	if p := st.tk.priorities[t.PriorityID]; p != nil {
		po := st.renderPriority(p)
		o.Priority = &po
	}
	if c := st.categories[t.CategoryID]; c != nil {
		o.Category = &categoryOut{c.ID, c.Name, c.Description, c.Public, c.TimeSpentMandatory, c.PrepopulateCC}
	}
	if c := st.contacts[t.ContactID]; c != nil {
		u := st.renderContact(c)
		o.User = &u
	}
	o.CustomFields = st.renderTicketValues(t)
	for _, u := range t.Updates {
		if u.Kind == UpdateNote && st.tk.opts.HidePrivateNotes {
			continue
		}
		if u.HasMessage {
			o.MessagesCount++
			if o.FirstMessage == "" {
				o.FirstMessage = u.Text
			}
		}
		if u.StaffID != 0 && u.HasMessage {
			o.Unresponded = false
		}
		o.Updates = append(o.Updates, st.renderUpdate(u))
	}
	return o
}

func (st *state) renderUpdate(u TicketUpdate) updateOut {
	o := updateOut{UpdateID: u.ID, Timestamp: contactTime(u.At)}
	switch {
	case u.StaffID != 0:
		o.By = byOut{ID: u.StaffID, Type: "staff"}
		if sf := st.staff[u.StaffID]; sf != nil {
			o.By.Name, o.By.Email = sf.Name, sf.Email
		}
	case u.ContactID != 0:
		o.By = byOut{ID: u.ContactID, Type: "user"}
		if c := st.contacts[u.ContactID]; c != nil {
			o.By.Name, o.By.Email = c.Name, c.Email
		}
	}
	if u.HasMessage {
		o.Message = &messageOut{Text: u.Text, HTML: u.HTML, Attachments: []any{}}
	}
	if u.NewStatusID != 0 {
		o.StatusChange = st.change(u.OldStatusID, u.NewStatusID, func(id int64) any {
			if s := st.statuses[id]; s != nil {
				return s.Name
			}
			return nil
		})
	}
	if u.NewPriority != 0 {
		o.PriorityChange = st.change(u.OldPriority, u.NewPriority, func(id int64) any {
			if p := st.tk.priorities[id]; p != nil {
				return p.Name
			}
			return nil
		})
	}
	return o
}

func (st *state) change(from, to int64, name func(int64) any) *changeOut {
	c := &changeOut{New: to, NewName: name(to)}
	if from != 0 {
		c.Old, c.OldName = from, name(from)
	}
	return c
}

// renderTicketValues lists the ticket fields of the ticket's category, unset ones with a null value (§8.1).
// Choice values render like a contact's (§2.1, L).
func (st *state) renderTicketValues(t *Ticket) []ticketValueOut {
	out := []ticketValueOut{}
	for _, id := range sortedIDs(st.ticketFields) {
		f := st.ticketField(id, t.CategoryID)
		if f == nil {
			continue
		}
		o := ticketValueOut{ID: f.ID, Name: f.Name, Type: f.Type, VisibleToStaffOnly: f.VisibleToStaffOnly,
			CompulsoryOnComplete: f.CompulsoryOnCompleted}
		if v, set := t.CustomFields[f.ID]; set && v != nil {
			switch f.Type {
			case "choice", "dropdown":
				cid, _ := asInt(v)
				o.ValueID = cid
				if c := findChoice(f.Choices, cid); c != nil {
					o.Value = c.Text
				}
			case "multiple_choice":
				ids, _ := v.([]int64)
				texts := make([]string, 0, len(ids))
				for _, cid := range ids {
					if c := findChoice(f.Choices, cid); c != nil {
						texts = append(texts, c.Text)
					}
				}
				o.Value, o.ValueID = strings.Join(texts, ","), slices.Clone(ids)
			default:
				o.Value = v
			}
		}
		out = append(out, o)
	}
	return out
}
