package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// CreateVerified carries out a create so that it takes effect at most once, even when HappyFox's answers get
// lost, and still finishes when a request failed without being carried out.
//
// create sends the create request once (one POST; the client never repeats a POST by itself). find looks the
// object up by its natural key (a unique name, an e-mail, a display id) and returns (nil, nil) when there is
// no such object.
//
// When create's outcome is ambiguous (IsAmbiguous: a 5xx answer or a connection lost after the request was
// sent), CreateVerified waits a retry backoff and asks find:
//
//   - an object found is the one the request created (the answer was lost): it is returned;
//   - no object means HappyFox did not carry the request out, so the create is sent again, at most
//     Config.MaxRetries times in all. The lookup is what makes repeating it safe: a create is never repeated
//     blindly.
//
// A create whose attempt timed out (no answer within Config.RequestTimeout) is abandoned, not cut off: the
// lookup waits until HappyFox has finished it (the chain's timeout layer keeps the connection for a grace, transport/timeout.go), so that it
// sees what the create did. Only when HappyFox answered nothing within the grace, and may still be working on
// it, is the create never sent again; nor is one whose context has ended (an interrupted run), though find still
// runs then, detached and bounded (settleContext), so that an object HappyFox created is handed back. When find itself
// fails, the ambiguous error is returned, wrapped with find's error: nobody can tell whether the object exists.
// When a repeated create is refused (say, because a unique name is now taken), find is asked once more, so
// that the object an earlier attempt created is adopted instead of being reported as a conflict.
func CreateVerified[T any](ctx context.Context, c *Client, create func(context.Context) (*T, error), find func(context.Context) (*T, error)) (*T, error) {
	var ambiguous error // the last ambiguous outcome, nil while every attempt was clearly refused or none was made
	for attempt := 1; ; attempt++ {
		obj, err := create(ctx)
		if err == nil {
			return obj, nil
		}
		if !IsAmbiguous(err) {
			if ambiguous != nil {
				// An earlier attempt may have created the object after all; this refusal may be the proof.
				if found, ferr := find(WithPurpose(ctx, ForSettle)); ferr == nil && found != nil {
					return found, nil
				}
			}
			return nil, err
		}
		ambiguous = err
		wait := c.retry.Backoff(attempt)
		c.retry.Debug(ctx, "HappyFox create had an unknown outcome; looking the object up before anything else", map[string]any{
			"attempt": attempt, "reason": truncate(err.Error(), 300), "wait_ms": wait.Milliseconds(),
		})
		// Interrupted (ctx ended), the lookup still runs, at once and for a bounded time, and nothing is sent again:
		// an object HappyFox created must reach the state (settleContext).
		_ = c.retry.Sleep(ctx, wait)
		lookCtx, done := settleContext(ctx)
		// A create that timed out may still be running at HappyFox: the lookup waits until that exchange has
		// ended (answered, or the grace after the timeout ran out), so that it sees what the create did.
		transport.WaitAbandoned(lookCtx, err)
		found, ferr := find(WithPurpose(lookCtx, ForSettle))
		done()
		if ferr != nil {
			return nil, fmt.Errorf("%w\n\nLooking the object up to find out failed too: %w", err, ferr)
		}
		if found != nil {
			return found, nil
		}
		if transport.MayStillRun(err) {
			return nil, &StillRunningError{Err: err}
		}
		if attempt > c.retry.MaxRetries() || ctx.Err() != nil {
			return nil, err
		}
	}
}

// StillRunningError is CreateVerified's answer when a create timed out, HappyFox may still be carrying it out,
// and a lookup found no such object yet: the create was not sent again, and whether the object will appear is
// unknown. It wraps the *AmbiguousError of the create.
type StillRunningError struct {
	Err error
}

func (e *StillRunningError) Error() string {
	return fmt.Sprintf("%v\n\nThe request timed out and HappyFox may still be carrying it out, so it was not sent "+
		"again, and a lookup found no such object yet. The object may still appear in HappyFox after this error", e.Err)
}

func (e *StillRunningError) Unwrap() error { return e.Err }

// IsStillRunning reports a *StillRunningError: a create whose outcome is unknown because HappyFox may still be
// carrying it out.
func IsStillRunning(err error) bool {
	var e *StillRunningError
	return errors.As(err, &e)
}
