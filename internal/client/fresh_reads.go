package client

import (
	"context"
	"net/url"
	"strconv"
	"sync"
)

// freshContacts holds contacts as a write of this Client left them, for the one read-back that follows the
// write (a Terraform Create or Update reads the object back at once): the answer of a single POST users/ or
// POST user/<id>/ carries the whole contact (§2.4, §2.6: the contact object, H), and contacts created in bulk
// are fetched from the tail of the paged list GET users/ (§2.2) after their request, a few pages for up to 100
// contacts instead of one GET each.
//
// An entry is served once (GetContact takes it), and any write to the contact through this Client drops it
// (readPath.forget), so nothing stale is ever served: the entry is the state right after this Client's own
// last write of the contact, which is what a single GET made then would have answered.
type freshContacts struct {
	mu sync.Mutex
	m  map[int64]Contact
}

func (f *freshContacts) put(ct *Contact) {
	if ct == nil || ct.ID <= 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.m == nil {
		f.m = map[int64]Contact{}
	}
	f.m[ct.ID] = *ct
}

// peek returns the entry for id without taking it.
func (f *freshContacts) peek(id int64) (*Contact, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ct, ok := f.m[id]
	return &ct, ok
}

func (f *freshContacts) take(id int64) (*Contact, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ct, ok := f.m[id]
	if ok {
		delete(f.m, id)
	}
	return &ct, ok
}

func (f *freshContacts) drop(ids ...int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, id := range ids {
		delete(f.m, id)
	}
}

func (f *freshContacts) dropAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m = nil
}

// readCreatedTail fetches the contacts a bulk request created from the last pages of GET users/, when the page
// count is known from the e-mail index. HappyFox's list order is undocumented; in the order by id that the
// list appears to use, new contacts are at its end. Contacts not found there are simply not cached: their
// read-back is a single GET, so an order that differs costs GETs, never correctness.
func (c *Client) readCreatedTail(ctx context.Context, ids []int64) {
	from := c.emails.pageCount()
	if from < 1 || len(ids) == 0 {
		return
	}
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for page, to := from, from; page <= to && page <= maxPages && len(want) > 0; page++ {
		q := url.Values{"size": {strconv.Itoa(pageSize)}, "page": {strconv.Itoa(page)}}
		body, err := c.get(ctx, contactReadKind.rel, q)
		if err != nil {
			return
		}
		lp, err := decodeListPage(body)
		if err != nil || !lp.Envelope || lp.Info == nil || len(lp.Items) == 0 {
			return
		}
		if lp.Info.PageCount != nil {
			to = max(to, int(*lp.Info.PageCount))
		}
		for _, raw := range lp.Items {
			ct, err := decodeContact(raw)
			if err != nil {
				continue
			}
			c.emails.listed(ct) // every contact of the newest pages keeps the e-mail checks current (contacts_created_here.go)
			if !want[ct.ID] {
				continue
			}
			delete(want, ct.ID)
			c.reads.fresh.put(&ct)
		}
		c.emails.setPageCount(to)
	}
	c.emails.tailRead()
}

func (x *emailIndex) setPageCount(p int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byEmail != nil && p > x.pages {
		x.pages = p
	}
}
