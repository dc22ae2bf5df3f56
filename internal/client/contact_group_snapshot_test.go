package client

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

const snapGroupBody = `{"id": 5, "name": "g", "contacts": [{"id": 41, "email": "a@example.com", "view_tickets_in_group": true}, {"id": 42}]}`

func (f *fakeAPI) count(method, path string) int {
	n := 0
	for _, r := range f.requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func snapshotAPI(t *testing.T) *fakeAPI {
	api := newFakeAPI(t)
	api.reply("GET", "contact_group/5/", 200, snapGroupBody)
	api.reply("GET", "contact_group/6/", 200, `{"id": 6, "name": "h", "contacts": []}`)
	for _, p := range []string{"contact_group/5/update_contacts/", "contact_group/6/update_contacts/"} {
		api.reply("POST", p, 200, `[{"success": true, "data": {"contact": 41, "access_tickets": false}}]`)
	}
	api.reply("POST", "contact_group/5/delete_contacts/", 200, `[{"success": true, "data": {"contact": 41, "message": "Successfully removed contact from group"}}]`)
	api.reply("POST", "contact_group/5/", 200, `{"id": 5, "name": "g", "description": "d", "contacts": []}`)
	api.reply("POST", "user/9/", 200, `{"id": 9, "name": "N", "email": "n@example.com"}`)
	return api
}

// refreshN refreshes group id n times and checks each answer has its members.
func refreshN(t *testing.T, c *Client, id int64, n int) {
	t.Helper()
	for range n {
		g, err := c.RefreshContactGroup(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if g.ID != id || !g.HasMembers {
			t.Fatalf("group = %#v", g)
		}
	}
}

// The refreshes of the memberships of one group cost one GET, until a write that may touch the group goes
// through the client: the next refresh sends a new GET.
func TestRefreshContactGroupOneGetUntilWrite(t *testing.T) {
	api := snapshotAPI(t)
	c := api.client()
	const path = "contact_group/5/"
	gets := func() int { return api.count("GET", path) }

	refreshN(t, c, 5, 30)
	if n := gets(); n != 1 {
		t.Fatalf("30 refreshes of one group sent %d GETs, want 1", n)
	}

	writes := []struct {
		name  string
		write func() error
	}{
		{"update_contacts", func() error {
			_, err := c.AddGroupContactBatched(t.Context(), 5, MembershipChange{ContactID: 41})
			return err
		}},
		{"delete_contacts", func() error {
			_, err := c.RemoveGroupContactBatched(t.Context(), 5, 41)
			return err
		}},
		{"group edit", func() error {
			_, err := c.UpdateContactGroup(t.Context(), 5, ContactGroupInput{Description: strp("d")})
			return err
		}},
		{"contact update", func() error {
			_, err := c.UpdateContact(t.Context(), 9, ContactInput{Name: "N", Email: "n@example.com"})
			return err
		}},
	}
	for _, w := range writes {
		before := gets()
		if err := w.write(); err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		refreshN(t, c, 5, 10)
		if n := gets() - before; n != 1 {
			t.Fatalf("after a %s, 10 refreshes sent %d GETs, want 1 (a new one)", w.name, n)
		}
	}

	// A write to another group leaves this group's snapshot alone.
	before := gets()
	if _, err := c.AddGroupContactBatched(t.Context(), 6, MembershipChange{ContactID: 41}); err != nil {
		t.Fatal(err)
	}
	refreshN(t, c, 5, 5)
	if n := gets() - before; n != 0 {
		t.Fatalf("after a write to another group, refreshes sent %d GETs, want 0", n)
	}

	// GetContactGroup (the check before a write and the read-back after it) always asks HappyFox.
	before = gets()
	for range 3 {
		if _, err := c.GetContactGroup(t.Context(), 5); err != nil {
			t.Fatal(err)
		}
	}
	if n := gets() - before; n != 3 {
		t.Fatalf("3 GetContactGroup sent %d GETs, want 3", n)
	}
}

func TestRefreshContactGroupMaxAge(t *testing.T) {
	api := snapshotAPI(t)
	c := api.client()
	clk := newFakeClock()
	c.reads.groups.now = clk.Now
	refreshN(t, c, 5, 3)
	clk.Advance(groupSnapshotMaxAge)
	refreshN(t, c, 5, 3)
	if n := api.count("GET", "contact_group/5/"); n != 1 {
		t.Fatalf("%d GETs within the max age, want 1", n)
	}
	clk.Advance(time.Second)
	refreshN(t, c, 5, 3)
	if n := api.count("GET", "contact_group/5/"); n != 2 {
		t.Fatalf("%d GETs after the max age, want 2", n)
	}
}

// Each refresh gets its own copy, and errors (a deleted group) are not kept.
func TestRefreshContactGroupCopiesAndErrors(t *testing.T) {
	api := snapshotAPI(t)
	c := api.client()
	g, err := c.RefreshContactGroup(t.Context(), 5)
	if err != nil {
		t.Fatal(err)
	}
	g.Members[0].ContactID = 999
	g2, err := c.RefreshContactGroup(t.Context(), 5)
	if err != nil || g2.Members[0].ContactID != 41 || len(g2.Members) != 2 || !g2.Members[0].AccessTickets {
		t.Fatalf("second answer = %#v, %v", g2, err)
	}
	for range 2 {
		if _, err := c.RefreshContactGroup(t.Context(), 77); !IsNotFound(err) {
			t.Fatalf("missing group: %v", err)
		}
	}
	if n := api.count("GET", "contact_group/77/"); n != 2 {
		t.Fatalf("a 404 was kept: %d GETs for 2 refreshes", n)
	}
}

// A GET that was under way while a write that may touch the group went through is not kept: it may hold the
// members from before the write. (Requests to one group are serialized on the wire, transport/serial.go, so the
// overlapping write here is a contact update.)
func TestRefreshContactGroupGetDuringWriteNotKept(t *testing.T) {
	api := snapshotAPI(t)
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	first := true
	api.on("GET", "contact_group/5/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		api.mu.Lock()
		hold := first
		first = false
		api.mu.Unlock()
		if hold {
			arrived <- struct{}{}
			<-release
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, snapGroupBody)
	})
	c := api.client()
	done := make(chan error, 1)
	go func() {
		_, err := c.RefreshContactGroup(t.Context(), 5)
		done <- err
	}()
	<-arrived
	if _, err := c.UpdateContact(t.Context(), 9, ContactInput{Name: "N", Email: "n@example.com"}); err != nil {
		t.Fatal(err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	refreshN(t, c, 5, 3)
	if n := api.count("GET", "contact_group/5/"); n != 2 {
		t.Fatalf("%d GETs, want 2: the GET made during the write must not serve later refreshes", n)
	}
}

func TestGroupWritten(t *testing.T) {
	for rel, want := range map[string]int64{
		"contact_group/5/update_contacts/": 5, "contact_group/5/delete_contacts/": 5, "contact_group/12/": 12,
		"contact_groups/": 0, "users/": 0, "user/5/": 0, "asset/3/": 0, "contact_group/x/": 0,
	} {
		if got := groupWritten(rel); got != want {
			t.Errorf("groupWritten(%q) = %d, want %d", rel, got, want)
		}
	}
}

// A refresh that finds a GET of the group under way takes that GET's answer instead of sending another one.
// (synctest: the first GET is held until the second refresh waits for it.)
func TestRefreshContactGroupJoinsGetUnderWay(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var mu sync.Mutex
		gets := 0
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			gets++
			n := gets
			mu.Unlock()
			if n == 1 {
				<-release
			}
			return mkResp(r, 200, snapGroupBody, "Content-Type", "application/json"), nil
		})
		c, err := New(Config{BaseURL: "https://acme.happyfox.com" + apiPrefix, APIKey: testAPIKey, AuthCode: testAuthCode,
			Transport: rt, GetRequestsPerMinute: 600000, WriteRequestsPerMinute: 600000})
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, 2)
		refresh := func() {
			g, err := c.RefreshContactGroup(t.Context(), 5)
			if err == nil && len(g.Members) != 2 {
				t.Errorf("group = %#v", g)
			}
			errs <- err
		}
		go refresh()
		synctest.Wait() // the first refresh's GET is under way
		go refresh()
		synctest.Wait() // the second refresh waits for it
		close(release)
		for range 2 {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if gets != 1 {
			t.Fatalf("%d GETs, want 1", gets)
		}
	})
}
