package client

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
)

// The POSTs whose repetition changes nothing (a group edit, update_contacts, delete_contacts, a contact update
// that adds no phone) are retried after a 5xx like a PUT and succeed on the next attempt; the creates (a group,
// a contact) and a contact update that adds a phone are sent once and reported as ambiguous.
func TestIdempotentPostsAreRetried(t *testing.T) {
	const group = `{"id": 7, "name": "G", "description": "", "tagged_domains": "", "contacts": []}`
	for _, tt := range []struct {
		name, path string
		ok         string // the answer after the first attempt's 502
		call       func(context.Context, *Client) error
		retried    bool
	}{
		{"edit a group", "contact_group/7/", group, func(ctx context.Context, c *Client) error {
			d := "x"
			_, err := c.UpdateContactGroup(ctx, 7, ContactGroupInput{Description: &d})
			return err
		}, true},
		{"add members", "contact_group/7/update_contacts/", `[{"success": true, "data": {"contact": 1}}]`, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateGroupContacts(ctx, 7, []MembershipChange{{ContactID: 1}})
			return err
		}, true},
		{"remove members", "contact_group/7/delete_contacts/", `[{"success": true, "data": {"contact": 1}}]`, func(ctx context.Context, c *Client) error {
			_, err := c.RemoveGroupContacts(ctx, 7, []int64{1})
			return err
		}, true},
		{"create a group", "contact_groups/", group, func(ctx context.Context, c *Client) error {
			n := "G"
			_, err := c.CreateContactGroup(ctx, ContactGroupInput{Name: &n})
			return err
		}, false},
		{"create a contact", "users/", `{"id": 1, "name": "A", "email": "a@example.com"}`, func(ctx context.Context, c *Client) error {
			_, err := c.CreateContact(ctx, ContactInput{Name: "A", Email: "a@example.com"})
			return err
		}, false},
		{"update a contact, editing a phone", "user/1/", `{"id": 1, "name": "A", "email": "a@example.com"}`, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateContact(ctx, 1, ContactInput{Name: "A", Email: "a@example.com", Phones: []Phone{{ID: 3, Number: "+1 555 0100"}}})
			return err
		}, true},
		{"update a contact, adding a phone", "user/1/", `{"id": 1, "name": "A", "email": "a@example.com"}`, func(ctx context.Context, c *Client) error {
			_, err := c.UpdateContact(ctx, 1, ContactInput{Name: "A", Email: "a@example.com", Phones: []Phone{{ID: 3, Number: "+1 555 0100"}, {Number: "+1 555 0101"}}})
			return err
		}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			var calls atomic.Int32
			f.on(http.MethodPost, tt.path, func(w http.ResponseWriter, _ *http.Request, _ recorded) {
				if calls.Add(1) == 1 {
					w.WriteHeader(http.StatusBadGateway)
					_, _ = io.WriteString(w, "<html>502 Bad Gateway</html>")
					return
				}
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, tt.ok)
			})
			f.reply(http.MethodGet, "contact_group/7/", http.StatusOK, group)
			err := tt.call(context.Background(), f.client())
			switch {
			case tt.retried && (err != nil || calls.Load() != 2):
				t.Fatalf("err %v after %d attempts; want success on the second", err, calls.Load())
			case !tt.retried && (!IsAmbiguous(err) || calls.Load() != 1):
				t.Fatalf("err %v (ambiguous %v) after %d attempts; want one attempt, ambiguous", err, IsAmbiguous(err), calls.Load())
			}
		})
	}
}
