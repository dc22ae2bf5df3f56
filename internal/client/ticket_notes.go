package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// TicketNoteInput is a private note (POST ticket/<n>/staff_pvtnote/, §8.5) or, with Private false, a reply
// (POST ticket/<n>/staff_update/, §8.6).
type TicketNoteInput struct {
	StaffID int64  // the agent who writes it (sent as "staff"); required
	Text    string // plain text; exactly one of Text and HTML
	HTML    string
	Private bool
	// StatusID and PriorityID, when positive, change the ticket's status and priority with the same request.
	StatusID   int64
	PriorityID int64
}

// TicketNote is what AddTicketNote did.
type TicketNote struct {
	Ticket *Ticket // the ticket after the note, from the answer or a read
	// Update is the note among the ticket's updates; nil when HappyFox accepted the note but neither its answer nor
	// the ticket shows it (§8.1 leaves open whether private notes are listed).
	Update *TicketUpdate
	// Settled is set when the answer was lost and the note was found on the ticket (§8.9).
	Settled bool
}

// NoteOutcomeError reports a note whose answer was lost and whose outcome a read of the ticket could not
// settle: the ticket shows a new message by the same agent that does not match the note, or notes of this run
// did not show among the ticket's updates at all. The note was not sent again.
type NoteOutcomeError struct {
	Ticket int64
	Reason string
}

func (e *NoteOutcomeError) Error() string {
	return fmt.Sprintf("reading ticket %d could not tell whether the note was posted: %s, so it was not sent again", e.Ticket, e.Reason)
}

func (in TicketNoteInput) check() error {
	switch {
	case in.StaffID <= 0:
		return errors.New("a note needs the id of the agent who writes it (staff)")
	case strings.TrimSpace(in.Text) == "" && strings.TrimSpace(in.HTML) == "":
		return errors.New("a note needs a non-empty text or html")
	case in.Text != "" && in.HTML != "":
		return errors.New("a note takes text or html, not both")
	case in.StatusID < 0 || in.PriorityID < 0:
		return errors.New("invalid status or priority id")
	}
	return nil
}

// body builds the payload. KB1039 names the plain text "plaintext", the overview "text" (§8.5, M): the text is
// sent under both keys, which a Django form that knows one of them reads and the other ignores (L).
func (in TicketNoteInput) body() map[string]any {
	b := map[string]any{"staff": in.StaffID}
	if in.HTML != "" {
		b["html"] = in.HTML
	} else {
		b["plaintext"], b["text"] = in.Text, in.Text
	}
	if in.StatusID > 0 {
		b["status"] = in.StatusID
	}
	if in.PriorityID > 0 {
		b["priority"] = in.PriorityID
	}
	return b
}

func (in TicketNoteInput) endpoint() string {
	if in.Private {
		return "staff_pvtnote"
	}
	return "staff_update"
}

// AddTicketNote adds a note or a reply to a ticket and makes sure it is posted at most once.
//
// A note is not idempotent (§8.5), so the transport never repeats it. The ticket is read first (one GET) and its
// updates remembered; a lost or ambiguous answer is settled by reading the ticket again (CreateVerified, §8.9):
// a new update by the same agent with the same message is the note; no new message by that agent means it was
// not posted, and it is sent again; anything else is reported (NoteOutcomeError) and nothing is resent. A 200
// answer is trusted once it is this ticket; when neither it nor a read shows the note, the note is reported as
// unseen (Update nil) and later lost answers of this client are no longer settled by absence.
func (c *Client) AddTicketNote(ctx context.Context, number int64, in TicketNoteInput) (*TicketNote, error) {
	if err := checkID("ticket", number); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	before, err := c.readTicket(ctx, number)
	if err != nil {
		return nil, err
	}
	seen := updateCounts(before.Updates)
	rel := ticketPath(number, in.endpoint())
	body := in.body()

	send := func(ctx context.Context) (*TicketNote, error) {
		data, err := c.do(ctx, http.MethodPost, rel, nil, body)
		if err != nil {
			return nil, err
		}
		t, derr := decodeTicket(data)
		if derr == nil && t.ID != number {
			// Another ticket's body (a proxy, a bug): whether the note landed on this ticket is unknown (§8.9).
			return nil, &AmbiguousError{Method: http.MethodPost, Path: rel, Err: &AnswerMismatchError{
				Kind: "ticket", ID: t.ID, Field: "id", Sent: itoa(number), Answered: itoa(t.ID)}}
		}
		if derr == nil {
			if m, _ := findNote(t.Updates, seen, in); m != nil {
				return &TicketNote{Ticket: &t, Update: m}, nil
			}
		}
		// Accepted (200), but the answer does not show the note: read the ticket once.
		cur, rerr := c.readTicket(ctx, number)
		switch {
		case rerr == nil:
			if m, _ := findNote(cur.Updates, seen, in); m != nil {
				return &TicketNote{Ticket: cur, Update: m}, nil
			}
		case derr == nil:
			cur = &t
		default:
			cur = before
		}
		c.ticketNotesUnseen.Store(true) // later lost answers cannot be settled by the note's absence
		return &TicketNote{Ticket: cur}, nil
	}
	find := func(ctx context.Context) (*TicketNote, error) {
		cur, err := c.readTicket(ctx, number)
		if err != nil {
			return nil, err
		}
		m, other := findNote(cur.Updates, seen, in)
		switch {
		case m != nil:
			return &TicketNote{Ticket: cur, Update: m, Settled: true}, nil
		case other != nil:
			return nil, &NoteOutcomeError{Ticket: number, Reason: fmt.Sprintf("it shows a new message by agent %d (update %d) "+
				"that does not match the note sent", in.StaffID, other.ID)}
		case c.ticketNotesUnseen.Load():
			return nil, &NoteOutcomeError{Ticket: number, Reason: "a note HappyFox accepted earlier in this run did not show " +
				"among the ticket's updates, so the note's absence proves nothing"}
		}
		return nil, nil
	}
	return CreateVerified(ctx, c, send, find)
}

// updateKey names an update: its update_id, or, without one, what it says (§8.1 shows update_id on every
// update; the fallback is L).
func updateKey(u TicketUpdate) string {
	if u.ID > 0 {
		return "id:" + itoa(u.ID)
	}
	return fmt.Sprintf("fp:%s|%s|%d|%q|%q", u.Timestamp, u.ByType, u.ByID, u.Text, u.HTML)
}

func updateCounts(us []TicketUpdate) map[string]int {
	m := make(map[string]int, len(us))
	for _, u := range us {
		m[updateKey(u)]++
	}
	return m
}

// findNote looks among the updates that were not there before (seen) for a message by the note's agent:
// match is one that says what the note says; other, when there is no match, a new message by the same agent
// that says something else.
func findNote(us []TicketUpdate, seen map[string]int, in TicketNoteInput) (match, other *TicketUpdate) {
	left := make(map[string]int, len(seen))
	for k, v := range seen {
		left[k] = v
	}
	for i := range us {
		u := &us[i]
		if k := updateKey(*u); left[k] > 0 {
			left[k]--
			continue
		}
		if !u.HasMessage || u.ByID != in.StaffID || (u.ByType != "" && !strings.EqualFold(u.ByType, "staff")) {
			continue
		}
		if sameMessage(in, *u) {
			return u, nil
		}
		if other == nil {
			other = u
		}
	}
	return nil, other
}

// sameMessage compares a stored message with the note sent: HappyFox appends "\n\n" to the text and wraps the
// HTML (§8.1), so runs of white space do not count and the HTML sent must appear inside the stored HTML.
func sameMessage(in TicketNoteInput, u TicketUpdate) bool {
	if in.HTML != "" {
		return strings.Contains(squeeze(u.HTML), squeeze(in.HTML))
	}
	return squeeze(u.Text) == squeeze(in.Text)
}

func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }
