package client

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

// prepayWrite waits for a write token and returns a context whose first write spends it.
func (c *Client) prepayWrite(ctx context.Context) (context.Context, error) {
	return c.prepay(ctx, false)
}

// prepayGet waits for a GET token and returns a context whose first GET spends it.
func (c *Client) prepayGet(ctx context.Context) (context.Context, error) { return c.prepay(ctx, true) }

func (c *Client) prepay(ctx context.Context, get bool) (context.Context, error) {
	if c.limit == nil {
		return ctx, nil
	}
	b := c.limit.write
	if get {
		b = c.limit.get
	}
	at, err := c.limit.wait(ctx, b)
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, prepaidKey{}, &prepaid{get: get, at: at}), nil
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
