package client

import (
	"context"
	"slices"
	"sync"
)

// Concurrent reads of one contact group share one GET contact_group/<id>/ (§2.8). Terraform adds or removes many
// happyfox_contact_group_membership resources of one group at once, and each checks the group's members before
// its change and reads them back after it: two GETs of the same group per member, where one GET answers every
// member. A call that finds no read of the group waiting becomes its leader: it waits for its turn at the GET
// pacer, then sends one GET for every call that joined meanwhile. A call made while that GET is under way waits
// for the next one, so every caller gets an answer from a GET sent after its call began: it sees every write
// that ended before it asked. Each caller gets its own copy of the group.
type groupReads struct {
	mu sync.Mutex
	q  map[int64]*groupReadQueue
}

type groupReadQueue struct {
	waiting []*groupReadWaiter
	leading bool
	sent    chan struct{} // non-nil while a GET is under way; closed when its answer is in (contact_group_snapshot.go)
}

type groupReadWaiter struct {
	lead chan struct{}
	done chan struct{}
	g    *ContactGroup
	err  error
}

func (r *groupReads) get(ctx context.Context, c *Client, id int64) (*ContactGroup, error) {
	w := &groupReadWaiter{lead: make(chan struct{}, 1), done: make(chan struct{})}
	r.mu.Lock()
	if r.q == nil {
		r.q = map[int64]*groupReadQueue{}
	}
	q := r.q[id]
	if q == nil {
		q = &groupReadQueue{}
		r.q[id] = q
	}
	q.waiting = append(q.waiting, w)
	lead := !q.leading
	q.leading = true
	r.mu.Unlock()
	if !lead {
		select {
		case <-w.lead:
		case <-w.done:
			return w.g, w.err
		case <-ctx.Done():
			r.mu.Lock()
			if i := slices.Index(q.waiting, w); i >= 0 {
				q.waiting = slices.Delete(q.waiting, i, i+1)
				select {
				case <-w.lead:
					q.handOffLocked()
				default:
				}
				r.mu.Unlock()
				return nil, notSent(ctx.Err())
			}
			r.mu.Unlock()
			<-w.done
			return w.g, w.err
		}
	}
	getCtx, err := c.prepayGet(ctx)
	r.mu.Lock()
	batch := q.waiting
	q.waiting = nil
	sent := make(chan struct{})
	if err == nil {
		q.sent = sent
	}
	r.mu.Unlock()
	var g *ContactGroup
	if err == nil {
		tok := c.reads.groups.token(id)
		g, err = c.getContactGroupOnce(getCtx, id)
		if err == nil {
			c.reads.groups.put(id, tok, g) // for the refreshes of memberships that follow (contact_group_snapshot.go)
		}
		r.mu.Lock()
		q.sent = nil
		r.mu.Unlock()
		close(sent)
	}
	for _, x := range batch {
		if g != nil {
			cp := *g
			cp.Members = slices.Clone(g.Members)
			x.g = &cp
		}
		x.err = err
		close(x.done)
	}
	r.mu.Lock()
	q.handOffLocked()
	r.mu.Unlock()
	return w.g, w.err
}

func (q *groupReadQueue) handOffLocked() {
	if len(q.waiting) > 0 {
		q.waiting[0].lead <- struct{}{}
	} else {
		q.leading = false
	}
}
