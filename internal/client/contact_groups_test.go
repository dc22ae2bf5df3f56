package client

import (
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestContactGroupsRead(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "contact_groups/", 200, `[ { "id": 1, "name": "test group", "description": "example description", "tagged_domains": "example.com" },
	  { "id": "2", "name": "test1 group", "description": null, "tagged_domains": "", "extra": {"x": 1} } ]`)
	api.reply("GET", "contact_group/1/", 200, `{ "id": 1, "name": "test group", "description": "example description", "tagged_domains": "example.com, acme.com",
	  "contacts": [ { "id": 41, "email": "a@example.com", "view_tickets_in_group": true }, { "id": "42", "email": null }, 43, null ] }`)
	api.reply("GET", "contact_group/2/", 200, `{ "id": 2, "name": "g", "contacts": [] }`)
	c := api.client()

	groups, err := c.ListContactGroups(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []ContactGroup{
		{ID: 1, Name: "test group", Description: "example description", TaggedDomains: []string{"example.com"}},
		{ID: 2, Name: "test1 group"},
	}
	if !reflect.DeepEqual(groups, want) {
		t.Fatalf("groups = %#v", groups)
	}
	if api.last().Path != "contact_groups/" || api.last().Query != "" {
		t.Fatalf("request = %+v", api.last())
	}

	g, err := c.GetContactGroup(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	wantG := &ContactGroup{ID: 1, Name: "test group", Description: "example description", TaggedDomains: []string{"example.com", "acme.com"},
		HasMembers: true, Members: []GroupMember{{41, "a@example.com", true, true}, {42, "", false, false}, {43, "", false, false}}}
	if !reflect.DeepEqual(g, wantG) {
		t.Fatalf("group = %#v", g)
	}
	g, err = c.GetContactGroup(t.Context(), 2)
	if err != nil || !g.HasMembers || g.Members == nil || len(g.Members) != 0 {
		t.Fatalf("empty members: %#v %v", g, err)
	}
	if _, err := c.GetContactGroup(t.Context(), 9); !IsNotFound(err) {
		t.Fatalf("unknown group: %v", err)
	}
}

func strp(s string) *string { return &s }

func TestContactGroupWrites(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "contact_groups/", 200, `{"id": 7, "name": "g", "description": "d", "tagged_domains": "a.com,b.com", "contacts": []}`)
	api.reply("POST", "contact_group/7/", 200, `{"status": "ok"}`) // undocumented response
	api.reply("GET", "contact_group/7/", 200, `{"id": 7, "name": "g", "description": "new", "tagged_domains": "", "contacts": []}`)
	c := api.client()

	g, err := c.CreateContactGroup(t.Context(), ContactGroupInput{Name: strp("g"), Description: strp("d"), TaggedDomains: []string{"a.com", " b.com ", ""}, SendTaggedDomains: true})
	if err != nil {
		t.Fatal(err)
	}
	if g.ID != 7 || !reflect.DeepEqual(g.TaggedDomains, []string{"a.com", "b.com"}) {
		t.Fatalf("group = %#v", g)
	}
	r := api.last()
	jsonEqual(t, r.JSON(t), `{"name": "g", "description": "d", "tagged_domains": "a.com,b.com"}`)
	if r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("content type %q", r.Header.Get("Content-Type"))
	}

	g, err = c.UpdateContactGroup(t.Context(), 7, ContactGroupInput{Description: strp("new"), SendTaggedDomains: true})
	if err != nil {
		t.Fatal(err)
	}
	if g.Description != "new" {
		t.Fatalf("group = %#v", g)
	}
	reqs := api.requests()
	jsonEqual(t, reqs[len(reqs)-2].JSON(t), `{"description": "new", "tagged_domains": ""}`)
	if reqs[len(reqs)-1].Method != "GET" {
		t.Fatal("update response without object did not trigger a GET")
	}

	if _, err := c.CreateContactGroup(t.Context(), ContactGroupInput{}); err == nil {
		t.Fatal("create without name accepted")
	}
}

func TestCreateContactGroupWithoutIDLooksUpByName(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "contact_groups/", 200, `{}`)
	api.reply("GET", "contact_groups/", 200, `[{"id": 3, "name": "other"}, {"id": 8, "name": "mine"}]`)
	api.reply("GET", "contact_group/8/", 200, `{"id": 8, "name": "mine", "contacts": []}`)
	g, err := api.client().CreateContactGroup(t.Context(), ContactGroupInput{Name: strp("mine")})
	if err != nil || g.ID != 8 {
		t.Fatalf("group = %#v, %v", g, err)
	}
}

func TestUpdateGroupContactsBatches(t *testing.T) {
	api := newFakeAPI(t)
	api.on("POST", "contact_group/5/update_contacts/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		items := rec.JSON(t).([]any)
		var out []string
		for i, it := range items {
			m := it.(map[string]any)
			if i == 0 {
				out = append(out, `{"success": false, "errors": [{"field": "contact", "errors": ["Select a valid choice."]}]}`)
				continue
			}
			out = append(out, fmt.Sprintf(`{"success": true, "data": {"contact": 1, "access_tickets": %v}}`, m["access_tickets"]))
		}
		_, _ = io.WriteString(w, "["+strings.Join(out, ",")+"]")
	})
	var changes []MembershipChange
	for i := 1; i <= 150; i++ {
		changes = append(changes, MembershipChange{ContactID: int64(1000 + i), AccessTickets: i%2 == 0})
	}
	res, err := api.client().UpdateGroupContacts(t.Context(), 5, changes)
	if err != nil {
		t.Fatal(err)
	}
	reqs := api.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 batches", len(reqs))
	}
	if n := len(reqs[0].JSON(t).([]any)); n != 100 {
		t.Fatalf("first batch has %d items", n)
	}
	jsonEqual(t, reqs[1].JSON(t).([]any)[0], `{"contact": 1101, "access_tickets": false}`)
	jsonEqual(t, reqs[1].JSON(t).([]any)[1], `{"contact": 1102, "access_tickets": true}`)
	if len(res) != 150 {
		t.Fatalf("%d results", len(res))
	}
	if r := res[100]; r.Index != 100 || r.ID != 1101 || r.Success || r.Fields[0].Field != "contact" {
		t.Fatalf("result 100 = %+v", r)
	}
	if r := res[101]; r.Index != 101 || r.ID != 1102 || !r.Success {
		t.Fatalf("result 101 = %+v (the submitted id wins over the echoed one)", r)
	}
}

func TestRemoveGroupContacts(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "contact_group/5/delete_contacts/", 200, `[
	  { "success": true,  "data": { "contact": 1,   "message": "Successfully removed contact from group" } },
	  { "success": false, "data": { "contact": 3,   "message": "Contact not part of the contact group" } } ]`)
	res, err := api.client().RemoveGroupContacts(t.Context(), 5, []int64{1, 3, 100})
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, api.last().JSON(t), `{"contacts": [1, 3, 100]}`)
	want := []ItemResult{
		{Index: 0, ID: 1, Success: true, Message: "Successfully removed contact from group"},
		{Index: 1, ID: 3, Success: false, Message: "Contact not part of the contact group"},
		{Index: 2, ID: 100, Success: false, Message: "HappyFox returned no result for this item"},
	}
	if !reflect.DeepEqual(res, want) {
		t.Fatalf("results = %#v", res)
	}
	if res, err := api.client().RemoveGroupContacts(t.Context(), 5, nil); err != nil || len(res) != 0 {
		t.Fatalf("empty removal: %v %v", res, err)
	}
}
