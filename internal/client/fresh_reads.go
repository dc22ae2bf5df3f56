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
// (readPath.forget, by the rules of cache_invalidation.go), so nothing stale is ever served: the entry is the state right after this Client's own
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

// readCreatedTail fetches the contacts a bulk request created from the last pages of GET users/, when the e-mail
// index knows the list's size or page count. HappyFox's list order is undocumented; in the order by id that the
// list appears to use, new contacts are at its end. With the list's size N known (last_index, §1.1), the n new
// contacts are at positions N+1 to N+n, and the read asks for the page size (10 to 50, §1.1) whose pages hold
// them in the fewest pages: ten contacts cost one page, never two because they straddle a boundary of pages of
// 50. Otherwise the read starts on the last page known. A contact not found there, or whose item lacks a field
// its single GET carries (list_items.go), is simply not cached: its read-back is a single GET, so an order that
// differs, a size HappyFox does not honour, or a list that carries less, costs GETs, never correctness.
func (c *Client) readCreatedTail(ctx context.Context, ids []int64) {
	total, pages := c.emails.tail()
	if len(ids) == 0 || (total < 0 && pages < 1) {
		return
	}
	size, from := pageSize, pages
	if total >= 0 {
		size, from = tailWindow(total, len(ids))
	}
	ctx = WithPurpose(ctx, ForReadBack)
	want := map[int64]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for page, to := from, from; page <= to && page <= maxPages && len(want) > 0; page++ {
		q := url.Values{"size": {strconv.Itoa(size)}, "page": {strconv.Itoa(page)}}
		body, err := c.get(ctx, contactReadKind.rel, q)
		if err != nil {
			return
		}
		lp, err := decodeListPage(body)
		if err != nil || !lp.Envelope || lp.Info == nil || len(lp.Items) == 0 {
			return
		}
		reported := -1 // the page count at this size
		if lp.Info.PageCount != nil {
			reported = int(*lp.Info.PageCount)
			to = max(to, reported)
		}
		for _, raw := range lp.Items {
			if !c.reads.shapes.servable(contactReadKind.family, raw) {
				continue
			}
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
		if size != pageSize {
			reported = -1
		}
		c.emails.setTail(lp.total(), reported)
	}
	c.emails.tailRead()
}

// minTailPage is the smallest page size the tail read asks for (§1.1: OLD says sizes below 10 are raised to 10).
const minTailPage = 10

// tailWindow returns the page size (minTailPage to 50) whose pages hold positions total+1 to total+n in the fewest
// pages (the largest such size), and the page of position total+1 at that size.
func tailWindow(total, n int) (size, page int) {
	best := 0
	for s := pageSize; s >= minTailPage; s-- {
		first, last := total/s+1, (total+n-1)/s+1
		if k := last - first + 1; best == 0 || k < best {
			best, size, page = k, s, first
		}
	}
	return size, page
}

// tail is what the index knows of the list's end: its size (-1 unknown) and its page count at size 50 (-1
// unknown).
func (x *emailIndex) tail() (total, pages int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byEmail == nil {
		return -1, -1
	}
	return x.total, x.pages
}

// setTail records what a page of the list's tail said: the list's size (-1: not said) and its page count at size
// 50 (-1: not said).
func (x *emailIndex) setTail(total, pages int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byEmail == nil {
		return
	}
	if total >= 0 {
		x.total = max(x.total, total)
		pages = max(pages, (total+pageSize-1)/pageSize)
	}
	x.pages = max(x.pages, pages)
}
