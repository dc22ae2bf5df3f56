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
// list appears to use, new contacts are at its end: with the list's size N known (last_index, §1.1) the first new
// contact is at position N+1, so the read starts on that page (ten contacts at a time then cost one page, not
// two when the last page was full), otherwise on the last page known. A contact not found there, or whose item
// lacks a field its single GET carries (list_items.go), is simply not cached: its read-back is a single GET, so
// an order that differs, or a list that carries less, costs GETs, never correctness.
func (c *Client) readCreatedTail(ctx context.Context, ids []int64) {
	from := c.emails.tailPage()
	if from < 1 || len(ids) == 0 {
		return
	}
	ctx = WithPurpose(ctx, ForReadBack)
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
			if !c.reads.shapes.servable(contactReadKind.family, raw) {
				continue
			}
			ct, err := decodeContact(raw)
			if err != nil || !want[ct.ID] {
				continue
			}
			delete(want, ct.ID)
			c.reads.fresh.put(&ct)
		}
		c.emails.setTail(to, lp.total())
	}
}

// tailPage is the page where a contact created now would appear: that of position total+1 when the list's size
// is known, else the last page known; -1 when neither is.
func (x *emailIndex) tailPage() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case x.byEmail == nil:
		return -1
	case x.total >= 0:
		return x.total/pageSize + 1
	}
	return x.pages
}

// setTail records what a page of the list's tail said: its page count and size.
func (x *emailIndex) setTail(pages, total int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byEmail == nil {
		return
	}
	x.pages = max(x.pages, pages)
	x.total = max(x.total, total)
}
