package client

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// A full bulk request ends on a boundary of the contact list's 50-item pages, so that its read-back costs two list
// pages, not three (bulkPageAligned). In an account of 1,012 contacts whose size the e-mail index knows, 300 creates
// start at once. The first request leaves with the creates in when it began (a lone create is sent at once,
// coalesce.Fill), and is held until every other create is queued: from then on each request could take 100. Each
// that leaves creates waiting ends on a multiple of 50 (with one create first: 87, 100, 100, then the 12 left,
// ending at 1,100, 1,200, 1,300); without the cut, 100 each, ending at 1,113, 1,213. An earlier form of this test
// ran against the simulator with creates arriving as the machine scheduled them, and took the last request, of the
// creates left (62), for a cut one.
func TestBulkCreate_fullRequestsEndOnAPageBoundary(t *testing.T) {
	const existing, n = 1012, 300
	srv := &bulkServer{}
	for i := range existing {
		srv.ids = append(srv.ids, int64(i+1))
	}
	fc := &fillClock{t: time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC), live: n}
	c := unpacedClient(t, rtFunc(srv.roundTrip), fc.clock())
	fc.c = c
	srv.first = func() { spinUntil(func() bool { return c.bulkCreates.fill.Active() == n }) }
	// The index as the e-mail checks of a plan leave it: the account listed, its size known.
	c.emails.mu.Lock()
	c.emails.byEmail = map[string][]Contact{}
	c.emails.total, c.emails.pages = existing, (existing+pageSize-1)/pageSize
	c.emails.mu.Unlock()

	if err := concurrently(n, func(i int) error {
		defer fc.workerDone()
		_, err := c.CreateContactBatched(context.Background(), ContactInput{Name: "Aligned", Email: fmt.Sprintf("aligned%d@bulk.example.com", i)})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(srv.ids) != existing+n {
		t.Fatalf("%d contacts created for %d creates", len(srv.ids)-existing, n)
	}
	posts := srv.posts
	t.Logf("requests (contacts before, creates carried): %v", posts)
	if len(posts) < 4 {
		t.Fatalf("%d requests for %d creates: want the first, at least two full ones, and the last", len(posts), n)
	}
	for _, p := range posts[1 : len(posts)-1] {
		if end := p[0] + p[1]; end%pageSize != 0 || p[1] <= pageSize {
			t.Errorf("a request of %d creates, with more waiting, after %d contacts ends at %d, not on a page boundary (all: %v)", p[1], p[0], end, posts)
		}
	}
	if last := posts[len(posts)-1]; last[1] >= maxBatch {
		t.Errorf("the last request carries %d creates: a full request was left to the end (all: %v)", last[1], posts)
	}
}

// Checks waiting at once are certain demand: when they alone would cost half the list, the list is bought at once
// instead of renting single checks first (contacts_email_index.go). 100 checks at once in an account of 100 pages:
// the first page is held until every check is in lookup or counted as a single, so the checks are waiting at once
// however the machine schedules them. They cost at most the single checks before a probe (probeAfter, 2 GETs each)
// and the 100 pages; renting until half the price is spent, as for checks that arrive one by one, adds about 21
// singles (42 GETs).
func TestFindContactByEmail_waitingChecksBuyTheListAtOnce(t *testing.T) {
	const existing, n = 5000, 100
	srv := &bulkServer{}
	for i := range existing {
		srv.ids = append(srv.ids, int64(i+1))
	}
	c := unpacedClient(t, rtFunc(srv.roundTrip), transport.Clock{})
	srv.page1 = func() {
		spinUntil(func() bool {
			c.emails.mu.Lock()
			defer c.emails.mu.Unlock()
			return c.emails.deciding+c.emails.checks == n
		})
	}
	if err := concurrently(n, func(i int) error {
		email := fmt.Sprintf("fresh%d@example.com", i)
		ct, err := c.FindContactByEmail(context.Background(), email)
		if err == nil && ct != nil {
			err = fmt.Errorf("%s: free, but found %+v", email, *ct)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	pages := (existing + pageSize - 1) / pageSize
	if srv.gets > pages+2*probeAfter {
		t.Fatalf("%d GETs for %d checks waiting at once in an account of %d pages, want at most %d", srv.gets, n, pages, pages+2*probeAfter)
	}
	t.Logf("%d checks: %d GETs", n, srv.gets)
}
