package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// TicketInput is one ticket to create (POST tickets/, §8.2).
type TicketInput struct {
	Subject    string
	Text       string // exactly one of Text and HTML
	HTML       string
	CategoryID int64
	Name       string // the requester; HappyFox finds an existing contact by e-mail (L) or creates one
	Email      string
	PriorityID int64 // 0: HappyFox's default priority
	// CustomFields are sent as t-cf-<id>, values already encoded (customfield.Object.Encode); nil values are left out.
	CustomFields map[int64]any
	Tags         []string
}

// TicketCreated is what CreateTicket did.
type TicketCreated struct {
	Ticket *Ticket
	// Settled is set when the answer was lost and the ticket was found by a search (§8.9).
	Settled bool
}

// TicketOutcomeError reports a ticket create whose answer was lost and that a search could not settle: no
// ticket, or several, match what was sent. The create was not sent again (§8.9).
type TicketOutcomeError struct {
	Subject, Email string
	Candidates     []int64 // the matching ticket numbers, when several
}

func (e *TicketOutcomeError) Error() string {
	if len(e.Candidates) > 0 {
		return fmt.Sprintf("a search finds %d tickets with the subject %q from %s created since the request (numbers %v); "+
			"which one the request created, if any, cannot be told", len(e.Candidates), e.Subject, e.Email, e.Candidates)
	}
	return fmt.Sprintf("a search finds no ticket with the subject %q from %s created since the request; HappyFox's search may "+
		"lag behind, so this does not prove that the ticket was not created", e.Subject, e.Email)
}

// createdTicketSkew is how much earlier than the request, by the provider's clock, a ticket may say it was
// created and still count as created by it: it covers the skew between the two clocks (§8.9).
const createdTicketSkew = 10 * time.Minute

func (in TicketInput) check() error {
	switch {
	case strings.TrimSpace(in.Subject) == "":
		return errors.New("a ticket needs a subject")
	case strings.TrimSpace(in.Text) == "" && strings.TrimSpace(in.HTML) == "":
		return errors.New("a ticket needs a non-empty text or html")
	case in.Text != "" && in.HTML != "":
		return errors.New("a ticket takes text or html, not both")
	case in.CategoryID <= 0:
		return errors.New("a ticket needs a category")
	case strings.TrimSpace(in.Email) == "":
		return errors.New("a ticket needs the requester's e-mail")
	}
	for _, tag := range in.Tags {
		if p := CheckTag(tag); p != "" {
			return fmt.Errorf("tag %q %s", tag, p)
		}
	}
	return nil
}

func (in TicketInput) body() map[string]any {
	b := map[string]any{"subject": in.Subject, "category": in.CategoryID, "email": strings.TrimSpace(in.Email)}
	if in.Name != "" {
		b["name"] = in.Name
	}
	if in.HTML != "" {
		b["html"] = in.HTML
	} else {
		b["text"] = in.Text
	}
	if in.PriorityID > 0 {
		b["priority"] = in.PriorityID
	}
	if len(in.Tags) > 0 {
		b["tags"] = strings.Join(in.Tags, ",")
	}
	for id, v := range in.CustomFields {
		if v != nil {
			b["t-cf-"+itoa(id)] = v
		}
	}
	return b
}

// CreateTicket creates one ticket. Its answer is checked against what was sent before its number is trusted;
// a lost, ambiguous or foreign answer is settled by a search for the ticket (§8.9): exactly one match is the
// ticket; otherwise the outcome is reported (TicketOutcomeError inside the *AmbiguousError) and the ticket is
// never created again, since nothing makes tickets unique and the search may lag (§8.2, §8.4).
func (c *Client) CreateTicket(ctx context.Context, in TicketInput) (*TicketCreated, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	const rel = "tickets/"
	sentAt := c.clock.Now().UTC()
	body := in.body()
	create := func(ctx context.Context) (*TicketCreated, error) {
		data, err := c.do(ctx, http.MethodPost, rel, nil, body)
		if err != nil {
			return nil, err
		}
		t, derr := decodeTicket(data)
		if derr != nil {
			return nil, &AmbiguousError{Method: http.MethodPost, Path: rel, Err: derr}
		}
		if m := TicketMismatch(in, &t); m != nil {
			return nil, createMismatch(rel, m)
		}
		return &TicketCreated{Ticket: &t}, nil
	}
	find := func(ctx context.Context) (*TicketCreated, error) {
		found, err := c.createdTicketCandidates(ctx, in, sentAt)
		if err != nil {
			return nil, err
		}
		if len(found) == 1 {
			return &TicketCreated{Ticket: &found[0], Settled: true}, nil
		}
		e := &TicketOutcomeError{Subject: in.Subject, Email: in.Email}
		for _, t := range found {
			e.Candidates = append(e.Candidates, t.ID)
		}
		return nil, e
	}
	return CreateVerified(ctx, c, create, find)
}

// createdTicketCandidates searches the tickets a create with in may have made: the requester's tickets created
// since the day before sentAt (the search takes days, §8.4), newest first, with the same subject and category,
// created no earlier than createdTicketSkew before sentAt.
func (c *Client) createdTicketCandidates(ctx context.Context, in TicketInput, sentAt time.Time) ([]Ticket, error) {
	email := strings.ReplaceAll(strings.TrimSpace(in.Email), `"`, "")
	q := url.Values{
		"status": {"_all"}, "sort": {"created"}, "size": {itoa(pageSize)}, "page": {"1"},
		"q": {fmt.Sprintf(`contact:"%s" created-on-or-after:"%s"`, email, sentAt.Add(-24*time.Hour).Format("2006/01/02"))},
	}
	data, err := c.get(ctx, "tickets/", q)
	if err != nil {
		return nil, err
	}
	page, err := decodeListPage(data)
	if err != nil {
		return nil, fmt.Errorf("decoding HappyFox GET tickets/: %w", err)
	}
	tickets, err := decodeItems(page.Items, decodeTicket)
	if err != nil {
		return nil, fmt.Errorf("decoding HappyFox GET tickets/: %w", err)
	}
	var out []Ticket
	for _, t := range tickets {
		if !SameText(in.Subject, t.Subject) || !SameEmail(in.Email, t.RequesterEmail) ||
			(t.CategoryID != 0 && t.CategoryID != in.CategoryID) {
			continue
		}
		if at, err := time.Parse(time.DateTime, t.CreatedAt); err == nil && at.Before(sentAt.Add(-createdTicketSkew)) {
			continue
		}
		if !slices.ContainsFunc(out, func(o Ticket) bool { return o.ID == t.ID }) {
			out = append(out, t)
		}
	}
	return out, nil
}
