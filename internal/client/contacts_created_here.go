package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// A POST users/ with an e-mail that already exists edits that contact instead of creating one (§2.4, §2.5), and
// answers as for a create. Two runs that create the same contacts at the same moment (two pipelines, a copy of a
// repository) both saw the e-mails free; the second one's request then "creates" the first one's contacts, and both
// runs would track them. So:
//
//   - before a bulk create is sent, its e-mails are checked again against everything this client has read of the
//     account: its e-mail checks' listing, brought up to date with the newest list pages (which the read-back of
//     its previous request read, or which are read then), so a contact another run created since is not sent;
//   - on one machine, the e-mails are claimed for this process in a file shared by every process of the account
//     (contacts_claims_shared.go), so a second run never sends them at all;
//   - after it, the contact answered must be one this request created, judged from what no later change can alter:
//     it is another claimant's when its id is not above the highest contact id this client had read before sending
//     (ids only grow, §1 Ids), or when its created_at (UTC, §1 Timestamps) is earlier than HappyFox's own clock (the
//     Date header of its answers) at the last answer before sending, by existedBeforeMargin or more.
//
// Such a contact is never handed back as created: the create fails with a *ContactClaimedError naming it. What the
// contact holds (an update time, phones) is not a sign: another writer may change it between the create and its
// read-back, and taking the contact for someone else's then would leave it in no state. Phones are never sent with a
// create that has an e-mail, and are added only where the contact does not hold them yet, so that a contact two runs
// claim never gets a phone twice. Runs on two machines that send the same e-mail within seconds of each other are
// not told apart: both track the contact (RELIABILITY.md, known limits, says how to bring them back).

// existedBeforeMargin is the created_at rule's margin: a contact created this long before the create was sent, by
// HappyFox's clock, is surely not the one it created (clocks in front of HappyFox may differ from its own by seconds).
const existedBeforeMargin = 10 * time.Second

// createGuard is what a create knows of the account before it is sent.
type createGuard struct {
	watermark int64     // highest contact id read, 0 when none
	server    time.Time // HappyFox's clock at the last answer, zero when unknown
}

// serverClock follows HappyFox's clock: the Date header of its answers (second resolution, RFC 9110).
type serverClock struct {
	mu  sync.Mutex
	now time.Time
}

func (a *serverClock) sawAnswer(h http.Header) {
	t, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if t.After(a.now) {
		a.now = t
	}
}

func (a *serverClock) last() time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.now
}

// createGuard returns what this client knows of the account before a create is sent.
func (c *Client) createGuard() createGuard {
	return createGuard{watermark: c.emails.highestID(), server: c.server.last()}
}

// ContactClaimedError is a create whose e-mail belongs to a contact this request did not create: another run or
// integration created it before (or while) this one was sent, and HappyFox edited it instead (§2.4). The contact
// is not handed back as created, so this run does not track it.
type ContactClaimedError struct {
	Email  string
	ID     int64  // the other claimant's contact, 0 when unknown (another process on this machine is creating it)
	Reason string // why it is not this request's: "it existed before the request (created at …)", …
	Edited bool   // the create was sent, so HappyFox edited that contact with this run's values
}

func (e *ContactClaimedError) Error() string {
	if e.ID == 0 {
		return fmt.Sprintf("the contact with the e-mail %q was not created: %s. A create with an e-mail that exists edits that "+
			"contact instead (§2.4), so only one run may create it", e.Email, e.Reason)
	}
	return fmt.Sprintf("HappyFox already had a contact with the e-mail %q (id %d), which this run did not create: %s. "+
		"A create with an e-mail that exists edits that contact instead (the HappyFox API cannot tell the two apart), so "+
		"another run or integration claimed this contact first", e.Email, e.ID, e.Reason)
}

// claimedElsewhere returns why ct, answered to a create whose request was guarded by g, is not a contact that
// request created, or "" when it is (or cannot be told).
func (g createGuard) claimedElsewhere(ct *Contact) string {
	if g.watermark > 0 && ct.ID <= g.watermark {
		return fmt.Sprintf("its id is not above the highest contact id (%d) this run had read before it sent the create", g.watermark)
	}
	created, err := time.Parse(time.DateTime, strings.TrimSpace(ct.CreatedAt))
	if err == nil && !g.server.IsZero() && g.server.Sub(created) >= existedBeforeMargin {
		return fmt.Sprintf("it existed before the create was sent (created at %s UTC; HappyFox's clock said %s when the create "+
			"was sent)", ct.CreatedAt, g.server.UTC().Format(time.DateTime))
	}
	return ""
}

// highestID is the highest contact id this client has read (0: none).
func (x *emailIndex) highestID() int64 {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.maxID
}

// listed adds a contact read from a list page to the index (when there is one) and to what the client has seen.
func (x *emailIndex) listed(ct Contact) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.maxID = max(x.maxID, ct.ID)
	if x.byEmail != nil {
		x.addLocked(ct)
	}
}

// bulkAnswer counts a bulk create that HappyFox answered.
func (x *emailIndex) bulkAnswer() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.bulkAnswered++
}

// tailRead records that the newest list pages were read (after every bulk create answered so far).
func (x *emailIndex) tailRead() {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.tailAfter, x.tailEver = x.bulkAnswered, true
}

// tailStale reports whether the index, built from a listing, has not read the newest list pages since the last
// bulk create was answered (or ever): contacts created since by others may be missing from it.
func (x *emailIndex) tailStale() bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.byEmail != nil && x.pages >= 1 && (!x.tailEver || x.tailAfter < x.bulkAnswered)
}

// known returns a contact of the index with the e-mail, or nil.
func (x *emailIndex) known(email string) *Contact {
	x.mu.Lock()
	defer x.mu.Unlock()
	if cs := x.byEmail[EmailKey(email)]; len(cs) > 0 {
		ct := cs[0]
		return &ct
	}
	return nil
}

// refreshTail reads the newest pages of the contact list into the index: every contact created since the index's
// listing is there (in the list's order by id, §2.2).
func (c *Client) refreshTail(ctx context.Context) {
	from := c.emails.pageCount()
	if from < 1 {
		return
	}
	ctx = WithPurpose(ctx, ForCheck)
	for page, to := from, from; page <= to && page <= maxPages; page++ {
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
				continue // an item without the e-mail says nothing of it (list_items.go)
			}
			if ct, err := decodeContact(raw); err == nil {
				c.emails.listed(ct)
			}
		}
		c.emails.setTail(lp.total(), to)
	}
	c.emails.tailRead()
}
