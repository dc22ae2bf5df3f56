package transport

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// A write token taken before the request is built: the bulk contact create (contacts_bulk.go) waits for its
// turn at the pacer first and only then collects the creates that arrived meanwhile, so that every write
// HappyFox's budget allows carries as many contacts as possible. limitTransport lets the request that carries
// the token through once without taking another; a repeat of the request (after a 429) takes a token again.
type prepaidKey struct{}

type prepaid struct {
	get  bool      // a GET token, else a write token
	at   time.Time // when the token let the request through (the adaptive pacing counts it there)
	used atomic.Bool
}

// Pacer lets a caller take its turn at the client-side pacing before it builds its request: the sender of a shared
// request (contacts_bulk.go, memberships_batched.go, contact_group_reads_shared.go) waits for its turn first and
// only then takes the calls that arrived meanwhile. The context returned carries the turn: the first request of
// its kind (a GET, or a write) made with it spends it instead of taking another.
type Pacer interface {
	PrepayGet(ctx context.Context) (context.Context, error)
	PrepayWrite(ctx context.Context) (context.Context, error)
}

// PrepayWrite waits for a write token and returns a context whose first write spends it.
func (t *limitTransport) PrepayWrite(ctx context.Context) (context.Context, error) {
	return t.prepay(ctx, t.write)
}

// PrepayGet waits for a GET token and returns a context whose first GET spends it.
func (t *limitTransport) PrepayGet(ctx context.Context) (context.Context, error) {
	return t.prepay(ctx, t.get)
}

func (t *limitTransport) prepay(ctx context.Context, b *bucket) (context.Context, error) {
	at, err := t.wait(ctx, b)
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, prepaidKey{}, &prepaid{get: b.get, at: at}), nil
}

// takePrepaid reports whether req spends a token of its bucket taken beforehand (once per context), and when
// that token let it through.
func takePrepaid(req *http.Request) (time.Time, bool) {
	p, ok := req.Context().Value(prepaidKey{}).(*prepaid)
	if ok && p.get == isGetMethod(req.Method) && p.used.CompareAndSwap(false, true) {
		return p.at, true
	}
	return time.Time{}, false
}
