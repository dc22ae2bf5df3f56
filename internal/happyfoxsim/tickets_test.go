package happyfoxsim_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestTicketCreateAnswersTheTicketDetail(t *testing.T) {
	clk := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{Now: clk.Now})
	tk := h.post("tickets/", map[string]any{
		"name": "New Requester", "email": "new.requester@example.com", "subject": "Change #42 applied",
		"text": "Pipeline run 7", "category": 3, "priority": 3, "tags": "change, terraform", "t-cf-62": 5, "t-cf-64": []int{2, 1},
	}, 200).obj(t)
	if tk["display_id"] != fmt.Sprintf("#SU%08d", int(num(tk["id"]))) || tk["subject"] != "Change #42 applied" || tk["tags"] != "change,terraform" {
		t.Fatalf("%v", tk)
	}
	if p := tk["priority"].(map[string]any); num(p["id"]) != 3 || p["name"] != "High" {
		t.Fatalf("priority %v", p)
	}
	if c := tk["category"].(map[string]any); num(c["id"]) != 3 {
		t.Fatalf("category %v", c)
	}
	if u := tk["user"].(map[string]any); u["email"] != "new.requester@example.com" {
		t.Fatalf("user %v", u)
	}
	mustEqualJSON(t, tk["custom_fields"], `[
	 {"id":61,"name":"Request Survey","type":"choice","value":null,"value_id":null,"visible_to_staff_only":false,"compulsory_on_complete":true},
	 {"id":62,"name":"Product","type":"dropdown","value":"Gadget","value_id":5,"visible_to_staff_only":false,"compulsory_on_complete":false},
	 {"id":64,"name":"Regions","type":"multiple_choice","value":"North,South","value_id":[1,2],"visible_to_staff_only":false,"compulsory_on_complete":false}]`)
	updates := tk["updates"].([]any)
	if len(updates) != 1 {
		t.Fatalf("updates %v", updates)
	}
	msg := updates[0].(map[string]any)["message"].(map[string]any)
	if msg["text"] != "Pipeline run 7\n\n" || !strings.HasPrefix(msg["html"].(string), `<html><head><meta charset="utf-8"></head><body>`) {
		t.Fatalf("message %v", msg)
	}
	if updates[0].(map[string]any)["timestamp"] != "2026-11-28 12:00:00" {
		t.Fatalf("timestamp %v", updates[0])
	}
	if _, found := h.sim.ContactByEmail("new.requester@example.com"); !found {
		t.Fatal("a new requester must become a contact")
	}
	got := h.get(fmt.Sprintf("ticket/%d/", int(num(tk["id"]))), 200).obj(t)
	mustEqualJSON(t, got, string(h.get(fmt.Sprintf("ticket/%d/", int(num(tk["id"]))), 200).body))
	if h.sim.TicketCounters().Created != 1 {
		t.Fatalf("%+v", h.sim.TicketCounters())
	}
}

func TestTicketCreateRefusals(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	cases := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no subject", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "category": 3, "t-cf-62": 7}, "subject"},
		{"no category", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "subject": "s"}, "category"},
		{"private category", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "subject": "s", "category": 5}, "category"},
		{"no text or html", map[string]any{"email": "a@example.com", "name": "A", "subject": "s", "category": 3, "t-cf-62": 7}, "text"},
		{"new contact without a name", map[string]any{"email": "a@example.com", "text": "x", "subject": "s", "category": 3, "t-cf-62": 7}, "name"},
		{"unknown priority", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "subject": "s", "category": 3, "t-cf-62": 7, "priority": 99}, "priority"},
		{"required field missing", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "subject": "s", "category": 3}, "t-cf-62"},
		{"field of another category", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "subject": "s", "category": 3, "t-cf-62": 7, "t-cf-63": "x"}, "t-cf-63"},
		{"bad choice", map[string]any{"email": "a@example.com", "name": "A", "text": "x", "subject": "s", "category": 3, "t-cf-62": 99}, "t-cf-62"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.post("tickets/", c.body, 400)
			if shapeAErrors(t, r, c.field) == nil {
				t.Fatalf("no error on %s: %s", c.field, r.body)
			}
		})
	}
	if _, found := h.sim.ContactByEmail("a@example.com"); found {
		t.Fatal("a refused ticket must not create its requester")
	}
	if n := len(h.sim.Tickets()); n != 2 {
		t.Fatalf("%d tickets, want the 2 seed tickets", n)
	}
}

func TestTicketBulkCreate(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	ok := map[string]any{"email": "existing@example.com", "text": "x", "subject": "bulk", "category": 3, "t-cf-62": 7}
	bad := map[string]any{"email": "existing@example.com", "text": "x", "subject": "bulk"}
	res := h.post("tickets/", []any{ok, bad, ok}, 200).list(t)
	if len(res) != 3 || res[0].(map[string]any)["success"] != true || res[1].(map[string]any)["success"] != false {
		t.Fatalf("%v", res)
	}
	mustEqualJSON(t, res[1].(map[string]any)["error"], `[{"field":"category","errors":["This field is required."]}]`)
	first := res[0].(map[string]any)
	if first["display_id"] != fmt.Sprintf("#SU%08d", int(num(first["id"]))) {
		t.Fatalf("%v", first)
	}
	many := make([]any, 101)
	for i := range many {
		many[i] = ok
	}
	h.post("tickets/", many, 400)
	if h.sim.TicketCounters().Created != 2 {
		t.Fatalf("%+v", h.sim.TicketCounters())
	}
}

func TestTicketNotesRepliesAndPropertyChanges(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	tk := h.post("ticket/1/staff_pvtnote/", map[string]any{"staff": 1, "plaintext": "Applied by run 7", "status": 4, "priority": 3}, 200).obj(t)
	if num(tk["status"].(map[string]any)["id"]) != 4 || num(tk["priority"].(map[string]any)["id"]) != 3 {
		t.Fatalf("%v", tk)
	}
	updates := tk["updates"].([]any)
	last := updates[len(updates)-1].(map[string]any)
	if by := last["by"].(map[string]any); num(by["id"]) != 1 || by["type"] != "staff" {
		t.Fatalf("%v", last)
	}
	if last["message"].(map[string]any)["text"] != "Applied by run 7\n\n" || last["status_change"].(map[string]any)["new_name"] != "Waiting" {
		t.Fatalf("%v", last)
	}
	h.post("ticket/1/staff_update/", map[string]any{"staff": 2, "html": "<p>Done</p>"}, 200)
	// The body key is plaintext (KB1039); "text" alone is no body.
	r := h.post("ticket/1/staff_pvtnote/", map[string]any{"staff": 1, "text": "ignored"}, 400)
	mustEqualJSON(t, r.obj(t)["error"], `{"plaintext":["This field is required."]}`)
	for _, body := range []map[string]any{
		{"plaintext": "no staff"}, {"staff": 3, "plaintext": "inactive staff"}, {"staff": 99, "plaintext": "unknown staff"},
	} {
		if r := h.post("ticket/1/staff_pvtnote/", body, 400); r.obj(t)["error"].(map[string]any)["staff"] == nil {
			t.Fatalf("%v: %s", body, r.body)
		}
	}
	h.post("ticket/1/staff_pvtnote/", map[string]any{"staff": 1, "plaintext": "x", "status": 99}, 400)
	h.get("ticket/999/", 404)
	h.post("ticket/999/staff_pvtnote/", map[string]any{"staff": 1, "plaintext": "x"}, 404)
	st, _ := h.sim.Ticket(1)
	notes := st.Notes()
	if len(notes) != 2 || notes[0].Kind != happyfoxsim.UpdateNote || notes[1].Kind != happyfoxsim.UpdateReply || notes[1].Text != "Done\n\n" {
		t.Fatalf("%+v", notes)
	}
	if c := h.sim.TicketCounters(); c.Notes != 1 || c.Replies != 1 {
		t.Fatalf("%+v", c)
	}

	// A category whose time spent is mandatory refuses a note without it (§8.5).
	h.sim.AddTicket(happyfoxsim.Ticket{ID: 50, Subject: "billing", CategoryID: 4, ContactID: 1})
	r = h.post("ticket/50/staff_pvtnote/", map[string]any{"staff": 1, "plaintext": "x"}, 400)
	mustEqualJSON(t, r.obj(t)["error"], `{"time_spent":["This field is required."]}`)

	// Hidden private notes (§8.1 "?"): the note is stored but not listed.
	h.sim.SetTicketOptions(happyfoxsim.TicketOptions{HidePrivateNotes: true})
	hidden := h.get("ticket/1/", 200).obj(t)["updates"].([]any)
	for _, u := range hidden {
		if m, _ := u.(map[string]any)["message"].(map[string]any); m != nil && m["text"] == "Applied by run 7\n\n" {
			t.Fatal("a hidden private note is listed")
		}
	}
}

func TestTicketTagsHaveSetSemantics(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	tk := h.post("ticket/2/update_tags/", map[string]any{"add": "deployed, change", "remove": "pending-deploy,absent", "staff_id": 1}, 200).obj(t)
	if tk["tags"] != "change,deployed" {
		t.Fatalf("tags %v", tk["tags"])
	}
	before, _ := h.sim.Ticket(2)
	h.post("ticket/2/update_tags/", map[string]any{"add": "deployed", "remove": "pending-deploy", "staff_id": 1}, 200)
	after, _ := h.sim.Ticket(2)
	if len(after.Updates) != len(before.Updates) || strings.Join(after.Tags, ",") != "change,deployed" {
		t.Fatalf("a repeated update changed the ticket: %+v", after)
	}
	h.post("ticket/2/update_tags/", map[string]any{"add": "x", "staff_id": 99}, 400)
	if c := h.sim.TicketCounters(); c.TagUpdates != 2 {
		t.Fatalf("%+v", c)
	}
}

func TestTicketSearch(t *testing.T) {
	clk := newFakeClock()
	h := newHarness(t, happyfoxsim.Options{Now: clk.Now})
	body := map[string]any{"email": "second@example.com", "text": "x", "subject": "Change 9", "category": 3, "t-cf-62": 7}
	id := int(num(h.post("tickets/", body, 200).obj(t)["id"]))
	search := func(q string) []int {
		t.Helper()
		env := h.get("tickets/?"+url.Values{"status": {"_all"}, "q": {q}, "sort": {"created"}}.Encode(), 200).obj(t)
		var ids []int
		for _, it := range env["data"].([]any) {
			ids = append(ids, int(num(it.(map[string]any)["id"])))
		}
		return ids
	}
	if got := search(`contact:"second@example.com" created-on-or-after:"2026/11/28"`); len(got) != 1 || got[0] != id {
		t.Fatalf("%v", got)
	}
	if got := search(`contact:"second@example.com" created-on-or-after:"2026/11/29"`); len(got) != 0 {
		t.Fatalf("%v", got)
	}
	if got := search(`contact:"second@example.com"`); len(got) != 2 || got[0] != id || got[1] != 2 {
		t.Fatalf("newest first: %v", got)
	}
	if got := search(`tag:"change"`); len(got) != 1 || got[0] != 2 {
		t.Fatalf("%v", got)
	}
	// A lagging search index (§8.4 "?") does not find a ticket just created.
	h.sim.SetTicketOptions(happyfoxsim.TicketOptions{SearchLag: true})
	body["subject"] = "Change 10"
	lagged := int(num(h.post("tickets/", body, 200).obj(t)["id"]))
	if got := search(`contact:"second@example.com" created-on-or-after:"2026/11/28"`); len(got) != 1 || got[0] != id {
		t.Fatalf("lagging search: %v", got)
	}
	h.get(fmt.Sprintf("ticket/%d/", lagged), 200)
	h.sim.SetTicketOptions(happyfoxsim.TicketOptions{})
	if got := search(`contact:"second@example.com" created-on-or-after:"2026/11/28"`); len(got) != 2 {
		t.Fatalf("after the lag: %v", got)
	}
	h.get("tickets/?"+url.Values{"q": {`contact:"unclosed`}}.Encode(), 400)
}

func TestPrioritiesList(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	mustEqualJSON(t, h.get("priorities/", 200).json(t), `[{"id":1,"name":"Low","order":1,"default":false},
	 {"id":2,"name":"Medium","order":2,"default":true},{"id":3,"name":"High","order":3,"default":false},
	 {"id":4,"name":"Urgent","order":4,"default":false}]`)
}

// TestTicketRoutesTakeFaults: the fault switches apply to ticket routes by their keys, and a processed-then-lost
// note is stored once.
func TestTicketRoutesTakeFaults(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: "status", Routes: []string{"POST /ticket/{id}/staff_pvtnote/"}})
	h.post("ticket/1/staff_pvtnote/", map[string]any{"staff": 1, "plaintext": "lost"}, 502)
	h.get("ticket/1/", 200)
	h.sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1, Routes: []string{"/ticket/{id}/update_tags/", "POST /tickets/", "GET /priorities/"}})
	if r := h.request("POST", "ticket/1/update_tags/", map[string]any{"add": "x"}); r.status < 500 {
		t.Fatalf("no fault on update_tags: %d %s", r.status, r.body)
	}
	st := h.sim.Counters()
	if st.FaultProcessedThenFail != 1 || st.FaultErrors < 1 || st.Routes["POST /ticket/{id}/staff_pvtnote/"] != 1 {
		t.Fatalf("%+v", st)
	}
	tk, _ := h.sim.Ticket(1)
	if n := len(tk.Notes()); n != 1 || tk.Tags[len(tk.Tags)-1] == "x" {
		t.Fatalf("notes %d, tags %v", n, tk.Tags)
	}
}
