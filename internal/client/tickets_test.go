package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// ticketFixture is KB1039's ticket detail example (§8.1), trimmed to what the client reads, plus the keys R7's
// fixtures add.
const ticketFixture = `{
  "status": {"name": "In Progress", "color": "0066CC", "order": 2, "default": false, "behavior": "pending", "id": 2},
  "first_message": "Example message\n\n", "id": 3, "subject": "Example ticket",
  "category": {"prepopulate_cc": "AR", "description": "Default Category", "time_spent_mandatory": true, "public": true, "id": 1, "name": "Default Category"},
  "priority": {"default": false, "id": 3, "name": "High", "order": 3},
  "custom_fields": [{"compulsory_on_complete": false, "name": "Product Color", "value": "grey", "value_id": null, "type": "text", "id": 1, "visible_to_staff_only": false},
                    {"compulsory_on_complete": true, "name": "Test Field 2", "type": "text", "id": 4, "visible_to_staff_only": false}],
  "display_id": "#DC00000003", "tags": "test, example", "created_at": "2019-08-13 08:59:11",
  "user": {"name": "Welcome", "id": 1, "email": "james@example.com", "custom_fields": []},
  "updates": [
    {"priority_change": {"new_name": "High", "new": 3, "old": 1, "old_name": "Medium"}, "timestamp": "2019-08-13 08:59:42",
     "by": {"email": "james@example.com", "type": "staff", "id": 1, "name": "admin"}, "update_id": 52,
     "message": {"attachments": [], "text": "Attachment added\n\n", "html": "\n\n", "message_type": null}},
    {"timestamp": "2019-08-13 09:00:00", "by": {"id": 1, "type": "staff"}, "update_id": 53, "message": null}
  ]
}`

func TestGetTicketDecodesTheDetail(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET", "ticket/3/", 200, ticketFixture)
	tk, err := f.client().GetTicket(context.Background(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if tk.ID != 3 || tk.DisplayID != "#DC00000003" || tk.Subject != "Example ticket" || tk.StatusID != 2 || tk.StatusName != "In Progress" ||
		tk.StatusBehavior != "pending" || tk.PriorityID != 3 || tk.PriorityName != "High" || tk.CategoryID != 1 || !tk.CategoryTimeSpentMandatory ||
		tk.RequesterEmail != "james@example.com" || tk.CreatedAt != "2019-08-13 08:59:11" {
		t.Fatalf("%+v", tk)
	}
	if strings.Join(tk.Tags, "|") != "test|example" {
		t.Fatalf("tags %q", tk.Tags)
	}
	if len(tk.CustomFields) != 2 || tk.CustomFields[0].Value != "grey" || tk.CustomFields[1].Value != nil {
		t.Fatalf("%+v", tk.CustomFields)
	}
	if len(tk.Updates) != 2 || tk.Updates[0].ID != 52 || !tk.Updates[0].HasMessage || tk.Updates[0].Text != "Attachment added\n\n" ||
		tk.Updates[1].HasMessage || tk.Updates[1].ByType != "staff" {
		t.Fatalf("%+v", tk.Updates)
	}

	f.reply("GET", "ticket/4/", 404, `{"error": "Not found"}`)
	if _, err := f.client().GetTicket(context.Background(), 4); !IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
	// An answer that is another ticket is not taken for this one.
	f.reply("GET", "ticket/5/", 200, ticketFixture)
	if _, err := f.client().GetTicket(context.Background(), 5); err == nil || !strings.Contains(err.Error(), "answered with ticket 3") {
		t.Fatalf("got %v", err)
	}
}

func TestListPriorities(t *testing.T) {
	f := newFakeAPI(t)
	f.reply("GET", "priorities/", 200, `[{"id": 1, "name": "Low", "order": 1, "default": false}, {"id": "2", "name": "Medium", "order": 2, "default": true}]`)
	c := f.client()
	for range 2 {
		ps, err := c.ListPriorities(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[1].ID != 2 || !ps[1].Default || ps[0].Name != "Low" {
			t.Fatalf("%+v", ps)
		}
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("%d requests, want 1 (memoized)", n)
	}
}

// fakeTicketDesk is a scripted ticket store: GET ticket/<n>/ renders the ticket; a note endpoint appends an
// update and then answers as the next scripted outcome says.
type fakeTicketDesk struct {
	mu       sync.Mutex
	tags     []string
	updates  []map[string]any
	nextID   int64
	outcomes []noteOutcome // one per note POST; the last one repeats
	posts    int
	hideNote bool // store notes but leave them out of the detail
}

type noteOutcome struct {
	process bool // append the update
	status  int  // answer status; 0: 200 with the ticket
	drop    bool // close the connection instead of answering
	text    string
}

func newFakeTicketDesk(f *fakeAPI, outcomes ...noteOutcome) *fakeTicketDesk {
	d := &fakeTicketDesk{nextID: 100, outcomes: outcomes, tags: []string{"change"}}
	d.updates = []map[string]any{{"update_id": 99, "timestamp": "2026-11-28 13:00:00", "by": map[string]any{"id": 7, "type": "user"},
		"message": map[string]any{"text": "Please deploy\n\n", "html": "<p>Please deploy</p>"}}}
	f.on("GET", "ticket/3/", func(w http.ResponseWriter, _ *http.Request, _ recorded) { d.write(w, 200) })
	note := func(w http.ResponseWriter, _ *http.Request, rec recorded) {
		var body map[string]any
		_ = json.Unmarshal([]byte(rec.Body), &body)
		d.mu.Lock()
		o := d.outcomes[min(d.posts, len(d.outcomes)-1)]
		d.posts++
		if o.process {
			text, _ := body["plaintext"].(string)
			html, _ := body["html"].(string)
			if html == "" {
				html = text
			}
			if o.text != "" {
				text, html = o.text, o.text
			}
			d.nextID++
			d.updates = append(d.updates, map[string]any{"update_id": d.nextID, "timestamp": "2026-11-28 14:00:00",
				"by": map[string]any{"id": body["staff"], "type": "staff"}, "private": true,
				"message": map[string]any{"text": text + "\n\n", "html": "<html><body>" + html + "</body></html>"}})
		}
		d.mu.Unlock()
		switch {
		case o.drop:
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close()
		case o.status != 0:
			w.WriteHeader(o.status)
			_, _ = io.WriteString(w, "<html>502 Bad Gateway</html>")
		default:
			d.write(w, 200)
		}
	}
	f.on("POST", "ticket/3/staff_pvtnote/", note)
	f.on("POST", "ticket/3/staff_update/", note)
	return d
}

func (d *fakeTicketDesk) write(w http.ResponseWriter, status int) {
	d.mu.Lock()
	var shown []map[string]any
	for _, u := range d.updates {
		if _, private := u["private"]; private && d.hideNote {
			continue
		}
		shown = append(shown, u)
	}
	body, _ := json.Marshal(map[string]any{"id": 3, "display_id": "#DC00000003", "subject": "Change 42",
		"tags": strings.Join(d.tags, ","), "updates": shown, "status": map[string]any{"id": 1, "name": "New"}})
	d.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (d *fakeTicketDesk) notes() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, u := range d.updates {
		if by, _ := u["by"].(map[string]any); by["type"] == "staff" {
			out = append(out, u["message"].(map[string]any)["text"].(string))
		}
	}
	return out
}

func notePosts(f *fakeAPI) int {
	n := 0
	for _, r := range f.requests() {
		if r.Method == "POST" {
			n++
		}
	}
	return n
}

func TestAddTicketNote(t *testing.T) {
	note := TicketNoteInput{StaffID: 1, Text: "Applied by run 7", Private: true}
	for _, tt := range []struct {
		name     string
		outcomes []noteOutcome
		hide     bool
		posts    int
		notes    int
		settled  bool
		unseen   bool
		errHas   string
	}{
		{"answered", []noteOutcome{{process: true}}, false, 1, 1, false, false, ""},
		{"processed, 502 page: found on the ticket, not sent again", []noteOutcome{{process: true, status: 502}}, false, 1, 1, true, false, ""},
		{"processed, connection dropped: found, not sent again", []noteOutcome{{process: true, drop: true}}, false, 1, 1, true, false, ""},
		{"502 before processing: absent, sent again", []noteOutcome{{status: 502}, {process: true}}, false, 2, 1, false, false, ""},
		{"absent every time: gives up after max_retries", []noteOutcome{{status: 503}}, false, 3, 0, false, false, "may or may not"},
		{"another message by the agent appeared: reported, not sent again", []noteOutcome{{process: true, status: 502, text: "something else"}},
			false, 1, 1, false, false, "does not match the note sent"},
		{"accepted but hidden: success without the update", []noteOutcome{{process: true}}, true, 1, 1, false, true, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			d := newFakeTicketDesk(f, tt.outcomes...)
			d.hideNote = tt.hide
			got, err := f.client().AddTicketNote(context.Background(), 3, note)
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) || !IsAmbiguous(err) {
					t.Fatalf("want an ambiguous error with %q, got %v", tt.errHas, err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if n := notePosts(f); n != tt.posts {
				t.Fatalf("%d POSTs, want %d", n, tt.posts)
			}
			if n := len(d.notes()); n != tt.notes {
				t.Fatalf("%d notes on the ticket, want %d: %q", n, tt.notes, d.notes())
			}
			if err == nil {
				if got.Settled != tt.settled || (got.Update == nil) != tt.unseen || got.Ticket == nil || got.Ticket.ID != 3 {
					t.Fatalf("%+v", got)
				}
			}
		})
	}
}

// TestAddTicketNoteAfterAnUnseenNoteIsNotResent: once a note HappyFox accepted did not show among the updates
// (private notes hidden from the API, §8.1 "?"), a lost answer is reported, not settled by the note's absence.
func TestAddTicketNoteAfterAnUnseenNoteIsNotResent(t *testing.T) {
	f := newFakeAPI(t)
	d := newFakeTicketDesk(f, noteOutcome{process: true}, noteOutcome{process: true, status: 502})
	d.hideNote = true
	c := f.client()
	first, err := c.AddTicketNote(context.Background(), 3, TicketNoteInput{StaffID: 1, Text: "one", Private: true})
	if err != nil || first.Update != nil {
		t.Fatalf("%+v %v", first, err)
	}
	_, err = c.AddTicketNote(context.Background(), 3, TicketNoteInput{StaffID: 1, Text: "two", Private: true})
	var oe *NoteOutcomeError
	if !errors.As(err, &oe) || !IsAmbiguous(err) || !strings.Contains(err.Error(), "proves nothing") {
		t.Fatalf("got %v", err)
	}
	if n := notePosts(f); n != 2 || len(d.notes()) != 2 {
		t.Fatalf("%d POSTs, notes %q: the second note must be sent once", n, d.notes())
	}
}

func TestAddTicketNoteRequests(t *testing.T) {
	f := newFakeAPI(t)
	newFakeTicketDesk(f, noteOutcome{process: true})
	c := f.client()
	if _, err := c.AddTicketNote(context.Background(), 3, TicketNoteInput{StaffID: 2, Text: "Done", StatusID: 4, PriorityID: 3}); err != nil {
		t.Fatal(err)
	}
	lastPost := func() recorded {
		var post recorded
		for _, r := range f.requests() {
			if r.Method == "POST" {
				post = r
			}
		}
		return post
	}
	last := lastPost()
	if last.Path != "ticket/3/staff_update/" {
		t.Fatalf("a reply goes to staff_update, got %s", last.Path)
	}
	jsonEqual(t, last.JSON(t), `{"staff": 2, "plaintext": "Done", "text": "Done", "status": 4, "priority": 3}`)
	if _, err := c.AddTicketNote(context.Background(), 3, TicketNoteInput{StaffID: 1, HTML: "<p>Done</p>", Private: true}); err != nil {
		t.Fatal(err)
	}
	if last := lastPost(); last.Path != "ticket/3/staff_pvtnote/" {
		t.Fatalf("got %s", last.Path)
	} else {
		jsonEqual(t, last.JSON(t), `{"staff": 1, "html": "<p>Done</p>"}`)
	}
	before := len(f.requests())
	for _, bad := range []TicketNoteInput{{Text: "x"}, {StaffID: 1}, {StaffID: 1, Text: " "}, {StaffID: 1, Text: "x", HTML: "y"}} {
		if _, err := c.AddTicketNote(context.Background(), 3, bad); err == nil {
			t.Fatalf("%+v accepted", bad)
		}
	}
	if n := len(f.requests()); n != before {
		t.Fatalf("bad input sent %d requests", n-before)
	}
	// A refusal is an error with its fields, and is not retried.
	f.reply("POST", "ticket/3/staff_pvtnote/", 400, `{"error": {"staff": ["Select a valid choice. That choice is not one of the available choices."]}}`)
	_, err := c.AddTicketNote(context.Background(), 3, TicketNoteInput{StaffID: 99, Text: "x", Private: true})
	if fe := FieldErrors(err); len(fe) != 1 || fe[0].Field != "staff" || IsAmbiguous(err) {
		t.Fatalf("got %v", err)
	}
}

func TestUpdateTicketTags(t *testing.T) {
	f := newFakeAPI(t)
	d := newFakeTicketDesk(f, noteOutcome{})
	fails := 1
	f.on("POST", "ticket/3/update_tags/", func(w http.ResponseWriter, _ *http.Request, rec recorded) {
		var body map[string]any
		_ = json.Unmarshal([]byte(rec.Body), &body)
		d.mu.Lock()
		add, _ := body["add"].(string)
		for _, tag := range strings.Split(add, ",") {
			if tag != "" && !strings.Contains(","+strings.Join(d.tags, ",")+",", ","+tag+",") {
				d.tags = append(d.tags, tag)
			}
		}
		remove, _ := body["remove"].(string)
		var kept []string
		for _, tag := range d.tags {
			if !strings.Contains(","+remove+",", ","+tag+",") {
				kept = append(kept, tag)
			}
		}
		d.tags = kept
		retry := fails > 0
		fails--
		d.mu.Unlock()
		if retry {
			// Carried out, then the answer is lost: the request is idempotent, so it is simply sent again.
			w.WriteHeader(502)
			return
		}
		d.write(w, 200)
	})
	c := f.client()
	tk, err := c.UpdateTicketTags(context.Background(), 3, TicketTagsInput{StaffID: 1, Add: []string{"deployed", "terraform"}, Remove: []string{"change"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tk.Tags, ",") != "deployed,terraform" || notePosts(f) != 2 {
		t.Fatalf("tags %q after %d POSTs", tk.Tags, notePosts(f))
	}
	jsonEqual(t, f.last().JSON(t), `{"add": "deployed,terraform", "remove": "change", "staff_id": 1}`)

	// An answer and a read-back without the change: HappyFox did not apply it.
	f.reply("POST", "ticket/3/update_tags/", 200, `{"id": 3, "tags": "deployed"}`)
	_, err = c.UpdateTicketTags(context.Background(), 3, TicketTagsInput{Add: []string{"extra"}})
	var na *TagsNotAppliedError
	if !errors.As(err, &na) || len(na.Missing) != 1 || na.Missing[0] != "extra" {
		t.Fatalf("got %v", err)
	}
	before := len(f.requests())
	for _, bad := range []TicketTagsInput{{}, {Add: []string{"a,b"}}, {Add: []string{" a"}}, {Add: []string{""}}, {Add: []string{"a"}, Remove: []string{"a"}}} {
		if _, err := c.UpdateTicketTags(context.Background(), 3, bad); err == nil {
			t.Fatalf("%+v accepted", bad)
		}
	}
	if n := len(f.requests()); n != before {
		t.Fatalf("bad input sent %d requests", n-before)
	}
}

// fakeTicketCreates scripts POST tickets/ and the search: created tickets are searchable unless lagging.
type fakeTicketCreates struct {
	mu      sync.Mutex
	tickets []string // rendered tickets, newest last
	lag     bool
	answer  func(w http.ResponseWriter, ticket string) // how POST tickets/ answers once the ticket is stored
	query   string
}

func newFakeTicketCreates(f *fakeAPI, answer func(w http.ResponseWriter, ticket string)) *fakeTicketCreates {
	fc := &fakeTicketCreates{answer: answer}
	f.on("POST", "tickets/", func(w http.ResponseWriter, _ *http.Request, rec recorded) {
		var body map[string]any
		_ = json.Unmarshal([]byte(rec.Body), &body)
		fc.mu.Lock()
		tags, _ := body["tags"].(string)
		tk := fmt.Sprintf(`{"id": %d, "display_id": "#SU%08d", "subject": %q, "category": {"id": %v}, "created_at": "2026-11-28 14:00:00",
		  "priority": {"id": 2}, "user": {"id": 9, "email": %q}, "tags": %q}`, 10+len(fc.tickets), 10+len(fc.tickets), body["subject"],
			body["category"], body["email"], tags)
		fc.tickets = append(fc.tickets, tk)
		fc.mu.Unlock()
		fc.answer(w, tk)
	})
	f.on("GET", "tickets/", func(w http.ResponseWriter, r *http.Request, _ recorded) {
		fc.mu.Lock()
		fc.query = r.URL.RawQuery
		var data []string
		if !fc.lag {
			for i := len(fc.tickets) - 1; i >= 0; i-- {
				data = append(data, fc.tickets[i])
			}
		}
		fc.mu.Unlock()
		_, _ = io.WriteString(w, `{"page_info": {"count": 1, "page_count": 1}, "data": [`+strings.Join(data, ",")+`]}`)
	})
	return fc
}

func TestCreateTicket(t *testing.T) {
	in := TicketInput{Subject: "Change 42 applied", Text: "Run 7", CategoryID: 3, Name: "Pipeline", Email: "ci@example.com",
		PriorityID: 3, Tags: []string{"change", "terraform"}, CustomFields: map[int64]any{62: int64(7), 63: nil}}
	answered := func(w http.ResponseWriter, tk string) { _, _ = io.WriteString(w, tk) }
	lost := func(w http.ResponseWriter, _ string) { w.WriteHeader(502) }
	foreign := func(w http.ResponseWriter, _ string) {
		_, _ = io.WriteString(w, `{"id": 1, "subject": "Printer out of toner", "category": {"id": 3}, "user": {"email": "ci@example.com"}}`)
	}
	for _, tt := range []struct {
		name    string
		answer  func(http.ResponseWriter, string)
		lag     bool
		settled bool
		errHas  string
	}{
		{"answered", answered, false, false, ""},
		{"answer lost: found by the search, not sent again", lost, false, true, ""},
		{"answered with another ticket: found by the search", foreign, false, true, ""},
		{"answer lost, search lags: reported, not sent again", lost, true, false, "does not prove that the ticket was not created"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			fc := newFakeTicketCreates(f, tt.answer)
			fc.lag = tt.lag
			c := f.clientOn(clockOf(newFakeClock())) // the request is sent at 2026-11-28 14:00 UTC
			got, err := c.CreateTicket(context.Background(), in)
			if tt.errHas != "" {
				var oe *TicketOutcomeError
				if !errors.As(err, &oe) || !IsAmbiguous(err) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("got %v", err)
				}
			} else if err != nil {
				t.Fatal(err)
			} else if got.Settled != tt.settled || got.Ticket.ID != 10 || got.Ticket.Subject != in.Subject {
				t.Fatalf("%+v", got.Ticket)
			}
			if n := notePosts(f); n != 1 {
				t.Fatalf("%d creates, want exactly 1", n)
			}
			var post recorded
			for _, r := range f.requests() {
				if r.Method == "POST" {
					post = r
				}
			}
			jsonEqual(t, post.JSON(t), `{"subject": "Change 42 applied", "text": "Run 7", "category": 3, "name": "Pipeline",
			  "email": "ci@example.com", "priority": 3, "tags": "change,terraform", "t-cf-62": 7}`)
			if tt.settled && !strings.Contains(fc.query, "contact%3A%22ci%40example.com%22+created-on-or-after%3A%222026%2F11%2F27%22") {
				t.Fatalf("search %s", fc.query)
			}
		})
	}
}

func TestCreateTicketSearchIgnoresOlderAndOtherTickets(t *testing.T) {
	f := newFakeAPI(t)
	fc := newFakeTicketCreates(f, func(w http.ResponseWriter, _ string) { w.WriteHeader(502) })
	// Two tickets that look alike but are not the one sent: an older one with the same subject (an earlier
	// run), and one in another category.
	fc.tickets = []string{
		`{"id": 5, "subject": "Change 42 applied", "category": {"id": 3}, "created_at": "2026-11-28 13:00:00", "user": {"email": "ci@example.com"}}`,
		`{"id": 6, "subject": "Change 42 applied", "category": {"id": 4}, "created_at": "2026-11-28 14:00:00", "user": {"email": "ci@example.com"}}`,
	}
	c := f.clientOn(clockOf(newFakeClock())) // 14:00 UTC: ticket 5 is an hour older than the request
	got, err := c.CreateTicket(context.Background(), TicketInput{Subject: "Change 42 applied", Text: "x", CategoryID: 3, Email: "ci@example.com"})
	if err != nil || got.Ticket.ID != 12 || !got.Settled {
		t.Fatalf("%+v %v", got, err)
	}
}
