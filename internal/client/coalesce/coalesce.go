// Package coalesce gathers concurrent calls into shared requests: the queue (Queue: join, lead, hand-off, leave)
// and the wait for more callers before a shared request is sent (Fill). It knows nothing of HappyFox or HTTP:
// the client (internal/client) gives each kind of shared request its prepare step (its turn at the pacer, the
// fill wait) and its send.
//
// Imports go one way: internal/client imports this package; this package imports nothing of internal/client
// (depguard keeps it so, .golangci.yml).
package coalesce

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

// Queue gathers concurrent calls with the same key into shared requests: the bulk contact creates
// (internal/client/contacts_bulk.go), the membership changes of a group (memberships_batched.go) and the reads of
// a group (contact_group_reads_shared.go). It owns the queue protocol, once for all of them:
//
//   - join: a call is queued under its key. The call that finds no request of its key under way leads: it runs
//     prepare (its turn at the pacer, waiting for the calls still to come), then takes up to max queued calls,
//     itself included, as one batch and runs send. Calls that arrive meanwhile wait in the queue.
//   - hand-off: when a send has returned, the first waiting call leads the next request; with none waiting, the
//     key is idle again.
//   - leave: a waiting call whose context ends before it was taken into a batch leaves the queue with an
//     *UnsentError (and passes the lead on if it had just been given it); one already in a batch waits for its outcome,
//     which that request decides. A leader whose prepare fails leaves the same way, and the next call leads.
//   - settle: send must settle every call of its batch (Turn.Settle). A call send did not settle is settled with
//     an error that says its outcome is unknown, so no caller ever waits forever.
//
// The items are the callers' own structs embedding a Turn; each kind keeps its inputs and results there. The zero
// Queue is ready to use.
type Queue[K comparable, T Item] struct {
	mu sync.Mutex
	q  map[K]*queue[T]
}

type queue[T any] struct {
	pending []T
	sending bool
}

// Item is an item of a Queue: a pointer to a struct embedding Turn.
type Item interface {
	comparable
	turnOf() *Turn
}

// Turn is one call's place in a Queue; embed it in the call's item.
type Turn struct {
	lead   chan struct{} // receives when this call must lead the next request
	done   chan struct{} // closed when the call's outcome is set
	once   sync.Once
	onDone func() // run when the call leaves: settled, or gone unsent (Fill.Leave)
}

func (t *Turn) turnOf() *Turn { return t }

// Init prepares a turn before its call joins; onDone (may be nil) runs once, when the call is settled or leaves
// unsent.
func (t *Turn) Init(onDone func()) {
	t.lead, t.done, t.onDone = make(chan struct{}, 1), make(chan struct{}), onDone
}

// Settle marks the call's outcome as set (the caller stored it in its item first). Only the first call counts.
func (t *Turn) Settle() {
	t.once.Do(func() {
		if t.onDone != nil {
			t.onDone()
		}
		close(t.done)
	})
}

// settled reports whether the call's outcome is set.
func (t *Turn) settled() bool {
	select {
	case <-t.done:
		return true
	default:
		return false
	}
}

// Ops are what one kind of shared request does; see Queue.
type Ops[T any] struct {
	// What names the request in the error of a call that leaves unsent ("the contact create").
	What string
	// Max is the most calls a request carries (0: no limit).
	Max int
	// Cap, when set, may carry fewer: given how many calls the request could take (queued, at most Max), it
	// returns how many it takes (at least 1 is taken). The rest wait for the next request. It runs in the leader,
	// outside the queue's lock.
	Cap func(n int) int
	// Queued, when set, runs once the call is in the queue (Fill.Enter counts it in there).
	Queued func()
	// Prepare runs in the leader before the batch is taken; it returns the context to send with.
	Prepare func(ctx context.Context) (context.Context, error)
	// Send carries the batch through and settles every call of it.
	Send func(ctx context.Context, batch []T)
	// Unsettled settles a call Send left without an outcome (it stores an error in the item, then calls Settle).
	Unsettled func(it T, err error)
}

// UnsentError is Join's answer for a call whose context ended while it waited in the queue: it was in no
// request, so nothing of it reached the server.
type UnsentError struct {
	What string // Ops.What
	Err  error  // the context's error
}

func (e *UnsentError) Error() string { return fmt.Sprintf("waiting to send %s: %v", e.What, e.Err) }
func (e *UnsentError) Unwrap() error { return e.Err }

// Join runs it through the queue for key and returns when its outcome is set (nil), or with the error that kept
// it from being sent (an *UnsentError when ctx ended first, or Prepare's error when it led). The outcome itself
// is in the item.
func (c *Queue[K, T]) Join(ctx context.Context, key K, it T, ops Ops[T]) error {
	t := it.turnOf()
	c.mu.Lock()
	if c.q == nil {
		c.q = map[K]*queue[T]{}
	}
	q := c.q[key]
	if q == nil {
		q = &queue[T]{}
		c.q[key] = q
	}
	q.pending = append(q.pending, it)
	lead := !q.sending
	q.sending = true
	c.mu.Unlock()
	if ops.Queued != nil {
		ops.Queued()
	}
	if !lead {
		select {
		case <-t.lead:
		case <-t.done:
			return nil
		case <-ctx.Done():
			if c.leave(key, q, it, false) {
				return &UnsentError{What: ops.What, Err: ctx.Err()}
			}
			<-t.done // already in a request under way: its outcome decides
			return nil
		}
	}
	// This call leads the next request of its key.
	sendCtx, err := ops.Prepare(ctx)
	if err != nil {
		c.leave(key, q, it, true)
		return err
	}
	c.mu.Lock()
	n := len(q.pending)
	if ops.Max > 0 {
		n = min(n, ops.Max)
	}
	if ops.Cap != nil {
		c.mu.Unlock()
		most := max(1, ops.Cap(n)) // outside the lock: Cap may ask the caller's own state, which may ask the queue
		c.mu.Lock()
		n = min(len(q.pending), most)
		if ops.Max > 0 {
			n = min(n, ops.Max)
		}
	}
	batch := slices.Clone(q.pending[:n])
	q.pending = slices.Delete(q.pending, 0, n)
	c.mu.Unlock()

	ops.Send(sendCtx, batch)
	for _, x := range batch {
		if !x.turnOf().settled() {
			ops.Unsettled(x, fmt.Errorf("the provider could not tell from HappyFox's answer what became of this request"))
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
func (c *Queue[K, T]) leave(key K, q *queue[T], it T, leader bool) bool {
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
func (c *Queue[K, T]) handOffLocked(key K, q *queue[T]) {
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

// Queued counts the calls waiting under key (not yet taken into a batch).
func (c *Queue[K, T]) Queued(key K) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if q := c.q[key]; q != nil {
		return len(q.pending)
	}
	return 0
}
