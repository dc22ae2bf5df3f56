package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync"
)

// The read path makes refreshing many objects of one kind cost pages instead of objects.
//
// Some list endpoints return full objects: GET assets/?asset_type=<id> (§3.2) and GET users/ (§2.2) answer with
// the same objects as GET asset/<id>/ and GET user/<id>/, 50 per page. A Terraform refresh reads every managed
// object once, so a configuration with 500 assets of one type costs 500 GETs (a minute of HappyFox's 500 GET per
// minute) with single reads, but 10 pages with lists. A configuration with 3 assets in a type of 10,000 must not
// list 200 pages, though. Nobody tells the client how many objects will be read, so it decides as it goes,
// separately for each kind (a list endpoint with its query: one asset type, or the contacts):
//
//  1. The first probeAfter reads of a kind are single GETs.
//  2. The next read fetches page 1 (size 50) instead: it holds 50 objects and page_info says how many pages the
//     kind has (page_count, or last_index / 50).
//  3. From then on, reads are served from the pages fetched so far; a read that misses them is a single GET,
//     until the single GETs spent on the kind reach the number of pages still to fetch. Then the remaining
//     pages are listed once (one caller fetches them, concurrent reads of the kind wait for it) and every later
//     read of the kind is served from that snapshot.
//
// Step 3 is the ski-rental rule (amortized doubling): keep paying for single GETs until they have cost as much
// as buying the whole list, then buy it. Whatever the number R of reads, the cost is at most about twice the
// cheaper of the two strategies (R single GETs, or P pages), plus the probe: R < probeAfter costs R; a kind of P
// pages costs at most min(R, P−1) + 1 + (P−1) ≤ 2P; a kind much larger than what the configuration reads is
// never listed (R + 1). 500 assets of one type (10 pages) cost about 20 GETs; 3 assets of a type with 10,000
// cost 3.
//
// Correctness:
//   - An id missing from the snapshot is read with a single GET, which gives the true answer: a 404 for an
//     object deleted since, or the object when it was created after the listing or has moved.
//   - Every write the client makes to an object (update, delete, membership changes that alter a contact) marks
//     the object written before the request is sent, and a create marks the object it answers with: a written
//     object is dropped from the snapshot and never served from one again by this Client, including from a
//     listing that was in flight during the write. A write whose object is unknown (a contact create by e-mail
//     whose answer was lost) drops the family's snapshots altogether. Which writes mark what is decided in one
//     place, from the request (cache_invalidation.go). So a read after a write is never stale.
//   - The snapshot is as fresh as the moment it was listed, like a single GET made at that moment; a Client
//     lives for one Terraform operation (one provider process per plan or apply), not across runs.
//   - A failed probe or listing (an error, a cancelled context) turns the kind back to single GETs for the rest
//     of the Client's life; nothing is cached from a failure.
//   - A list item that lacks a field its single GET carries is never served: its object gets a single GET
//     (list_items.go). A probe whose page holds no servable item turns the kind to single GETs.
//
// A kind whose list is one bare array (GET contact_groups/, §2.8: every group in one answer) costs one GET
// whatever its size, no more than a single read: it is listed at its first read.
type readPath struct {
	mu      sync.Mutex
	kinds   map[string]*kindState
	written map[string]map[int64]bool // family → ids written through this Client
	shapes  shapeSeen                 // the fields this HappyFox's single GETs answer (list_items.go)

	fresh  freshContacts  // contacts as this Client's last write left them, for the read-back (fresh_reads.go)
	groups groupSnapshots // the last group reads, for the refresh of memberships (contact_group_snapshot.go)
}

// probeAfter is the number of single reads of a kind before the read path fetches its first page.
const probeAfter = 4

// readKind names a collection whose list endpoint returns full objects.
type readKind struct {
	key    string     // e.g. "assets/?asset_type=3"; one state per key
	family string     // id space of the objects, e.g. "asset" (writes are recorded per family)
	rel    string     // list endpoint, e.g. "assets/"
	q      url.Values // fixed query parameters (page and size are added)
	bare   bool       // one bare array holds the whole kind (§1.1): no paging, listed at the first read
}

// contactReadKind is every contact: GET users/ (§2.2).
var contactReadKind = readKind{key: "users/", family: "user", rel: "users/"}

// contactGroupReadKind is every contact group's summary: GET contact_groups/, one bare array (§2.8).
var contactGroupReadKind = readKind{key: "contact_groups/", family: "contact_group", rel: "contact_groups/", bare: true}

func assetReadKind(assetTypeID int64) readKind {
	return readKind{key: "assets/?asset_type=" + itoa(assetTypeID), family: "asset", rel: "assets/", q: assetTypeQuery(assetTypeID)}
}

// kindState is the read path's knowledge of one kind.
type kindState struct {
	family   string
	singles  int                       // single GETs counted against the kind
	pages    int                       // page count at size 50; -1 until the probe
	nextPage int                       // first page not fetched yet
	snap     map[int64]json.RawMessage // objects from the pages fetched, by id
	busy     chan struct{}             // non-nil while a probe or listing runs; closed when it ends
	done     bool                      // every page fetched
	off      bool                      // a probe or listing failed: single GETs only
	gen      int                       // bumped by forgetFamily: a fetch that started before is discarded
	bare     bool                      // the kind's list is one bare array: listed at its first read
}

type readAction int

const (
	actNone  readAction = iota // a single GET
	actProbe                   // fetch page 1
	actList                    // fetch the remaining pages
)

// next applies the rule above to the kind's counts.
func (s *kindState) next() readAction {
	switch {
	case s.off || s.done:
		return actNone
	case s.pages < 0:
		if s.bare || s.singles >= probeAfter {
			return actProbe
		}
		return actNone
	case s.singles >= s.pages-s.nextPage+1:
		return actList
	}
	return actNone
}

func (p *readPath) state(k readKind) *kindState {
	if p.kinds == nil {
		p.kinds = map[string]*kindState{}
	}
	s := p.kinds[k.key]
	if s == nil {
		s = &kindState{family: k.family, pages: -1, nextPage: 1, snap: map[int64]json.RawMessage{}, bare: k.bare}
		p.kinds[k.key] = s
	}
	return s
}

func (p *readPath) isWritten(family string, id int64) bool { return p.written[family][id] }

// read returns the object id of kind k from the read path, fetching pages when the rule says so. ok false means
// the caller must GET the object itself; that single GET has been counted against the kind.
func (p *readPath) read(ctx context.Context, c *Client, k readKind, id int64) (json.RawMessage, bool) {
	p.mu.Lock()
	s := p.state(k)
	for !p.isWritten(k.family, id) {
		if raw, ok := s.snap[id]; ok {
			if !p.shapes.servable(k.family, raw) {
				break // the item lacks a field its single GET carries (list_items.go)
			}
			p.mu.Unlock()
			return raw, true
		}
		if s.busy != nil {
			if !p.waitLocked(ctx, s.busy) {
				p.mu.Unlock()
				return nil, false
			}
			continue
		}
		act := s.next()
		if act == actNone {
			break
		}
		p.fetchLocked(ctx, c, k, s, act)
	}
	s.singles++
	p.mu.Unlock()
	return nil, false
}

// cached returns the object id of family from any snapshot (reads that do not know the object's kind), after
// waiting for the family's probes and listings in flight. It counts nothing.
func (p *readPath) cached(ctx context.Context, family string, id int64) (json.RawMessage, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.isWritten(family, id) {
			return nil, false
		}
		var busy chan struct{}
		for _, s := range p.kinds {
			if s.family != family {
				continue
			}
			if raw, ok := s.snap[id]; ok && p.shapes.servable(family, raw) {
				return raw, true
			}
			if s.busy != nil {
				busy = s.busy
			}
		}
		if busy == nil || !p.waitLocked(ctx, busy) {
			return nil, false
		}
	}
}

// spent counts a single GET against kind k made by a read that did not know the kind beforehand, and runs a
// probe or a listing when the rule says so (for the reads that follow).
func (p *readPath) spent(ctx context.Context, c *Client, k readKind) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.state(k)
	s.singles++
	if s.busy == nil {
		if act := s.next(); act != actNone {
			p.fetchLocked(ctx, c, k, s, act)
		}
	}
}

// waitLocked releases the lock until busy is closed or ctx ends (false), then takes it again.
func (p *readPath) waitLocked(ctx context.Context, busy chan struct{}) bool {
	p.mu.Unlock()
	defer p.mu.Lock()
	select {
	case <-busy:
		return true
	case <-ctx.Done():
		return false
	}
}

// fetchLocked runs a probe or a listing of kind k without holding the lock; concurrent reads of the kind wait
// on s.busy meanwhile.
func (p *readPath) fetchLocked(ctx context.Context, c *Client, k readKind, s *kindState, act readAction) {
	busy := make(chan struct{})
	s.busy = busy
	gen := s.gen
	from, to := s.nextPage, s.pages
	if act == actProbe {
		from, to = 1, 1
	}
	p.mu.Unlock()
	items, pages, _, err := fetchPages(ctx, c, k, from, to, act == actList)
	p.mu.Lock()
	if gen != s.gen {
		items, err = nil, errForgotten
	}
	servable := 0
	for _, it := range items {
		var head struct {
			ID ID `json:"id"`
		}
		if decodeObject(it, &head) != nil || head.ID <= 0 || p.isWritten(k.family, int64(head.ID)) {
			continue
		}
		s.snap[int64(head.ID)] = it
		if p.shapes.servable(k.family, it) {
			servable++
		}
	}
	switch {
	case err != nil:
		s.off = true
	case act == actProbe && len(items) > 0 && servable == 0:
		s.off = true // this list leaves out what the single GETs carry: listing more would buy nothing
	case act == actProbe:
		s.pages, s.nextPage = pages, 2
		s.done = pages <= 1 || s.bare // a bare kind's one answer is all there is; what it lacks is read singly
	default:
		s.pages, s.nextPage, s.done = pages, pages+1, true
	}
	s.busy = nil
	close(busy)
}

// errForgotten discards a fetch that forgetFamily overtook.
var errForgotten = errors.New("snapshot dropped by a write")

// fetchPages GETs pages from..to (size 50) of kind k and returns their items, the page count the last page
// reported and the collection's size it reported (page_info's last_index, -1 when it said none). A listing
// (follow) goes on while page_count grows (objects created meanwhile); a probe fetches its one page. An empty
// page, or a list answered without page_info (which is then complete), ends the walk.
func fetchPages(ctx context.Context, c *Client, k readKind, from, to int, follow bool) (items []json.RawMessage, pages, total int, err error) {
	reported, total := to, -1
	for page := from; page <= to; page++ {
		if page > maxPages {
			return items, 0, -1, fmt.Errorf("HappyFox GET %s: more than %d pages", k.rel, maxPages)
		}
		q := url.Values{}
		for key, v := range k.q {
			q[key] = v
		}
		if !k.bare {
			q.Set("size", strconv.Itoa(pageSize))
			q.Set("page", strconv.Itoa(page))
		}
		body, err := c.get(ctx, k.rel, q)
		if err != nil {
			return items, 0, -1, err
		}
		lp, err := decodeListPage(body)
		if err != nil {
			return items, 0, -1, fmt.Errorf("decoding HappyFox GET %s page %d: %w", k.rel, page, err)
		}
		items = append(items, lp.Items...)
		if !lp.Envelope || lp.Info == nil {
			return items, page, -1, nil // not paginated: this is everything
		}
		total = lp.total()
		switch {
		case lp.Info.PageCount != nil:
			reported = int(*lp.Info.PageCount)
		case total >= 0:
			reported = (total + pageSize - 1) / pageSize
		}
		if len(lp.Items) == 0 {
			return items, page, total, nil
		}
		if follow && reported > to {
			to = reported
		}
	}
	return items, reported, total, nil
}

// total is the collection's size a page reports (last_index, §1.1), or -1.
func (lp listPage) total() int {
	if lp.Info == nil || lp.Info.LastIndex == nil || *lp.Info.LastIndex < 0 {
		return -1
	}
	return int(*lp.Info.LastIndex)
}

// forget marks objects of family as written through this Client: they are dropped from every snapshot and
// always read with a single GET from now on. Client.invalidate calls it by the rules of cache_invalidation.go:
// before a write is sent, and for the object a create's answer names.
func (p *readPath) forget(family string, ids ...int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.written == nil {
		p.written = map[string]map[int64]bool{}
	}
	w := p.written[family]
	if w == nil {
		w = map[int64]bool{}
		p.written[family] = w
	}
	if family == contactReadKind.family {
		p.fresh.drop(ids...)
	}
	for _, id := range ids {
		w[id] = true
		for _, s := range p.kinds {
			if s.family == family {
				delete(s.snap, id)
			}
		}
	}
}

// forgetFamily drops every snapshot of family and turns its kinds to single GETs, for a write whose object is
// not known (a create by e-mail whose answer was lost may have edited any contact; cache_invalidation.go).
func (p *readPath) forgetFamily(family string) {
	if family == contactReadKind.family {
		p.fresh.dropAll()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.kinds {
		if s.family == family {
			s.snap = map[int64]json.RawMessage{}
			s.off = true
			s.gen++
		}
	}
}
