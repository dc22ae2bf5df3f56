package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// timeoutTransport gives each attempt its own deadline (Config.RequestTimeout).
// It sits inside limitTransport, so time spent queueing for a rate-limiter
// token or waiting out a 429 lockout does not count against the attempt: only
// the exchange with HappyFox (including reading the body, since the deadline
// is released when the body is closed) does. retryTransport classifies the
// resulting error: a timed-out POST is ambiguous, a timed-out GET is retried.
// Writes in flight are not cancelled with the caller's context (see RoundTrip).
type timeoutTransport struct {
	next    http.RoundTripper
	timeout time.Duration
}

func (t *timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		// A write that has reached this point is about to be sent. Cancelling it mid-flight (Ctrl-C, a
		// cancelled apply) cannot un-send it: HappyFox may carry it out while the provider never learns the
		// new object's id, which would orphan the object. So an in-flight write runs to completion (bounded
		// by the request timeout) and its answer is returned; cancellation still stops every wait before a
		// request is sent (rate limiter, lockout, backoff) and every read.
		parent = context.WithoutCancel(parent)
	}
	if t.timeout <= 0 {
		return t.next.RoundTrip(req.WithContext(parent))
	}
	ctx, cancel := context.WithTimeout(parent, t.timeout)
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded) && parent.Err() == nil
		cancel()
		if timedOut {
			return nil, &timeoutError{after: t.timeout, err: err}
		}
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// timeoutError is an attempt that got no answer within the request timeout. HappyFox may still be working on
// it, which matters to CreateVerified: a create that timed out is never sent again.
type timeoutError struct {
	after time.Duration
	err   error
}

func (e *timeoutError) Error() string {
	return fmt.Sprintf("no response from HappyFox within %s: %v", e.after, e.err)
}

func (e *timeoutError) Unwrap() error { return e.err }

// isAttemptTimeout reports whether err comes from an attempt that timed out.
func isAttemptTimeout(err error) bool {
	var te *timeoutError
	return errors.As(err, &te)
}

// cancelOnClose releases an attempt's context when the body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
