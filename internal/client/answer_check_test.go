package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// Each create answered with ANOTHER object's body (a caching proxy, an answer cut short, a HappyFox bug) returns
// no id: an *AnswerMismatchError inside an *AmbiguousError, so that the natural-key lookup decides.
func TestCreateAnswerDescribingAnotherObjectIsNotTrusted(t *testing.T) {
	name, display := "Acme", "ACM-1"
	for _, tc := range []struct {
		name, path, answer string
		create             func(c *Client) (int64, error)
		field              string
	}{
		{name: "contact group", path: "contact_groups/", field: "name",
			answer: `{"id": 1, "name": "Existing Customers"}`,
			create: func(c *Client) (int64, error) {
				g, err := c.CreateContactGroup(context.Background(), ContactGroupInput{Name: &name})
				return idOf(g, err, func() int64 { return g.ID })
			}},
		{name: "contact by e-mail", path: "users/", field: "email",
			answer: `{"id": 3, "name": "Acme", "email": "other@example.com"}`,
			create: func(c *Client) (int64, error) {
				ct, err := c.CreateContact(context.Background(), ContactInput{Name: "Acme", Email: "acme@example.com"})
				return idOf(ct, err, func() int64 { return ct.ID })
			}},
		{name: "contact by name", path: "users/", field: "name",
			answer: `{"id": 3, "name": "Someone else", "email": null}`,
			create: func(c *Client) (int64, error) {
				ct, err := c.CreateContact(context.Background(), ContactInput{Name: "Acme", Phones: []Phone{{Type: "m", Number: "1"}}})
				return idOf(ct, err, func() int64 { return ct.ID })
			}},
		{name: "asset display_id", path: "assets/", field: "display_id",
			answer: `{"id": 6, "display_id": "OLD-9", "name": "Acme", "asset_type": 2}`,
			create: func(c *Client) (int64, error) {
				a, err := c.CreateAsset(context.Background(), 2, AssetInput{Name: &name, DisplayID: &display, ActingStaffID: 1})
				return idOf(a, err, func() int64 { return a.ID })
			}},
		{name: "asset name", path: "assets/", field: "name",
			answer: `{"id": 6, "display_id": "ACM-1", "name": "Someone else", "asset_type": {"id": 2}}`,
			create: func(c *Client) (int64, error) {
				a, err := c.CreateAsset(context.Background(), 2, AssetInput{Name: &name, DisplayID: &display, ActingStaffID: 1})
				return idOf(a, err, func() int64 { return a.ID })
			}},
		{name: "asset type", path: "assets/", field: "asset_type",
			answer: `{"id": 6, "display_id": "ACM-1", "name": "Acme", "asset_type": 5}`,
			create: func(c *Client) (int64, error) {
				a, err := c.CreateAsset(context.Background(), 2, AssetInput{Name: &name, DisplayID: &display, ActingStaffID: 1})
				return idOf(a, err, func() int64 { return a.ID })
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			api.reply("POST", tc.path, 200, tc.answer)
			id, err := tc.create(api.client())
			if id != 0 {
				t.Fatalf("the create returned id %d, the id of another object", id)
			}
			var me *AnswerMismatchError
			if !errors.As(err, &me) || !IsAmbiguous(err) || !IsAnswerMismatch(err) {
				t.Fatalf("err = %v, want an ambiguous *AnswerMismatchError", err)
			}
			if me.Field != tc.field {
				t.Errorf("mismatch on %q, want %q (%v)", me.Field, tc.field, err)
			}
			if !strings.Contains(err.Error(), "another") {
				t.Errorf("the error does not say the answer described another object: %v", err)
			}
		})
	}
}

// An answer that matches what was sent, up to case and white space, is trusted.
func TestCreateAnswerMatchingUpToCaseIsTrusted(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "contact_groups/", 200, `{"id": 8, "name": "acme  corp"}`)
	name := "Acme Corp"
	g, err := api.client().CreateContactGroup(context.Background(), ContactGroupInput{Name: &name})
	if err != nil || g.ID != 8 {
		t.Fatalf("got %+v, %v", g, err)
	}
}

// Through CreateVerified: the first answer describes another group; the lookup by name finds the group HappyFox
// did create, which is returned, and the create is not sent again.
func TestCreateVerifiedAdoptsAfterForeignAnswer(t *testing.T) {
	api := newFakeAPI(t)
	var posts atomic.Int32
	api.on("POST", "contact_groups/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		posts.Add(1)
		_, _ = w.Write([]byte(`{"id": 1, "name": "Existing Customers"}`))
	})
	api.reply("GET", "contact_groups/", 200, `[{"id": 1, "name": "Existing Customers"}, {"id": 42, "name": "Acme"}]`)
	c := api.client()
	name := "Acme"
	g, err := CreateVerified(context.Background(), c,
		func(ctx context.Context) (*ContactGroup, error) {
			return c.CreateContactGroup(ctx, ContactGroupInput{Name: &name})
		},
		func(ctx context.Context) (*ContactGroup, error) {
			gs, err := c.ListContactGroups(ctx)
			if err != nil {
				return nil, err
			}
			for _, g := range gs {
				if g.Name == name {
					return &g, nil
				}
			}
			return nil, nil
		})
	if err != nil || g == nil || g.ID != 42 {
		t.Fatalf("got %+v, %v; want the group with id 42", g, err)
	}
	if n := posts.Load(); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
}

func idOf[T any](v *T, err error, id func() int64) (int64, error) {
	if err != nil || v == nil {
		return 0, err
	}
	return id(), nil
}
