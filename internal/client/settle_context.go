package client

import (
	"context"
	"time"
)

// settleAfterCancel bounds the lookup that settles an unknown outcome once the caller's context has ended.
const settleAfterCancel = 10 * time.Second

// settleContext is the context a lookup that settles an unknown outcome runs with (CreateVerified, the bulk
// create). While ctx lasts, it is ctx. Once ctx has ended (Ctrl-C, a cancelled run) the lookup still runs, detached
// from ctx and for at most settleAfterCancel: a create HappyFox may have carried out must be found and its id
// handed back, or the object would exist in HappyFox and in no state. Nothing is sent again with it; callers stop
// sending once ctx has ended.
func settleContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), settleAfterCancel)
}
