package client

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// groupListAPI answers GET contact_groups/ with groups 1..n (group 3 with description "old") and each
// GET contact_group/<id>/ with the group's detail, as HappyFox would (§2.8). item, when set, renders a list item.
func groupListAPI(t *testing.T, n int, item func(id int) string) *fakeAPI {
	api := newFakeAPI(t)
	if item == nil {
		item = func(id int) string { return groupSummaryJSON(id, "old") }
	}
	api.on("GET", "contact_groups/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		parts := make([]string, n)
		for i := range n {
			parts[i] = item(i + 1)
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "["+strings.Join(parts, ",")+"]")
	})
	for id := 1; id <= n+1; id++ {
		body := strings.TrimSuffix(groupSummaryJSON(id, "new"), "}") + `, "contacts": []}`
		api.reply("GET", fmt.Sprintf("contact_group/%d/", id), 200, body)
		api.reply("POST", fmt.Sprintf("contact_group/%d/", id), 200, body)
		api.reply("POST", fmt.Sprintf("contact_group/%d/update_contacts/", id), 200, `[{"success": true, "data": {"contact": 41, "access_tickets": false}}]`)
	}
	return api
}

func groupSummaryJSON(id int, description string) string {
	return fmt.Sprintf(`{"id": %d, "name": "Group %d", "description": %q, "tagged_domains": "g%d.example"}`, id, id, description, id)
}

func summaryOf(t *testing.T, c *Client, id int64) *ContactGroup {
	t.Helper()
	g, err := c.RefreshContactGroupSummary(t.Context(), id)
	if err != nil {
		t.Fatalf("group %d: %v", id, err)
	}
	if g.ID != id || g.Name != fmt.Sprintf("Group %d", id) || len(g.TaggedDomains) != 1 {
		t.Fatalf("group %d: %+v", id, g)
	}
	return g
}

func (f *fakeAPI) gets() int {
	n := 0
	for _, r := range f.requests() {
		if r.Method == http.MethodGet {
			n++
		}
	}
	return n
}

// 150 group refreshes cost the one GET of the group list (§2.8), concurrent ones included; that GET carries no
// paging parameters (the list is one bare array).
func TestRefreshContactGroupSummary_manyGroupsCostOneGet(t *testing.T) {
	api := groupListAPI(t, 150, nil)
	c := api.client()
	var wg sync.WaitGroup
	for id := 1; id <= 150; id++ {
		wg.Go(func() {
			if g := summaryOf(t, c, int64(id)); g.Description != "old" {
				t.Errorf("group %d: description %q, want the list's", id, g.Description)
			}
		})
	}
	wg.Wait()
	if n := api.gets(); n != 1 {
		t.Fatalf("%d GETs for 150 group refreshes, want 1: %v", n, api.requests())
	}
	if q := api.requests()[0].Query; q != "" {
		t.Fatalf("GET contact_groups/ sent with %q, want no query", q)
	}
}

// A group the list lacks is read with its own GET: one created since the listing, and one deleted (its 404 is the
// caller's, which removes it from the state).
func TestRefreshContactGroupSummary_groupMissingFromTheListIsReadSingly(t *testing.T) {
	api := groupListAPI(t, 3, nil)
	c := api.client()
	summaryOf(t, c, 1)
	if g := summaryOf(t, c, 4); g.Description != "new" {
		t.Fatalf("group 4 (not listed) = %+v, want its own GET's answer", g)
	}
	_, err := c.RefreshContactGroupSummary(t.Context(), 9)
	if !IsNotFound(err) {
		t.Fatalf("group 9 (deleted): err = %v, want a not-found error", err)
	}
	if n := api.count("GET", "contact_group/4/") + api.count("GET", "contact_group/9/"); n != 2 {
		t.Fatalf("%d single GETs, want 2", n)
	}
	if n := api.count("GET", "contact_groups/"); n != 1 {
		t.Fatalf("%d listings, want 1", n)
	}
}

// A missing key is not an empty value (list_items.go): an item without description or tagged_domains is read with
// the group's own GET, never taken for a group whose description or domains were cleared.
func TestRefreshContactGroupSummary_itemLackingAFieldIsReadSingly(t *testing.T) {
	api := groupListAPI(t, 3, func(id int) string {
		switch id {
		case 2:
			return `{"id": 2, "name": "Group 2", "tagged_domains": "g2.example"}`
		case 3:
			return `{"id": 3, "name": "Group 3", "description": "old"}`
		}
		return groupSummaryJSON(id, "old")
	})
	c := api.client()
	if g := summaryOf(t, c, 1); g.Description != "old" {
		t.Fatalf("group 1 = %+v, want the list's", g)
	}
	for _, id := range []int64{2, 3} {
		if g := summaryOf(t, c, id); g.Description != "new" {
			t.Fatalf("group %d = %+v, want its own GET's answer", id, g)
		}
	}
	if n := api.count("GET", "contact_group/2/") + api.count("GET", "contact_group/3/"); n != 2 {
		t.Fatalf("%d single GETs, want 2: %v", n, api.requests())
	}
}

// A list with no servable item (every item lacks a field) turns the kind to single GETs.
func TestRefreshContactGroupSummary_listWithoutTheFieldsIsNotUsed(t *testing.T) {
	api := groupListAPI(t, 5, func(id int) string { return fmt.Sprintf(`{"id": %d, "name": "Group %d"}`, id, id) })
	c := api.client()
	for id := int64(1); id <= 5; id++ {
		if g := summaryOf(t, c, id); g.Description != "new" {
			t.Fatalf("group %d = %+v", id, g)
		}
	}
	if n, m := api.count("GET", "contact_groups/"), api.gets(); n != 1 || m != 6 {
		t.Fatalf("%d listings and %d GETs, want 1 and 6", n, m)
	}
}

// A group this Client wrote to is never served from a list fetched before the write, nor from a listing that was
// under way while the write was sent.
func TestRefreshContactGroupSummary_neverStaleAfterAWrite(t *testing.T) {
	api := groupListAPI(t, 3, nil)
	c := api.client()
	summaryOf(t, c, 1)
	desc := "edited"
	if _, err := c.UpdateContactGroup(t.Context(), 2, ContactGroupInput{Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if g := summaryOf(t, c, 2); g.Description != "new" {
		t.Fatalf("group 2 after its edit = %+v, want its own GET's answer", g)
	}
	if _, err := c.UpdateGroupContacts(t.Context(), 3, []MembershipChange{{ContactID: 41}}); err != nil {
		t.Fatal(err)
	}
	summaryOf(t, c, 3)
	if n := api.count("GET", "contact_group/2/") + api.count("GET", "contact_group/3/"); n != 2 {
		t.Fatalf("%d single GETs after the writes, want 2", n)
	}
}

func TestRefreshContactGroupSummary_writeDuringTheListingIsNotServedStale(t *testing.T) {
	api := groupListAPI(t, 3, nil)
	arrived, release := make(chan struct{}), make(chan struct{})
	api.on("GET", "contact_groups/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		close(arrived)
		<-release
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "["+groupSummaryJSON(1, "old")+","+groupSummaryJSON(2, "old")+"]")
	})
	c := api.client()
	done := make(chan *ContactGroup, 1)
	go func() {
		g, _ := c.RefreshContactGroupSummary(t.Context(), 1)
		done <- g
	}()
	<-arrived
	desc := "edited"
	if _, err := c.UpdateContactGroup(t.Context(), 2, ContactGroupInput{Description: &desc}); err != nil {
		t.Fatal(err)
	}
	close(release)
	if g := <-done; g == nil || g.Description != "old" {
		t.Fatalf("group 1 = %+v, want the list's", g)
	}
	if g := summaryOf(t, c, 2); g.Description != "new" {
		t.Fatalf("group 2, written while the list was fetched, = %+v, want its own GET's answer", g)
	}
}

// A failed listing turns the group refreshes to single GETs for the rest of the Client's life: nothing is kept
// from the failure, and the list is not asked again.
func TestRefreshContactGroupSummary_failedListingFallsBackToSingleGets(t *testing.T) {
	api := groupListAPI(t, 3, nil)
	api.reply("GET", "contact_groups/", http.StatusBadRequest, `{"error": "nope"}`)
	c := api.client()
	for id := int64(1); id <= 3; id++ {
		if g := summaryOf(t, c, id); g.Description != "new" {
			t.Fatalf("group %d = %+v", id, g)
		}
	}
	if n, m := api.count("GET", "contact_groups/"), api.gets(); n != 1 || m != 4 {
		t.Fatalf("%d listings and %d GETs, want 1 and 4", n, m)
	}
}

// A group read of this Client (for its memberships) serves the summary too: as fresh as the list, or fresher.
func TestRefreshContactGroupSummary_usesTheGroupsOwnRead(t *testing.T) {
	api := groupListAPI(t, 3, nil)
	c := api.client()
	if _, err := c.RefreshContactGroup(t.Context(), 2); err != nil {
		t.Fatal(err)
	}
	if g := summaryOf(t, c, 2); g.Description != "new" {
		t.Fatalf("group 2 = %+v, want its GET's answer", g)
	}
	if n := api.gets(); n != 1 {
		t.Fatalf("%d GETs, want 1", n)
	}
}
