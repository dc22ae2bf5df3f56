package client

import (
	"context"
	"slices"
	"sync"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/coalesce"
)

// Concurrent reads of one contact group share one GET contact_group/<id>/ (§2.8). Terraform adds or removes many
// happyfox_contact_group_membership resources of one group at once, and each checks the group's members before
// its change and reads them back after it: two GETs of the same group per member, where one GET answers every
// member. A call that finds no read of the group waiting becomes its leader: it waits for its turn at the GET
// pacer, then sends one GET for every call that joined meanwhile. A call made while that GET is under way waits
// for the next one, so every caller gets an answer from a GET sent after its call began: it sees every write
// that ended before it asked. Each caller gets its own copy of the group. The queue is coalesce.Queue.
type groupReads struct {
	co coalesce.Queue[int64, *groupReadWaiter]

	mu      sync.Mutex
	pending map[int64]chan struct{} // a GET of the group under way: closed when its answer is in (contact_group_snapshot.go)
}

type groupReadWaiter struct {
	coalesce.Turn
	g   *ContactGroup
	err error
}

func (r *groupReads) get(ctx context.Context, c *Client, id int64) (*ContactGroup, error) {
	w := &groupReadWaiter{}
	w.Init(nil)
	err := r.co.Join(ctx, id, w, coalesce.Ops[*groupReadWaiter]{
		What:    "the read of the contact group",
		Prepare: c.pacer.PrepayGet, // every call that joins while the leader waits for its turn shares its GET
		Send:    func(ctx context.Context, batch []*groupReadWaiter) { r.send(ctx, c, id, batch) },
		Unsettled: func(w *groupReadWaiter, err error) {
			w.err = err
			w.Settle()
		},
	})
	if err != nil {
		return nil, err
	}
	return w.g, w.err
}

// send makes one GET for every call of the batch; each gets its own copy of the group.
func (r *groupReads) send(ctx context.Context, c *Client, id int64, batch []*groupReadWaiter) {
	sent := make(chan struct{})
	r.mu.Lock()
	if r.pending == nil {
		r.pending = map[int64]chan struct{}{}
	}
	r.pending[id] = sent
	r.mu.Unlock()
	tok := c.reads.groups.token(id)
	g, err := c.getContactGroupOnce(ctx, id)
	if err == nil {
		c.reads.groups.put(id, tok, g) // for the refreshes of memberships that follow (contact_group_snapshot.go)
	}
	r.mu.Lock()
	delete(r.pending, id)
	r.mu.Unlock()
	close(sent)
	for _, x := range batch {
		if g != nil {
			cp := *g
			cp.Members = slices.Clone(g.Members)
			x.g = &cp
		}
		x.err = err
		x.Settle()
	}
}
