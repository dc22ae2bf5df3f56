package client

import (
	"context"
	"fmt"
	"sync"
)

// AddGroupContactBatched is UpdateGroupContacts for one contact, except that concurrent calls for the same
// group share one POST contact_group/<id>/update_contacts/ (a bare array of up to 100 items, §2.8 H), collected
// the same way as bulk contact creates (contacts_bulk.go): the call that finds no request of its kind under way
// waits for its pacer turn and for the calls still to come (batch_fill.go), then sends every call that arrived
// meanwhile. Each call gets its own item's result. The request is safe to repeat (§2.8: adding a member again
// changes nothing), so a lost answer is retried like any idempotent write. With HAPPYFOX_BULK_WRITES=off, every call sends its own request.
func (c *Client) AddGroupContactBatched(ctx context.Context, groupID int64, ch MembershipChange) (ItemResult, error) {
	if bulkDisabled() {
		return one(c.UpdateGroupContacts(ctx, groupID, []MembershipChange{ch}))
	}
	return c.groupBatches.submit(ctx, c, groupBatchKey{groupID, false}, ch)
}

// RemoveGroupContactBatched is RemoveGroupContacts for one contact; concurrent calls for the same group share
// one POST contact_group/<id>/delete_contacts/ ({"contacts": [ids]}, §2.8 H), as in AddGroupContactBatched.
func (c *Client) RemoveGroupContactBatched(ctx context.Context, groupID, contactID int64) (ItemResult, error) {
	if bulkDisabled() {
		return one(c.RemoveGroupContacts(ctx, groupID, []int64{contactID}))
	}
	return c.groupBatches.submit(ctx, c, groupBatchKey{groupID, true}, MembershipChange{ContactID: contactID})
}

func one(res []ItemResult, err error) (ItemResult, error) {
	if err != nil {
		return ItemResult{}, err
	}
	if len(res) != 1 {
		return ItemResult{}, fmt.Errorf("HappyFox answered %d results for one contact", len(res))
	}
	return res[0], nil
}

type groupBatchKey struct {
	group  int64
	remove bool
}

type groupItem struct {
	ch   MembershipChange
	lead chan struct{}
	done chan struct{}
	res  ItemResult
	err  error
}

type groupQueue struct {
	pending []*groupItem
	sending bool
}

type groupBatcher struct {
	mu   sync.Mutex
	q    map[groupBatchKey]*groupQueue
	fill batchFill // one for all groups: how long a sender waits for more changes (batch_fill.go)
}

func (b *groupBatcher) submit(ctx context.Context, c *Client, k groupBatchKey, ch MembershipChange) (ItemResult, error) {
	it := &groupItem{ch: ch, lead: make(chan struct{}, 1), done: make(chan struct{})}
	b.mu.Lock()
	if b.q == nil {
		b.q = map[groupBatchKey]*groupQueue{}
	}
	q := b.q[k]
	if q == nil {
		q = &groupQueue{}
		b.q[k] = q
	}
	q.pending = append(q.pending, it)
	lead := !q.sending
	q.sending = true
	b.mu.Unlock()
	b.fill.enter(c.retry.clock.now())
	if !lead {
		select {
		case <-it.lead:
		case <-it.done: // sent in the request of the call before
			return it.res, it.err
		case <-ctx.Done():
			b.mu.Lock()
			for i, p := range q.pending {
				if p == it {
					q.pending = append(q.pending[:i], q.pending[i+1:]...)
					select {
					case <-it.lead:
						q.handOffLocked()
					default:
					}
					b.mu.Unlock()
					b.fill.leave()
					return ItemResult{}, notSent(fmt.Errorf("waiting to send the membership change: %w", ctx.Err()))
				}
			}
			b.mu.Unlock()
			<-it.done
			return it.res, it.err
		}
	}
	sendCtx, err := c.prepayWrite(ctx)
	if err == nil {
		// Wait for the changes Terraform is about to start in the slots the last requests freed, whichever their
		// group (batch_fill.go).
		b.fill.wait(ctx, c.retry.clock)
	}
	b.mu.Lock()
	if err != nil {
		for i, p := range q.pending {
			if p == it {
				q.pending = append(q.pending[:i], q.pending[i+1:]...)
				break
			}
		}
		q.handOffLocked()
		b.mu.Unlock()
		b.fill.leave()
		return ItemResult{}, err
	}
	n := min(len(q.pending), maxBatch)
	batch := append([]*groupItem(nil), q.pending[:n]...)
	q.pending = q.pending[n:]
	b.mu.Unlock()

	sent := b.fill.send()
	var res []ItemResult
	if k.remove {
		ids := make([]int64, len(batch))
		for i, x := range batch {
			ids[i] = x.ch.ContactID
		}
		res, err = c.RemoveGroupContacts(sendCtx, k.group, ids)
	} else {
		chs := make([]MembershipChange, len(batch))
		for i, x := range batch {
			chs[i] = x.ch
		}
		res, err = c.UpdateGroupContacts(sendCtx, k.group, chs)
	}
	for i, x := range batch {
		switch {
		case err != nil && i >= len(res):
			x.err = err
		case i >= len(res):
			x.err = fmt.Errorf("HappyFox returned no result for contact %d", x.ch.ContactID)
		default:
			x.res = res[i]
			x.res.Index = 0
		}
		b.fill.leave()
		close(x.done)
	}
	sent(c.retry.clock.now())

	b.mu.Lock()
	q.handOffLocked()
	b.mu.Unlock()
	<-it.done
	return it.res, it.err
}

func (q *groupQueue) handOffLocked() {
	if len(q.pending) > 0 {
		q.pending[0].lead <- struct{}{}
	} else {
		q.sending = false
	}
}
