package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/coalesce"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// CreateContactBatched creates a contact with an e-mail like CreateVerified(CreateContact, FindContactByEmail),
// but concurrent calls share bulk POST users/ requests: a JSON array of up to 100 contacts, answered with one
// result per item in payload order, {"email", "success", "id"} (§2.5, H).
//
// The caller must have checked that the e-mail is free (FindContactByEmail): a bulk item whose e-mail exists
// edits that contact (§2.5).
//
// Collection: a call made while no bulk request of this Client is under way sends the next request; calls made
// while one is under way (waiting for the pacer or for HappyFox's answer) wait, and when it ends they all go in the
// next request, up to 100 per request. Before sending, the sender waits for the e-mail checks under way and for
// as many creates as this Client has seen at once (coalesce.Fill: Terraform's parallelism, in practice), a short
// while after the last arrival at most; a lone create is sent at once. Each call gets its own item's outcome:
//
//   - an item HappyFox refused fails only its caller, with an *APIError whose Fields name the field, as in the
//     item's "error" (§2.5: shape A, L);
//   - an answer lost after the request was sent (a dropped connection, a 5xx page) is settled item by item by
//     looking the e-mails up (one paged listing of the contacts when many are concerned, single checks
//     otherwise): a contact found is the one the request created; an item whose contact is not found was not
//     carried out and is sent again, at most Config.MaxRetries times, after a retry backoff. A request that
//     timed out is looked up but never sent again (HappyFox may still be carrying it out), as in CreateVerified.
//
// A contact answered as created must be one this request created, not another claimant's that HappyFox edited
// instead (contacts_created_here.go): such an item fails with a *ContactClaimedError. For the same reason a create
// with an e-mail never sends phones (a phone sent to a contact that exists is added to it a second time, §2.4):
// add them with UpdateContact once the contact is known to be new.
//
// The contact returned holds the id, name and e-mail only (the bulk answer carries no more); read it for the
// rest. Contacts without e-mail, and every contact when HAPPYFOX_BULK_WRITES=off, are created one request each.
func (c *Client) CreateContactBatched(ctx context.Context, in ContactInput) (*Contact, error) {
	if in.Email == "" {
		return c.CreateContact(ctx, in)
	}
	in.Phones = nil // see above
	if bulkDisabled() {
		guard := c.createGuard()
		return CreateVerified(ctx, c,
			func(ctx context.Context) (*Contact, error) { return c.CreateContact(ctx, in) },
			func(ctx context.Context) (*Contact, error) {
				ct, err := c.LookupContactByEmail(ctx, in.Email)
				if err == nil && ct != nil {
					if why := guard.claimedElsewhere(ct); why != "" {
						return nil, &ContactClaimedError{Email: in.Email, ID: ct.ID, Reason: why}
					}
				}
				return ct, err
			})
	}
	body, err := in.body()
	if err != nil {
		return nil, err
	}
	b := &c.bulkCreates
	it := &bulkItem{in: in, body: body}
	it.Init(b.fill.Leave) // counted out when its outcome is set (coalesce.Fill)
	err = b.co.Join(ctx, struct{}{}, it, coalesce.Ops[*bulkItem]{
		What: "the contact create",
		Max:  maxBatch,
		Cap:  c.bulkPageAligned,
		Queued: func() {
			b.fill.Enter(c.clock.Now())
			c.emails.notify() // a sender waiting for checks counts the creates queued
		},
		// The sender waits for its turn at the pacer first; the creates that arrive meanwhile go in the same request.
		Prepare: func(ctx context.Context) (context.Context, error) {
			sendCtx, err := c.pacer.PrepayWrite(ctx)
			if err != nil {
				return nil, err
			}
			// E-mail checks under way are, most often, creates about to queue: wait for them (event-driven, no
			// timer), unless a full request is already waiting.
			c.emails.waitChecks(ctx, func() bool { return b.co.Queued(struct{}{}) >= maxBatch })
			// Then the creates Terraform is about to start in the slots the last request freed (coalesce.Fill).
			b.fill.Wait(ctx, c.fillClock(), maxBatch)
			return sendCtx, nil
		},
		// A request's end counts as an arrival for the fill wait: its callers return and Terraform starts the next
		// creates in their slots, which the creates it left queued (bulkPageAligned) wait for.
		Send: func(ctx context.Context, batch []*bulkItem) {
			sent := b.fill.Send()
			defer func() { sent(c.clock.Now()) }()
			c.sendBulk(ctx, batch)
		},
		Unsettled: func(it *bulkItem, err error) {
			it.finish(nil, &AmbiguousError{Method: http.MethodPost, Path: "users/", Err: fmt.Errorf("contact %q: %w", it.in.Email, err)})
		},
	})
	if err != nil {
		return nil, err
	}
	return it.ct, it.err
}

// bulkPageAligned is how many of n creates a full request carries so that it ends on a boundary of the contact
// list's 50-item pages: its read-back (readCreatedTail) then costs ceil(n/50) GETs instead of one more, and every
// later full request starts on a boundary too. A request that is not full is never cut (cutting it would cost a
// write to save a GET, where Terraform's parallelism, not the queue, sets the size; a short request's read-back
// finds a page size that holds it, tailWindow), nor is one when the list's size is unknown.
// -parallelism=100 with 1,000 contacts: about 10 read-back GETs fewer for one more write (BENCHMARKS.md).
func (c *Client) bulkPageAligned(n int) int {
	total, _ := c.emails.tail()
	if n < maxBatch || total < 0 {
		return n
	}
	if cut := n - (total+n)%pageSize; cut > 0 {
		return cut
	}
	return n
}

type bulkItem struct {
	coalesce.Turn
	in   ContactInput
	body map[string]any
	ct   *Contact
	err  error
}

type bulkCreator struct {
	co   coalesce.Queue[struct{}, *bulkItem]
	fill coalesce.Fill // how long a sender waits for more creates
}

// sendBulk carries a batch through: POST, per-item outcomes, and the settling of lost answers.
// Every item of the batch is settled when it returns (the queue settles any it missed, coalesce.Queue).
func (c *Client) sendBulk(ctx context.Context, batch []*bulkItem) {
	const rel = "users/"
	batch = c.dropTakenEmails(batch)
	batch = c.dropClaimedSince(ctx, batch)
	for attempt := 1; len(batch) > 0; attempt++ {
		guard := c.createGuard() // what this client knew of the account before sending (contacts_created_here.go)
		payload := make([]map[string]any, len(batch))
		for i, it := range batch {
			payload[i] = it.body
		}
		resp, err := c.do(ctx, http.MethodPost, rel, nil, payload)
		var res []*ItemResult     // aligned with batch; nil where the answer has no result for the item
		var unsettled []*bulkItem // items whose outcome the answer does not tell
		var ae *APIError
		switch {
		case err == nil:
			all, derr := decodeItemResults(resp)
			if derr != nil {
				// An answer that tells nothing (JSON of another shape, null): every item's outcome is unknown.
				err = &AmbiguousError{Method: http.MethodPost, Path: rel, Err: fmt.Errorf("decoding the per-item results: %w", derr)}
				unsettled = batch
				break
			}
			res = alignResults(batch, all)
		case errors.As(err, &ae) && ae.StatusCode < 500 && len(ae.Items) == len(batch):
			// A 4xx that still carries one result per item: the items that succeeded were carried out.
			res, err = alignResults(batch, ae.Items), nil
		default:
			unsettled = batch
		}
		if res != nil {
			unsettled = c.settleBulkResults(ctx, rel, guard, batch, res)
			if len(unsettled) > 0 {
				err = &AmbiguousError{Method: http.MethodPost, Path: rel, Err: errors.New("HappyFox's answer had no id for some contacts")}
			}
		}
		if err == nil {
			return
		}
		if !IsAmbiguous(err) {
			for _, it := range unsettled {
				it.finish(nil, err)
			}
			return
		}
		wait := c.retry.Backoff(attempt)
		c.retry.Debug(ctx, "HappyFox bulk contact create had an unknown outcome; looking the contacts up by e-mail", map[string]any{
			"attempt": attempt, "items": len(unsettled), "reason": truncate(err.Error(), 300), "wait_ms": wait.Milliseconds(),
		})
		// Interrupted: no wait and nothing sent again, but the contacts are still looked up (settleContext).
		_ = c.retry.Sleep(ctx, wait)
		lookCtx, done := settleContext(ctx)
		found, ferr := c.lookupEmails(WithPurpose(lookCtx, ForSettle), unsettled)
		done()
		batch = nil
		for _, it := range unsettled {
			switch ct := found[EmailKey(it.in.Email)]; {
			case ferr != nil:
				it.finish(nil, fmt.Errorf("%w\n\nLooking the contact up by e-mail to find out failed too: %w", err, ferr))
			case ct != nil:
				// The contact found must be one this request created, not another claimant's (contacts_created_here.go).
				if why := guard.claimedElsewhere(ct); why != "" {
					it.finish(nil, &ContactClaimedError{Email: it.in.Email, ID: ct.ID, Reason: why, Edited: true})
					continue
				}
				c.bulkCreated(it, *ct)
			case transport.IsAttemptTimeout(err):
				it.finish(nil, fmt.Errorf("%w\n\nThe request timed out and HappyFox may still be carrying it out, so it was not sent "+
					"again. Check in HappyFox whether a contact with the e-mail %q exists: import it if it does, or run the apply again if it does not", err, it.in.Email))
			case attempt > c.retry.MaxRetries() || ctx.Err() != nil:
				it.finish(nil, err)
			default:
				batch = append(batch, it) // not carried out: send it again
			}
		}
	}
}

// settleBulkResults gives each item of batch its outcome from res (aligned with batch) and returns the items the
// answer does not settle. A contact answered as created is read back (from the newest list pages, a few GETs for
// the whole request) and must be one this request created (guard, contacts_created_here.go).
func (c *Client) settleBulkResults(ctx context.Context, rel string, guard createGuard, batch []*bulkItem, res []*ItemResult) []*bulkItem {
	var created []int64
	for _, r := range res {
		if r != nil && r.Success && r.ID > 0 {
			created = append(created, r.ID)
		}
	}
	// Fetch the new contacts for their read-back before anyone is told: a few list pages, not a GET each.
	c.readCreatedTail(ctx, created)
	got := make(map[int64]*Contact, len(created))
	for _, id := range created {
		ct, ok := c.reads.fresh.peek(id)
		if !ok {
			// Not on the pages read: read it on its own (the read-back the caller would make anyway), so that it is
			// judged before it is handed back.
			var err error
			if ct, err = c.getContact(WithPurpose(ctx, ForReadBack), objectPath("user", id)); err != nil {
				continue
			}
			c.reads.fresh.put(ct)
		}
		got[id] = ct
	}
	var unsettled []*bulkItem
	for i, it := range batch {
		r := res[i]
		switch {
		case r == nil || (r.Success && r.ID <= 0):
			unsettled = append(unsettled, it)
		case !r.Success:
			it.finish(nil, &APIError{Method: http.MethodPost, Path: rel, StatusCode: http.StatusOK, Message: r.Message, Fields: r.Fields})
		default:
			if ct := got[r.ID]; ct != nil {
				if ContactMismatch(it.in, ct) != nil {
					// The answer's id names another contact (a caching proxy, an answer cut short): the outcome is
					// unknown, and the lookup by e-mail decides (same_object.go). The item may have edited any
					// contact (cache_invalidation.go).
					c.outcomeUnknown(http.MethodPost, rel)
					unsettled = append(unsettled, it)
					continue
				}
				if why := guard.claimedElsewhere(ct); why != "" {
					c.reads.fresh.drop(r.ID)
					it.finish(nil, &ContactClaimedError{Email: it.in.Email, ID: r.ID, Reason: why, Edited: true})
					continue
				}
			}
			c.bulkCreated(it, Contact{ID: r.ID, Name: it.in.Name, Email: it.in.Email})
		}
	}
	return unsettled
}

// alignResults matches HappyFox's per-item results to the items of batch (alignByEmail).
func alignResults(batch []*bulkItem, res []ItemResult) []*ItemResult {
	emails := make([]string, len(batch))
	for i, it := range batch {
		emails[i] = it.in.Email
	}
	return alignByEmail(emails, res)
}

// alignByEmail matches HappyFox's per-item results to the items sent, whose e-mails are emails: by e-mail when
// every result names one (§2.5: results carry the item's e-mail; their order is documented as the payload's, but a
// result that names an e-mail is matched by it whatever the order), otherwise by position. An item with no result
// gets nil.
func alignByEmail(emails []string, res []ItemResult) []*ItemResult {
	out := make([]*ItemResult, len(emails))
	byEmail := map[string][]*ItemResult{}
	named := len(res) > 0
	for i := range res {
		if res[i].Email == "" {
			named = false
			break
		}
		k := EmailKey(res[i].Email)
		byEmail[k] = append(byEmail[k], &res[i])
	}
	if named {
		for i, e := range emails {
			k := EmailKey(e)
			if rs := byEmail[k]; len(rs) > 0 {
				out[i], byEmail[k] = rs[0], rs[1:]
			}
		}
		return out
	}
	for i := range emails {
		if i < len(res) {
			out[i] = &res[i]
		}
	}
	return out
}

// dropClaimedSince is the check right before a bulk create is sent: it fails the items whose e-mail a contact has
// taken since their check, as far as this client can tell without another GET per item. The e-mail index (one
// listing of the account, when many e-mails were checked) is brought up to date with the newest list pages, which
// hold every contact created since (in the list's order by id), unless the read-back of the previous request
// already read them.
//
// On one machine, the e-mails are also claimed for this process in a file shared with the other processes of the
// account (contacts_claims_shared.go): an e-mail another running process claimed first is not sent.
func (c *Client) dropClaimedSince(ctx context.Context, batch []*bulkItem) []*bulkItem {
	if c.emails.tailStale() {
		c.refreshTail(ctx)
	}
	emails := make([]string, len(batch))
	for i, it := range batch {
		emails[i] = it.in.Email
	}
	taken := claimEmails(c.budget, emails, c.clock.Now())
	out := batch[:0:0]
	for _, it := range batch {
		if pid, ok := taken[it.in.Email]; ok {
			it.finish(nil, &ContactClaimedError{Email: it.in.Email, Reason: fmt.Sprintf("another Terraform run on this machine "+
				"(provider process %d) is creating a contact with this e-mail for the same HappyFox account", pid)})
			continue
		}
		if ct := c.emails.known(it.in.Email); ct != nil {
			it.finish(nil, &ContactClaimedError{Email: it.in.Email, ID: ct.ID,
				Reason: "it was created after this run checked the e-mail, before the create was sent"})
			continue
		}
		out = append(out, it)
	}
	return out
}

// lookupEmails finds the contacts of the items by e-mail: one listing of every contact when that costs fewer
// GETs than the single checks (two each), else single checks.
func (c *Client) lookupEmails(ctx context.Context, items []*bulkItem) (map[string]*Contact, error) {
	out := map[string]*Contact{}
	pages := c.emails.pageCount()
	if len(items) > 2 && (pages < 0 || pages <= 2*len(items)) {
		all, err := c.ListContacts(ctx)
		if err != nil {
			return nil, err
		}
		want := map[string]bool{}
		for _, it := range items {
			want[EmailKey(it.in.Email)] = true
		}
		var cs []Contact
		for _, ct := range all {
			if want[EmailKey(ct.Email)] {
				cs = append(cs, ct)
			}
		}
		for _, it := range items {
			ct, err := oneByEmail(cs, it.in.Email)
			if err != nil {
				return nil, err
			}
			out[EmailKey(it.in.Email)] = ct
		}
		return out, nil
	}
	for _, it := range items {
		ct, err := c.LookupContactByEmail(ctx, it.in.Email)
		if err != nil {
			return nil, err
		}
		out[EmailKey(it.in.Email)] = ct
	}
	return out, nil
}

// bulkCreated hands a created (or adopted) contact to its caller. The read path marked it written when the answer
// named it, or forgot the contacts family when the answer left the outcome unknown (cache_invalidation.go).
func (c *Client) bulkCreated(it *bulkItem, ct Contact) {
	c.emails.created(ct)
	it.finish(&ct, nil)
}

func (it *bulkItem) finish(ct *Contact, err error) {
	it.ct, it.err = ct, err
	it.Settle()
}

// pageCount is the contact list's page count, -1 when unknown.
func (x *emailIndex) pageCount() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.byEmail == nil {
		return -1
	}
	return x.pages
}

// dropTakenEmails fails the items whose e-mail another create of this Client has taken since their check (two
// resources with one e-mail), or that repeat an e-mail of an earlier item of the batch: HappyFox would edit that
// contact with them (§2.5) instead of creating one.
func (c *Client) dropTakenEmails(batch []*bulkItem) []*bulkItem {
	seen := map[string]bool{}
	out := batch[:0:0]
	for _, it := range batch {
		k := EmailKey(it.in.Email)
		if seen[k] || c.emails.createdHere(k) {
			it.finish(nil, &APIError{Method: http.MethodPost, Path: "users/", StatusCode: http.StatusBadRequest,
				Message: fmt.Sprintf("another contact created in this run already has the e-mail %q", it.in.Email),
				Fields:  []FieldError{{Field: "email", Messages: []string{"Another contact in this configuration has the same e-mail; each contact needs its own."}}}})
			continue
		}
		seen[k] = true
		out = append(out, it)
	}
	return out
}

// createdHere reports whether this Client created (or adopted) a contact with the e-mail key k.
func (x *emailIndex) createdHere(k string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.mine[k]
}
