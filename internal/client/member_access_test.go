package client

import (
	"reflect"
	"testing"
)

// §2.8: members may carry only their id. Their ticket access is then read from the contact's contact_groups[]
// (§2.1, H); a contact that does not show it for the group (or is gone) leaves it unshown.
func TestResolveMemberAccess(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "contact_group/7/", 200, `{"id": 7, "name": "G", "contacts": [{"id": 40, "view_tickets_in_group": false}, {"id": 41}, {"id": 42}, {"id": 43}]}`)
	api.reply("GET", "user/41/", 200, `{"id": 41, "name": "A", "contact_groups": [{"id": 3, "access_all_tickets_in_group": false}, {"id": 7, "access_all_tickets_in_group": true}]}`)
	api.reply("GET", "user/42/", 200, `{"id": 42, "name": "B", "contact_groups": [{"id": 7, "name": "G"}]}`)
	c := api.client()
	g, err := c.GetContactGroup(t.Context(), 7)
	if err != nil {
		t.Fatal(err)
	}
	only := *g
	only.Members = append([]GroupMember(nil), g.Members...)
	if err := c.ResolveMemberAccess(t.Context(), &only, 41); err != nil {
		t.Fatal(err)
	}
	if n := len(api.requests()); n != 2 {
		t.Fatalf("resolving one member made %d requests, want the group's GET and one contact's", n)
	}
	if err := c.ResolveMemberAccess(t.Context(), g); err != nil { // user/43 answers 404: left unshown
		t.Fatal(err)
	}
	want := []GroupMember{{40, "", false, true}, {41, "", true, true}, {42, "", false, false}, {43, "", false, false}}
	if !reflect.DeepEqual(g.Members, want) {
		t.Fatalf("members %+v, want %+v", g.Members, want)
	}
	if !reflect.DeepEqual(only.Members[:2], want[:2]) || only.Members[2].AccessShown {
		t.Fatalf("members resolved for contact 41 only: %+v", only.Members)
	}
}
