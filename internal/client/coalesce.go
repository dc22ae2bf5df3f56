package client

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// coalescer gathers concurrent calls with the same key into shared requests: the bulk contact creates
// (contacts_bulk.go), the membership changes of a group (memberships_batched.go) and the reads of a group
// (contact_group_reads_shared.go). It owns the queue protocol, once for all of them:
//
//   - join: a call is queued under its key. The call that finds no request of its key under way leads: it runs
//     prepare (its turn at the pacer, waiting for the calls still to come), then takes up to max queued calls,
//     itself included, as one batch and runs send. Calls that arrive meanwhile wait in the queue.
//   - hand-off: when a send has returned, the first waiting call leads the next request; with none waiting, the
//     key is idle again.
//   - leave: a waiting call whose context ends before it was taken into a batch leaves the queue with a not-sent
//     error (and passes the lead on if it had just been given it); one already in a batch waits for its outcome,
//     which that request decides. A leader whose prepare fails leaves the same way, and the next call leads.
//   - settle: send must settle every call of its batch (call.settle). A call send did not settle is settled with
//     an error that says its outcome is unknown, so no caller ever waits forever.
//
// The items are the callers' own structs embedding a turn; each kind keeps its inputs and results there.
type coalescer[K comparable, T turnHolder] struct {
	mu sync.Mutex
	q  map[K]*coalesceQueue[T]
}

type coalesceQueue[T any] struct {
	pending []T
	sending bool
}

// turnHolder is an item of a coalescer: a pointer to a struct embedding turn.
type turnHolder interface {
	comparable
	turnOf() *turn
}

// turn is one call's place in a coalescer's queue.
type turn struct {
	lead   chan struct{} // receives when this call must lead the next request
	done   chan struct{} // closed when the call's outcome is set
	once   sync.Once
	onDone func() // run when the call leaves: settled, or gone unsent (batch_fill.go's leave)
}

func (t *turn) turnOf() *turn { return t }

// init prepares a turn before its call joins; onDone (may be nil) runs once, when the call is settled or leaves
// unsent.
func (t *turn) init(onDone func()) {
	t.lead, t.done, t.onDone = make(chan struct{}, 1), make(chan struct{}), onDone
}

// settle marks the call's outcome as set (the caller stored it in its item first). Only the first call counts.
func (t *turn) settle() {
	t.once.Do(func() {
		if t.onDone != nil {
			t.onDone()
		}
		close(t.done)
	})
}

// settled reports whether the call's outcome is set.
func (t *turn) settled() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// coalesceOps are what one kind of shared request does; see coalescer.
type coalesceOps[T any] struct {
	// what names the request in the error of a call that leaves unsent ("the contact create").
	what string
	// max is the most calls a request carries (0: no limit).
	max int
	// queued, when set, runs once the call is in the queue (batch_fill.go counts it in there).
	queued func()
	// prepare runs in the leader before the batch is taken; it returns the context to send with.
	prepare func(ctx context.Context) (context.Context, error)
	// send carries the batch through and settles every call of it.
	send func(ctx context.Context, batch []T)
	// unsettled settles a call send left without an outcome (it stores an error in the item, then calls settle).
	unsettled func(it T, err error)
}

// join runs it through the queue for key and returns when its outcome is set (nil), or with the error that kept
// it from being sent (a not-sent error when ctx ended first, or prepare's error when it led). The outcome itself
// is in the item.
func (c *coalescer[K, T]) join(ctx context.Context, key K, it T, ops coalesceOps[T]) error {
	t := it.turnOf()
	c.mu.Lock()
	if c.q == nil {
		c.q = map[K]*coalesceQueue[T]{}
	}
	q := c.q[key]
	if q == nil {
		q = &coalesceQueue[T]{}
		c.q[key] = q
	}
	q.pending = append(q.pending, it)
	lead := !q.sending
	q.sending = true
	c.mu.Unlock()
	if ops.queued != nil {
		ops.queued()
	}
	if !lead {
		select {
		case <-t.lead:
		case <-t.done:
			return nil
		case <-ctx.Done():
			if c.leave(key, q, it, false) {
				return notSent(fmt.Errorf("waiting to send %s: %w", ops.what, ctx.Err()))
			}
			<-t.done // already in a request under way: its outcome decides
			return nil
		}
	}
	// This call leads the next request of its key.
	sendCtx, err := ops.prepare(ctx)
	if err != nil {
		c.leave(key, q, it, true)
		return err
	}
	c.mu.Lock()
	n := len(q.pending)
	if ops.max > 0 {
		n = min(n, ops.max)
	}
	batch := slices.Clone(q.pending[:n])
	q.pending = slices.Delete(q.pending, 0, n)
	c.mu.Unlock()

	ops.send(sendCtx, batch)
	for _, x := range batch {
		if !x.turnOf().settled() {
			ops.unsettled(x, fmt.Errorf("the provider could not tell from HappyFox's answer what became of this request"))
		}
	}

	c.mu.Lock()
	c.handOffLocked(key, q)
	c.mu.Unlock()
	<-t.done
	return nil
}

// leave takes it out of the queue when it is still waiting there (not taken into a batch) and reports whether it
// left. The lead passes on: always from the leader (whose prepare failed), and from a waiting call that had just
// been given it.
func (c *coalescer[K, T]) leave(key K, q *coalesceQueue[T], it T, leader bool) bool {
	t := it.turnOf()
	c.mu.Lock()
	i := slices.Index(q.pending, it)
	if i < 0 {
		c.mu.Unlock()
		return false
	}
	q.pending = slices.Delete(q.pending, i, i+1)
	given := false
	select {
	case <-t.lead:
		given = true
	default:
	}
	if leader || given {
		c.handOffLocked(key, q)
	}
	c.mu.Unlock()
	if t.onDone != nil {
		t.onDone() // counted out; it is never settled (its caller returns the error)
	}
	return true
}

// handOffLocked makes the first waiting call lead the next request, or marks the key idle.
func (c *coalescer[K, T]) handOffLocked(key K, q *coalesceQueue[T]) {
	if len(q.pending) > 0 {
		select {
		case q.pending[0].turnOf().lead <- struct{}{}:
		default: // already told
		}
		return
	}
	q.sending = false
	delete(c.q, key)
}

// queued counts the calls waiting under key (not yet taken into a batch).
func (c *coalescer[K, T]) queued(key K) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if q := c.q[key]; q != nil {
		return len(q.pending)
	}
	return 0
}
