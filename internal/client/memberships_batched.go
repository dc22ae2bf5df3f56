package client

import (
	"context"
	"fmt"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/coalesce"
)

// AddGroupContactBatched is UpdateGroupContacts for one contact, except that concurrent calls for the same
// group share one POST contact_group/<id>/update_contacts/ (a bare array of up to 100 items, §2.8 H), collected
// the same way as bulk contact creates (contacts_bulk.go): the call that finds no request of its kind under way
// waits for its pacer turn and for the calls still to come (coalesce.Fill), then sends every call that arrived
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
	coalesce.Turn
	ch  MembershipChange
	res ItemResult
	err error
}

type groupBatcher struct {
	co   coalesce.Queue[groupBatchKey, *groupItem]
	fill coalesce.Fill // one for all groups: how long a sender waits for more changes
}

func (b *groupBatcher) submit(ctx context.Context, c *Client, k groupBatchKey, ch MembershipChange) (ItemResult, error) {
	it := &groupItem{ch: ch}
	it.Init(b.fill.Leave) // counted out when its result is set (coalesce.Fill)
	err := b.co.Join(ctx, k, it, coalesce.Ops[*groupItem]{
		What:   "the membership change",
		Max:    maxBatch,
		Queued: func() { b.fill.Enter(c.clock.Now()) },
		Prepare: func(ctx context.Context) (context.Context, error) {
			sendCtx, err := c.pacer.PrepayWrite(ctx)
			if err != nil {
				return nil, err
			}
			// Wait for the changes Terraform is about to start in the slots the last requests freed, whichever their
			// group (coalesce.Fill).
			b.fill.Wait(ctx, c.fillClock(), maxBatch)
			return sendCtx, nil
		},
		Send: func(ctx context.Context, batch []*groupItem) { b.send(ctx, c, k, batch) },
		Unsettled: func(it *groupItem, err error) {
			it.err = err
			it.Settle()
		},
	})
	if err != nil {
		return ItemResult{}, err
	}
	return it.res, it.err
}

// send carries one request of group k's changes through and gives each call its own item's result.
func (b *groupBatcher) send(ctx context.Context, c *Client, k groupBatchKey, batch []*groupItem) {
	sent := b.fill.Send()
	defer func() { sent(c.clock.Now()) }()
	var res []ItemResult
	var err error
	if k.remove {
		ids := make([]int64, len(batch))
		for i, x := range batch {
			ids[i] = x.ch.ContactID
		}
		res, err = c.RemoveGroupContacts(ctx, k.group, ids)
	} else {
		chs := make([]MembershipChange, len(batch))
		for i, x := range batch {
			chs[i] = x.ch
		}
		res, err = c.UpdateGroupContacts(ctx, k.group, chs)
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
		x.Settle()
	}
}
