package coalesce

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

type testCall struct {
	Turn
	n      int
	batch  int // the request that carried it (1-based), 0 when none
	err    error
	stored atomic.Int32 // outcomes stored: must end at exactly 1 for a call that was sent
}

// recorder is a send that records every batch and settles each call.
type recorder struct {
	mu      sync.Mutex
	batches [][]int
	gate    chan struct{} // when set, send waits for it (the request is "under way" until then)
	settle  bool          // settle the calls (false: leave them for the coalescer)
}

func (r *recorder) send(_ context.Context, batch []*testCall) {
	if r.gate != nil {
		<-r.gate
	}
	r.mu.Lock()
	ns := make([]int, len(batch))
	for i, x := range batch {
		ns[i] = x.n
	}
	r.batches = append(r.batches, ns)
	k := len(r.batches)
	r.mu.Unlock()
	if !r.settle {
		return
	}
	for _, x := range batch {
		x.batch = k
		x.stored.Add(1)
		x.Settle()
	}
}

func (r *recorder) ops(most int) Ops[*testCall] {
	return Ops[*testCall]{
		What:    "the test request",
		Max:     most,
		Prepare: func(ctx context.Context) (context.Context, error) { return ctx, nil },
		Send:    r.send,
		Unsettled: func(x *testCall, err error) {
			x.err = err
			x.stored.Add(1)
			x.Settle()
		},
	}
}

func newCall(n int, left *atomic.Int32) *testCall {
	x := &testCall{n: n}
	x.Init(func() {
		if left != nil {
			left.Add(1)
		}
	})
	return x
}

// Calls that arrive while a request is under way wait, then share the next one, at most max per request; the
// queue is idle afterwards.
func TestCoalescerSharesRequests(t *testing.T) {
	var co Queue[string, *testCall]
	r := &recorder{gate: make(chan struct{}), settle: true}
	ops := r.ops(3)
	var done atomic.Int32
	lead := newCall(0, &done)
	go func() { _ = co.Join(context.Background(), "k", lead, ops) }()
	// Wait (on the queue, not a timer) until the leader took its batch, then queue five more.
	spinUntil(func() bool { return co.busy("k") && co.Queued("k") == 0 })
	var wg sync.WaitGroup
	calls := []*testCall{lead}
	for i := 1; i <= 5; i++ {
		x := newCall(i, &done)
		calls = append(calls, x)
		wg.Add(1)
		go func() { defer wg.Done(); _ = co.Join(context.Background(), "k", x, ops) }()
	}
	spinUntil(func() bool { return co.Queued("k") == 5 })
	close(r.gate)
	wg.Wait()
	<-lead.done
	if got := fmt.Sprint(r.batches); len(r.batches) != 3 || len(r.batches[0]) != 1 || len(r.batches[1]) != 3 || len(r.batches[2]) != 2 {
		t.Fatalf("batches %s: want [0], then the five waiting in two requests of at most 3", got)
	}
	for _, x := range calls {
		if x.stored.Load() != 1 || x.err != nil {
			t.Errorf("call %d: %d outcomes, err %v", x.n, x.stored.Load(), x.err)
		}
	}
	if done.Load() != 6 {
		t.Errorf("%d calls counted out, want 6", done.Load())
	}
	if co.Queued("k") != 0 || co.busy("k") {
		t.Error("the queue is not idle after the last request")
	}
}

// Cap makes a request carry fewer calls than it could; the rest share the next request, and Cap is asked with
// what the request could take.
func TestCoalescerCapCarriesFewer(t *testing.T) {
	var co Queue[string, *testCall]
	r := &recorder{gate: make(chan struct{}), settle: true}
	ops := r.ops(4)
	var asked []int
	ops.Cap = func(n int) int {
		asked = append(asked, n) // leaders run one at a time
		if len(asked) == 2 {
			return 1 // the first request after the leader's: one call only
		}
		return n
	}
	lead := newCall(0, nil)
	go func() { _ = co.Join(context.Background(), "k", lead, ops) }()
	spinUntil(func() bool { return co.busy("k") && co.Queued("k") == 0 })
	var wg sync.WaitGroup
	for i := 1; i <= 5; i++ {
		x := newCall(i, nil)
		wg.Add(1)
		go func() { defer wg.Done(); _ = co.Join(context.Background(), "k", x, ops) }()
	}
	spinUntil(func() bool { return co.Queued("k") == 5 })
	close(r.gate)
	wg.Wait()
	<-lead.done
	sizes := make([]int, len(r.batches))
	for i, b := range r.batches {
		sizes[i] = len(b)
	}
	if fmt.Sprint(sizes) != "[1 1 4]" || fmt.Sprint(asked) != "[1 4 4]" {
		t.Fatalf("batch sizes %v, Cap asked with %v: want [1 1 4] (the second request capped at one) and [1 4 4]", sizes, asked)
	}
}

// A waiting call whose context ends leaves the queue unsent and is in no request; one already in a request waits
// for its outcome.
func TestCoalescerCancelledCallLeavesUnsent(t *testing.T) {
	var co Queue[string, *testCall]
	r := &recorder{gate: make(chan struct{}), settle: true}
	ops := r.ops(0)
	lead := newCall(0, nil)
	go func() { _ = co.Join(context.Background(), "k", lead, ops) }()
	spinUntil(func() bool { return co.busy("k") && co.Queued("k") == 0 })
	ctx, cancel := context.WithCancel(context.Background())
	var left atomic.Int32
	quitter := newCall(1, &left)
	errc := make(chan error, 1)
	go func() { errc <- co.Join(ctx, "k", quitter, ops) }()
	spinUntil(func() bool { return co.Queued("k") == 1 })
	cancel()
	err := <-errc
	var ns *UnsentError
	if !errors.As(err, &ns) || !errors.Is(err, context.Canceled) || left.Load() != 1 {
		t.Fatalf("the cancelled call: %v (counted out %d times)", err, left.Load())
	}
	close(r.gate)
	<-lead.done
	if len(r.batches) != 1 || fmt.Sprint(r.batches[0]) != "[0]" {
		t.Fatalf("batches %v: the cancelled call must not be sent", r.batches)
	}
	if co.busy("k") {
		t.Error("the queue is not idle")
	}
}

// The race the queue must get right: a waiting call is handed the lead at the moment its context ends. It leaves
// unsent and passes the lead on, so the next waiting call leads instead of waiting forever.
func TestCoalescerCancelDuringHandOffPassesTheLeadOn(t *testing.T) {
	var co Queue[string, *testCall]
	q := &queue[*testCall]{sending: true}
	co.q = map[string]*queue[*testCall]{"k": q}
	w, next := newCall(1, nil), newCall(2, nil)
	q.pending = []*testCall{w, next}
	co.mu.Lock()
	co.handOffLocked("k", q) // the previous request ended: w is given the lead...
	co.mu.Unlock()
	if !co.leave("k", q, w, false) { // ...and its context ends before it takes it
		t.Fatal("w was waiting: it must leave")
	}
	select {
	case <-next.lead:
	default:
		t.Fatal("the lead w was given was not passed on: the next call would wait forever")
	}
	if len(q.pending) != 1 || q.pending[0] != next || !q.sending {
		t.Fatalf("queue %+v", q)
	}
}

// A leader whose prepare fails (its context ended while it waited for the pacer) leaves with that error, and the
// next waiting call leads.
func TestCoalescerFailedPrepareHandsTheLeadOn(t *testing.T) {
	var co Queue[string, *testCall]
	r := &recorder{settle: true}
	release := make(chan struct{})
	fail := errors.New("pacer wait cancelled")
	ops := r.ops(0)
	first := true
	var mu sync.Mutex
	ops.Prepare = func(ctx context.Context) (context.Context, error) {
		mu.Lock()
		f := first
		first = false
		mu.Unlock()
		if f {
			<-release
			return nil, fail
		}
		return ctx, nil
	}
	lead, next := newCall(0, nil), newCall(1, nil)
	errc := make(chan error, 1)
	go func() { errc <- co.Join(context.Background(), "k", lead, ops) }()
	spinUntil(func() bool { return co.Queued("k") == 1 })
	done := make(chan error, 1)
	go func() { done <- co.Join(context.Background(), "k", next, ops) }()
	spinUntil(func() bool { return co.Queued("k") == 2 })
	close(release)
	if err := <-errc; !errors.Is(err, fail) {
		t.Fatalf("the leader: %v", err)
	}
	if err := <-done; err != nil || next.stored.Load() != 1 {
		t.Fatalf("the next call: %v, %d outcomes", err, next.stored.Load())
	}
	if fmt.Sprint(r.batches) != "[[1]]" {
		t.Fatalf("batches %v", r.batches)
	}
}

// A send that settles nothing: every caller still gets an outcome, an error saying it is unknown.
func TestCoalescerSettlesWhatSendLeft(t *testing.T) {
	var co Queue[string, *testCall]
	r := &recorder{}
	x := newCall(0, nil)
	if err := co.Join(context.Background(), "k", x, r.ops(0)); err != nil {
		t.Fatal(err)
	}
	if x.err == nil || x.stored.Load() != 1 {
		t.Fatalf("outcome %v (%d)", x.err, x.stored.Load())
	}
}

// Many calls on a few keys, a third of them cancelled at random moments (run with -race): every call returns,
// each one sent is in exactly one request and settled once, none cancelled before it was taken is sent, and every
// queue ends idle.
func TestCoalescerUnderContention(t *testing.T) {
	var co Queue[int, *testCall]
	r := &recorder{settle: true}
	ops := r.ops(7)
	const n = 600
	rng := rand.New(rand.NewSource(1))
	cancelAt := make([]bool, n)
	for i := range cancelAt {
		cancelAt[i] = rng.Intn(3) == 0
	}
	calls := make([]*testCall, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		calls[i] = newCall(i, nil)
		ctx, cancel := context.WithCancel(context.Background())
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			if cancelAt[i] {
				go cancel()
			}
			errs[i] = co.Join(ctx, i%4, calls[i], ops)
		}()
	}
	wg.Wait()
	seen := map[int]int{}
	for _, b := range r.batches {
		if len(b) > 7 {
			t.Fatalf("a request of %d calls, max 7", len(b))
		}
		for _, k := range b {
			seen[k]++
		}
	}
	for i, x := range calls {
		switch {
		case errs[i] != nil:
			if !cancelAt[i] || seen[i] != 0 || x.stored.Load() != 0 {
				t.Fatalf("call %d left unsent (%v) but was sent %d times", i, errs[i], seen[i])
			}
		case seen[i] != 1 || x.stored.Load() != 1:
			t.Fatalf("call %d: in %d requests, %d outcomes", i, seen[i], x.stored.Load())
		}
	}
	for k := range 4 {
		if co.busy(k) {
			t.Fatalf("queue %d not idle", k)
		}
	}
}

// spinUntil waits for cond, yielding to the goroutines that make it true (a condition, never a duration).
func spinUntil(cond func() bool) {
	for !cond() {
		runtime.Gosched()
	}
}

// busy reports whether key has a request under way or calls queued.
func (c *Queue[K, T]) busy(key K) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.q[key]
	return q != nil && (q.sending || len(q.pending) > 0)
}
