package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// Tickets (docs/dev/happyfox-api.md §8): reading one ticket with its updates, and the priorities list. The
// writes are in ticket_notes.go, ticket_tags.go and ticket_create.go.

// Ticket is a ticket (§8.1, H). ID is the ticket number the API addresses it by; DisplayID the category prefix
// plus the number ("#DC00000003").
type Ticket struct {
	ID             int64
	DisplayID      string
	Subject        string
	StatusID       int64
	StatusName     string
	StatusBehavior string // "pending" or "completed" (§5)
	PriorityID     int64
	PriorityName   string
	CategoryID     int64
	CategoryName   string
	// CategoryTimeSpentMandatory: a note or reply without time spent may be refused (§8.5).
	CategoryTimeSpentMandatory bool
	Tags                       []string // from the comma-separated tags (§8.1), in HappyFox's order
	CustomFields               []TicketFieldValue
	RequesterID                int64
	RequesterName              string
	RequesterEmail             string
	CreatedAt                  string // "YYYY-MM-DD HH:MM:SS", UTC (§1 Timestamps)
	Updates                    []TicketUpdate
}

// TicketFieldValue is one ticket custom field value (§8.1): Value and ValueID as JSON-decoded; both nil when
// unset. Choice fields are read as for contacts (§2.1, L).
type TicketFieldValue struct {
	ID      int64
	Name    string
	Type    string
	Value   any
	ValueID any
}

// TicketUpdate is one entry of a ticket's updates (§8.1).
type TicketUpdate struct {
	ID         int64  // update_id; 0 when absent
	Timestamp  string // "YYYY-MM-DD HH:MM:SS", UTC
	ByID       int64
	ByType     string // "staff" or "user"
	HasMessage bool
	Text       string // as HappyFox stores it: "\n\n" appended (§8.1)
	HTML       string // wrapped in <html>…<body> (§8.1)
}

// Priority is a ticket priority (§8.8).
type Priority struct {
	ID      int64
	Name    string
	Order   int64
	Default bool
}

// tagField decodes tags: one comma-separated string (§8.1, H), or, tolerantly, a list.
type tagField []string

func (t *tagField) UnmarshalJSON(b []byte) error {
	var l domainList // the same rule as tagged_domains: comma-separated, trimmed, empties dropped
	if err := l.UnmarshalJSON(b); err != nil {
		return err
	}
	*t = tagField(l)
	return nil
}

type rawTicketRef struct {
	ID                 ID         `json:"id"`
	Name               flexString `json:"name"`
	Behavior           flexString `json:"behavior"`
	TimeSpentMandatory flexBool   `json:"time_spent_mandatory"`
}

// UnmarshalJSON accepts an object or a bare id (a reference, decode.go's ref rule).
func (r *rawTicketRef) UnmarshalJSON(b []byte) error {
	*r = rawTicketRef{}
	if t := strings.TrimSpace(string(b)); !strings.HasPrefix(t, "{") {
		var x ref
		if err := x.UnmarshalJSON(b); err != nil {
			return err
		}
		r.ID, r.Name = ID(x.ID), flexString(x.Name)
		return nil
	}
	type plain rawTicketRef
	return json.Unmarshal(b, (*plain)(r))
}

type rawTicket struct {
	ID           ID           `json:"id"`
	DisplayID    flexString   `json:"display_id"`
	Subject      flexString   `json:"subject"`
	Status       rawTicketRef `json:"status"`
	Priority     rawTicketRef `json:"priority"`
	Category     rawTicketRef `json:"category"`
	Tags         tagField     `json:"tags"`
	CreatedAt    flexString   `json:"created_at"`
	CustomFields []struct {
		ID      ID              `json:"id"`
		Name    flexString      `json:"name"`
		Type    flexString      `json:"type"`
		Value   json.RawMessage `json:"value"`
		ValueID json.RawMessage `json:"value_id"`
	} `json:"custom_fields"`
	User *struct {
		ID    ID         `json:"id"`
		Name  flexString `json:"name"`
		Email flexString `json:"email"`
	} `json:"user"`
	Updates []struct {
		UpdateID  ID         `json:"update_id"`
		Timestamp flexString `json:"timestamp"`
		By        *struct {
			ID   ID         `json:"id"`
			Type flexString `json:"type"`
		} `json:"by"`
		Message *struct {
			Text flexString `json:"text"`
			HTML flexString `json:"html"`
		} `json:"message"`
	} `json:"updates"`
}

// decodeTicket decodes the ticket object of §8.1. Missing keys are tolerated (R7's list leaves absent changes
// out); an answer without an id is an error, so that no caller mistakes it for ticket 0.
func decodeTicket(data []byte) (Ticket, error) {
	var r rawTicket
	if err := decodeObject(data, &r); err != nil {
		return Ticket{}, fmt.Errorf("decoding ticket: %w", err)
	}
	if r.ID <= 0 {
		return Ticket{}, fmt.Errorf("decoding ticket: the answer has no ticket number (id)")
	}
	t := Ticket{
		ID: int64(r.ID), DisplayID: string(r.DisplayID), Subject: string(r.Subject),
		StatusID: int64(r.Status.ID), StatusName: string(r.Status.Name), StatusBehavior: string(r.Status.Behavior),
		PriorityID: int64(r.Priority.ID), PriorityName: string(r.Priority.Name),
		CategoryID: int64(r.Category.ID), CategoryName: string(r.Category.Name),
		CategoryTimeSpentMandatory: bool(r.Category.TimeSpentMandatory),
		Tags:                       []string(r.Tags), CreatedAt: string(r.CreatedAt),
	}
	if r.User != nil {
		t.RequesterID, t.RequesterName, t.RequesterEmail = int64(r.User.ID), string(r.User.Name), string(r.User.Email)
	}
	for _, f := range r.CustomFields {
		v, err := decodeAny(f.Value)
		if err != nil {
			return Ticket{}, fmt.Errorf("decoding ticket %d custom field %d: %w", t.ID, f.ID, err)
		}
		vid, err := decodeAny(f.ValueID)
		if err != nil {
			return Ticket{}, fmt.Errorf("decoding ticket %d custom field %d: %w", t.ID, f.ID, err)
		}
		t.CustomFields = append(t.CustomFields, TicketFieldValue{ID: int64(f.ID), Name: string(f.Name), Type: string(f.Type), Value: v, ValueID: vid})
	}
	for _, u := range r.Updates {
		out := TicketUpdate{ID: int64(u.UpdateID), Timestamp: string(u.Timestamp)}
		if u.By != nil {
			out.ByID, out.ByType = int64(u.By.ID), string(u.By.Type)
		}
		if u.Message != nil {
			out.HasMessage, out.Text, out.HTML = true, string(u.Message.Text), string(u.Message.HTML)
		}
		t.Updates = append(t.Updates, out)
	}
	return t, nil
}

func decodePriority(data []byte) (Priority, error) {
	var r struct {
		ID      ID         `json:"id"`
		Name    flexString `json:"name"`
		Order   ID         `json:"order"`
		Default flexBool   `json:"default"`
	}
	if err := decodeObject(data, &r); err != nil {
		return Priority{}, fmt.Errorf("decoding priority: %w", err)
	}
	return Priority{ID: int64(r.ID), Name: string(r.Name), Order: int64(r.Order), Default: bool(r.Default)}, nil
}

func ticketPath(number int64, action ...string) string {
	return objectPath("ticket", number, action...)
}

// readTicket GETs a ticket and decodes it; the answer must be the ticket asked for.
func (c *Client) readTicket(ctx context.Context, number int64) (*Ticket, error) {
	rel := ticketPath(number)
	body, err := c.get(ctx, rel, nil)
	if err != nil {
		return nil, err
	}
	t, err := decodeTicket(body)
	if err != nil {
		return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
	}
	if t.ID != number {
		return nil, fmt.Errorf("HappyFox GET %s answered with ticket %d, not the ticket asked for", rel, t.ID)
	}
	return &t, nil
}

// GetTicket returns GET ticket/<number>/ (§8.1). An unknown number is an error for which IsNotFound holds
// (404, or a 400 saying it does not exist: §8.1 leaves the answer open).
func (c *Client) GetTicket(ctx context.Context, number int64) (*Ticket, error) {
	if err := checkID("ticket", number); err != nil {
		return nil, err
	}
	return c.readTicket(ctx, number)
}

// memoPriorities keys the priorities list in the client's memo (memo.go).
const memoPriorities = "priorities"

// ListPriorities returns GET priorities/ (§8.8), fetched once per Client. A bare array or the paged envelope
// are both read (the shape is L).
func (c *Client) ListPriorities(ctx context.Context) ([]Priority, error) {
	return memoized(ctx, &c.memo, memoPriorities, func(ctx context.Context) ([]Priority, error) {
		return fetchList(ctx, c, "priorities/", nil, false, decodePriority)
	})
}
