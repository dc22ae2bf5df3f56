package client

import (
	"context"
	"net/http"
	"testing"
)

// The rules of cache_invalidation.go, request by request: what a write marks before it is sent (seen by the
// transport while the request is on the wire) and what its answer marks, through Client.do as the API calls use it.
func TestWriteRules(t *testing.T) {
	type mark struct {
		family string
		id     int64
	}
	cases := []struct {
		name          string
		method, rel   string
		body          any
		status        int
		answer        string
		before, after []mark // written while the request is on the wire / once do returned
		notWritten    []mark
		users         bool // the contacts family forgotten
		assets        bool // the assets family forgotten
	}{
		{name: "contact update", method: "POST", rel: "user/9/", body: map[string]any{"name": "N"}, answer: `{"id": 9}`,
			before: []mark{{"user", 9}}},
		{name: "members added", method: "POST", rel: "contact_group/5/update_contacts/",
			body: []membershipItem{{Contact: 41}, {Contact: 42}}, answer: `[{"success": true}, {"success": true}]`,
			before: []mark{{"user", 41}, {"user", 42}, {"contact_group", 5}}},
		{name: "members removed", method: "POST", rel: "contact_group/5/delete_contacts/",
			body: map[string]any{"contacts": []int64{43}}, answer: `[{"success": true}]`,
			before: []mark{{"user", 43}, {"contact_group", 5}}},
		{name: "group edit", method: "POST", rel: "contact_group/6/", body: map[string]any{"description": "d"}, answer: `{"id": 6}`,
			before: []mark{{"contact_group", 6}}},
		{name: "group create", method: "POST", rel: "contact_groups/", body: map[string]any{"name": "g"}, answer: `{"id": 77, "name": "g"}`,
			after: []mark{{"contact_group", 77}}, notWritten: nil},
		{name: "contact create", method: "POST", rel: "users/", body: map[string]any{"name": "A", "email": "a@example.com"},
			answer: `{"id": 12, "name": "A", "email": "a@example.com"}`, after: []mark{{"user", 12}}},
		{name: "contact create answered with another contact", method: "POST", rel: "users/",
			body: map[string]any{"name": "A", "email": "a@example.com"}, answer: `{"id": 13, "name": "B", "email": "b@example.com"}`,
			after: []mark{{"user", 13}}, users: true},
		{name: "contact create answered without a contact", method: "POST", rel: "users/",
			body: map[string]any{"name": "A", "email": "a@example.com"}, answer: `{"status": "ok"}`, users: true},
		{name: "contact create, outcome unknown", method: "POST", rel: "users/",
			body: map[string]any{"name": "A", "email": "a@example.com"}, status: 502, answer: `{}`, users: true},
		{name: "contact create without e-mail, outcome unknown", method: "POST", rel: "users/",
			body: map[string]any{"name": "A", "email": nil}, status: 502, answer: `{}`},
		{name: "contact create refused", method: "POST", rel: "users/",
			body: map[string]any{"name": "A", "email": "a@example.com"}, status: 400, answer: `{"error": "bad"}`},
		{name: "bulk create", method: "POST", rel: "users/",
			body:   []map[string]any{{"email": "a@example.com"}, {"email": "b@example.com"}},
			answer: `[{"email": "b@example.com", "success": true, "id": 21}, {"email": "a@example.com", "success": true, "id": 20}]`,
			after:  []mark{{"user", 20}, {"user", 21}}},
		{name: "bulk create, an item without id", method: "POST", rel: "users/",
			body:   []map[string]any{{"email": "a@example.com"}, {"email": "b@example.com"}},
			answer: `[{"email": "a@example.com", "success": true, "id": 20}, {"email": "b@example.com", "success": true}]`,
			after:  []mark{{"user", 20}}, users: true},
		{name: "bulk create, an item refused", method: "POST", rel: "users/",
			body:   []map[string]any{{"email": "a@example.com"}, {"email": "b@example.com"}},
			answer: `[{"email": "a@example.com", "success": true, "id": 20}, {"email": "b@example.com", "success": false, "error": "x"}]`,
			after:  []mark{{"user", 20}}},
		{name: "bulk create, answer garbled", method: "POST", rel: "users/",
			body: []map[string]any{{"email": "a@example.com"}}, answer: `<html>`, users: true},
		{name: "asset create", method: "POST", rel: "assets/", body: map[string]any{"name": "x"}, answer: `{"id": 30, "name": "x"}`,
			after: []mark{{"asset", 30}}},
		{name: "asset create answered without an asset", method: "POST", rel: "assets/", body: map[string]any{"name": "x"},
			answer: `{"status": "ok"}`, assets: true},
		{name: "asset update", method: "PUT", rel: "asset/31/", body: map[string]any{"name": "x"}, answer: `{"id": 31}`,
			before: []mark{{"asset", 31}}},
		{name: "asset delete", method: "DELETE", rel: "asset/32/", answer: ``, before: []mark{{"asset", 32}}},
		{name: "a ticket write", method: "POST", rel: "ticket/5/staff_update/", body: map[string]any{"x": 1}, answer: `{"id": 5}`,
			notWritten: []mark{{"user", 9}, {"asset", 5}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c *Client
			var onWire []mark
			rt := rtFunc(func(r *http.Request) (*http.Response, error) {
				for _, m := range append(append([]mark{}, tc.before...), tc.after...) {
					if written(c, m.family, m.id) {
						onWire = append(onWire, m)
					}
				}
				st := tc.status
				if st == 0 {
					st = 200
				}
				return mkResp(r, st, tc.answer, "Content-Type", "application/json"), nil
			})
			var err error
			c, err = New(Config{BaseURL: "https://acme.happyfox.com" + apiPrefix, APIKey: testAPIKey, AuthCode: testAuthCode,
				Transport: rt, MaxRetries: NoRetries, GetRequestsPerMinute: 600000, WriteRequestsPerMinute: 600000})
			if err != nil {
				t.Fatal(err)
			}
			users, assets := seedKinds(c)
			_, _ = c.do(context.Background(), tc.method, tc.rel, nil, tc.body)
			if len(onWire) != len(tc.before) {
				t.Errorf("written while the request was on the wire: %v, want %v", onWire, tc.before)
			}
			for _, m := range append(append([]mark{}, tc.before...), tc.after...) {
				if !written(c, m.family, m.id) {
					t.Errorf("%s %d not marked written", m.family, m.id)
				}
			}
			for _, m := range tc.notWritten {
				if written(c, m.family, m.id) {
					t.Errorf("%s %d marked written", m.family, m.id)
				}
			}
			if got := forgotten(c, users); got != tc.users {
				t.Errorf("contacts family forgotten: %v, want %v", got, tc.users)
			}
			if got := forgotten(c, assets); got != tc.assets {
				t.Errorf("assets family forgotten: %v, want %v", got, tc.assets)
			}
		})
	}
}

// The e-mail index and the memo follow the rules too: a contact update ends the trust in an e-mail's absence, a
// bulk create makes the index read the newest pages again, and a ticket field's choices drop the memoized fields
// when the write is sent and when its answer is in.
func TestWriteRulesIndexAndMemo(t *testing.T) {
	var c *Client
	var genOnWire uint64
	rt := rtFunc(func(r *http.Request) (*http.Response, error) {
		c.memo.mu.Lock()
		genOnWire = c.memo.gens[memoTicketCustomFields]
		c.memo.mu.Unlock()
		if r.URL.Path == apiPrefix+"users/" {
			return mkResp(r, 200, `[{"email": "a@example.com", "success": true, "id": 20}]`), nil
		}
		return mkResp(r, 200, `{"id": 4}`), nil
	})
	c, err := New(Config{BaseURL: "https://acme.happyfox.com" + apiPrefix, APIKey: testAPIKey, AuthCode: testAuthCode, Transport: rt,
		GetRequestsPerMinute: 600000, WriteRequestsPerMinute: 600000})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.do(ctx, http.MethodPost, "user/9/", nil, map[string]any{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.do(ctx, http.MethodPost, "users/", nil, []map[string]any{{"email": "a@example.com"}}); err != nil {
		t.Fatal(err)
	}
	c.emails.mu.Lock()
	edited, bulk := c.emails.edited, c.emails.bulkAnswered
	c.emails.mu.Unlock()
	if !edited || bulk != 1 {
		t.Errorf("e-mail index: edited %v, bulk creates answered %d", edited, bulk)
	}
	if _, err := c.do(ctx, http.MethodPut, "ticket_custom_field/4/", nil, map[string]any{"choices": []any{}}); err != nil {
		t.Fatal(err)
	}
	c.memo.mu.Lock()
	gen := c.memo.gens[memoTicketCustomFields]
	c.memo.mu.Unlock()
	if genOnWire != 1 || gen != 2 {
		t.Errorf("memo generation %d on the wire, %d after: want 1 and 2", genOnWire, gen)
	}
}

func written(c *Client, family string, id int64) bool {
	c.reads.mu.Lock()
	defer c.reads.mu.Unlock()
	return c.reads.isWritten(family, id)
}

// seedKinds creates the read path's state of the contacts and of one asset type, as a refresh would.
func seedKinds(c *Client) (users, assets readKind) {
	users, assets = contactReadKind, assetReadKind(3)
	c.reads.mu.Lock()
	defer c.reads.mu.Unlock()
	c.reads.state(users)
	c.reads.state(assets)
	return users, assets
}

func forgotten(c *Client, k readKind) bool {
	c.reads.mu.Lock()
	defer c.reads.mu.Unlock()
	return c.reads.state(k).off
}
