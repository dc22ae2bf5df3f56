package client

import (
	"context"
	"net/http"
	"sync/atomic"
)

// A write token taken before the request is built: the bulk contact create (contacts_bulk.go) waits for its
// turn at the pacer first and only then collects the creates that arrived meanwhile, so that every write
// HappyFox's budget allows carries as many contacts as possible. limitTransport lets the request that carries
// the token through once without taking another; a repeat of the request (after a 429) takes a token again.
type prepaidKey struct{}

type prepaid struct{ used atomic.Bool }

// prepayWrite waits for a write token and returns a context whose first request spends it.
func (c *Client) prepayWrite(ctx context.Context) (context.Context, error) {
	if c.limit == nil {
		return ctx, nil
	}
	if err := c.limit.wait(ctx, c.limit.write); err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, prepaidKey{}, &prepaid{}), nil
}

// takePrepaid reports whether req spends a token taken beforehand (once per context).
func takePrepaid(req *http.Request) bool {
	p, ok := req.Context().Value(prepaidKey{}).(*prepaid)
	return ok && req.Method != http.MethodGet && p.used.CompareAndSwap(false, true)
}
