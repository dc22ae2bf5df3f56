package client

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
)

// FindContactByEmail answers whether an e-mail is in use before a contact is created with it (a POST users/
// with an e-mail that exists edits that contact instead, §2.4 M, §2.5). It returns (nil, nil) when no contact
// has the e-mail, and an error when several have it.
//
// A single check costs two GETs: GET user/<email>/ (§2.3; its answer for an unknown e-mail is undocumented),
// confirmed by GET users/?q=email:<email> (§2.2) when it says "not found". An apply that creates many contacts
// checks many e-mails, so the checks follow the read path's rule (readpath.go), with the paged list GET users/
// (§2.2, 50 per page) as the thing to buy:
//
//  1. the first probeAfter checks are single (unless more than probeAfter checks are under way at once);
//  2. the next check fetches page 1, which tells how many pages the account has;
//  3. further checks are single until the GETs they cost reach half the pages still to fetch; then the rest of
//     the list is fetched once (concurrent checks wait for it) and every later check is answered from it.
//
// Buying at half the price instead of the full price (readpath.go) keeps 1,000 checks in an account of 5,000
// contacts at about 160 GETs instead of 200, and still never lists a large account for a handful of checks.
// Checks already waiting count as spent at two GETs each: they are demand known for certain, not a guess about
// checks to come, so when they alone would cost half the pages, renting for them is the worse choice. With
// -parallelism=100, the hundred checks waiting behind page 1 buy the list at once (a plan or apply of 1,000 new
// contacts in an account of 5,000 then costs about 105 GETs of checks instead of about 160).
//
// Correctness: the list is as fresh as the moment it was fetched, like a single check made then. Contacts this
// Client creates are added to it as they are created. An e-mail absent from the list is trusted as free only
// while this Client has edited no contact (an edit may have moved a contact to that e-mail) and every listed
// item had its e-mail key (an item without one is a contact whose e-mail the list did not say, list_items.go);
// otherwise a "free" answer is confirmed by a single check. A failed listing turns the index off: single checks
// only.
func (c *Client) FindContactByEmail(ctx context.Context, email string) (*Contact, error) {
	ctx = WithPurpose(ctx, ForCheck)
	email = strings.TrimSpace(email)
	c.emails.checkStarted()
	defer c.emails.checkEnded()
	if !bulkDisabled() {
		if ct, known, err := c.emails.lookup(ctx, c, email); err != nil || known {
			return ct, err
		}
		if c.emails.beforeProbe() {
			// A single check before the first page: decide what to spend the GET on when its turn comes, by which
			// time the checks that arrived meanwhile may make the probe the cheaper buy (rule 1).
			pctx, err := c.pacer.PrepayGet(ctx)
			if err != nil {
				return nil, err
			}
			if c.emails.probeInstead(pctx, c) {
				if ct, known, err := c.emails.lookup(ctx, c, email); err != nil || known {
					return ct, err
				}
			}
			ctx = pctx // not spent by a probe: the single check's first GET spends it
		}
	}
	return c.LookupContactByEmail(ctx, email)
}

// beforeProbe reports whether the index has not fetched its first page yet and may still do so.
func (x *emailIndex) beforeProbe() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.byEmail != nil && x.pages < 0 && !x.off
}

// probeInstead is called by a check that lookup sent to a single check before the first page, once its GET's turn
// has come (pctx carries it): when more checks are under way than the singles before a probe, or another check
// has fetched or is fetching the first page meanwhile, the single check is not counted after all and true says
// to ask lookup again; when this check is the one to probe, the probe spends the turn.
func (x *emailIndex) probeInstead(pctx context.Context, c *Client) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case x.off:
		return false
	case x.pages >= 0 || x.busy != nil:
	case x.checking > probeAfter:
		x.fetchLocked(pctx, c, 1, 1, false)
	default:
		return false
	}
	x.checks--
	x.spent -= 2
	return true
}

// LookupContactByEmail is the single check, never served from a listing: GET user/<email>/ (§2.3, H) first and,
// because how HappyFox compares case there is unknown, a miss confirmed with the documented search (§2.2, "email:"
// term) filtered case-insensitively. Nil, nil when no contact has the e-mail.
func (c *Client) LookupContactByEmail(ctx context.Context, email string) (*Contact, error) {
	email = strings.TrimSpace(email)
	ct, err := c.GetContactByEmail(ctx, email)
	switch {
	case err == nil && SameEmail(ct.Email, email):
		return ct, nil
	case err != nil && !IsNotFound(err):
		return nil, err
	}
	found, err := c.SearchContacts(ctx, map[string]string{"email": email})
	if err != nil {
		return nil, err
	}
	return oneByEmail(found, email)
}

func oneByEmail(cs []Contact, email string) (*Contact, error) {
	var matches []Contact
	for _, f := range cs {
		if SameEmail(f.Email, email) {
			matches = append(matches, f)
		}
	}
	switch len(matches) {
	case 0:
		return nil, nil
	case 1:
		return &matches[0], nil
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = itoa(m.ID)
	}
	return nil, fmt.Errorf("several HappyFox contacts have the e-mail %q (ids %s); select one by id", email, strings.Join(ids, ", "))
}

// bulkDisabled is the switch back to one request per object (and per check), used by the benchmark to show
// both paths side by side: HAPPYFOX_BULK_WRITES=off.
func bulkDisabled() bool { return strings.EqualFold(os.Getenv("HAPPYFOX_BULK_WRITES"), "off") }

// emailIndex is the list-backed e-mail check of FindContactByEmail.
type emailIndex struct {
	mu       sync.Mutex
	spent    int // GETs spent on single checks
	checks   int
	pages    int // page count at size 50; -1 until page 1 was fetched
	total    int // contacts in the list as its last page fetched said (last_index, §1.1); -1 unknown
	byEmail  map[string][]Contact
	complete bool // every page fetched
	busy     chan struct{}
	off      bool
	edited   bool            // a contact was edited through this Client
	partial  bool            // a listed item had no id or no e-mail key: an e-mail missing from the list may be in use
	mine     map[string]bool // e-mail keys of contacts this Client created

	// What the index knows of the account for the creates' checks (contacts_created_here.go): the highest contact id
	// read, how many bulk creates were answered, and how many had been when the newest list pages were last read.
	maxID        int64
	bulkAnswered int
	tailAfter    int
	tailEver     bool // the newest pages were read at least once

	checking int           // FindContactByEmail calls under way (each is usually followed by a create)
	deciding int           // calls inside lookup: not yet answered nor sent to a single check
	changed  chan struct{} // closed and replaced when checking drops or a create queues (waitChecks)
}

func (x *emailIndex) checkStarted() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.checking++
}

func (x *emailIndex) checkEnded() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.checking--
	x.notifyLocked()
}

func (x *emailIndex) notify() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.notifyLocked()
}

func (x *emailIndex) notifyLocked() {
	if x.changed != nil {
		close(x.changed)
		x.changed = nil
	}
}

// waitChecks waits until no e-mail check is under way or done() says to stop waiting: the bulk create's sender
// calls it after its pacer turn, so that the creates whose checks are still running join its request.
func (x *emailIndex) waitChecks(ctx context.Context, done func() bool) {
	for {
		x.mu.Lock()
		if x.checking <= 0 || done() {
			x.mu.Unlock()
			return
		}
		if x.changed == nil {
			x.changed = make(chan struct{})
		}
		ch := x.changed
		x.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// lookup answers from the index when it can (known true); otherwise it counts a single check, which the
// caller then makes.
func (x *emailIndex) lookup(ctx context.Context, c *Client, email string) (*Contact, bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.deciding++
	defer func() { x.deciding-- }()
	if x.byEmail == nil {
		x.byEmail = map[string][]Contact{}
		x.pages, x.total = -1, -1
	}
	for {
		if cs := x.byEmail[EmailKey(email)]; len(cs) > 0 {
			ct, err := oneByEmail(cs, email)
			return ct, true, err
		}
		if x.complete && !x.edited && !x.partial {
			return nil, true, nil
		}
		if x.busy != nil {
			busy := x.busy
			x.mu.Unlock()
			select {
			case <-busy:
			case <-ctx.Done():
				x.mu.Lock()
				return nil, false, ctx.Err()
			}
			x.mu.Lock()
			continue
		}
		if x.off || x.complete {
			break
		}
		switch {
		case x.pages < 0 && (x.checks >= probeAfter || x.checking > probeAfter):
			// More checks under way at once than the single checks before a probe: they alone would cost more than
			// the first page, which the rule buys next anyway.
			x.fetchLocked(ctx, c, 1, 1, false)
			continue
		case x.pages > 1 && 2*(x.spent+2*(x.deciding-1)) >= x.pages-1:
			// x.deciding-1: the other calls waiting for an answer; this one is counted by the single it would buy.
			x.fetchLocked(ctx, c, 2, x.pages, true)
			continue
		}
		break
	}
	x.checks++
	x.spent += 2
	return nil, false, nil
}

// fetchLocked fetches pages from..to of GET users/ without holding the lock.
func (x *emailIndex) fetchLocked(ctx context.Context, c *Client, from, to int, follow bool) {
	busy := make(chan struct{})
	x.busy = busy
	x.mu.Unlock()
	items, pages, total, err := fetchPages(ctx, c, contactReadKind, from, to, follow)
	var cs []Contact
	partial := false
	for _, raw := range items {
		if err != nil {
			break
		}
		if !hasKeys(raw, "id", "email") {
			partial = true // a missing key is not an empty value (list_items.go): this contact's e-mail is unknown
			continue
		}
		var ct Contact
		if ct, err = decodeContact(raw); err == nil {
			cs = append(cs, ct)
		}
	}
	x.mu.Lock()
	x.partial = x.partial || partial
	x.busy = nil
	close(busy)
	if err != nil {
		x.off = true
		return
	}
	for _, ct := range cs {
		x.addLocked(ct)
	}
	x.pages = pages
	x.total = max(x.total, total)
	x.complete = pages <= to || from > 1
}

func (x *emailIndex) addLocked(ct Contact) {
	if x.byEmail == nil {
		x.byEmail = map[string][]Contact{}
		x.pages, x.total = -1, -1
	}
	x.maxID = max(x.maxID, ct.ID)
	k := EmailKey(ct.Email)
	if k == "" {
		return
	}
	for _, o := range x.byEmail[k] {
		if o.ID == ct.ID {
			return
		}
	}
	x.byEmail[k] = append(x.byEmail[k], ct)
}

// created records a contact this Client created (or adopted after a lost answer).
func (x *emailIndex) created(ct Contact) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.addLocked(ct)
	if x.mine == nil {
		x.mine = map[string]bool{}
	}
	x.mine[EmailKey(ct.Email)] = true
}

// editedContact notes that a contact was edited through this Client: its e-mail may have changed.
func (x *emailIndex) editedContact() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.edited = true
}
