package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// timeoutTransport gives each attempt its own deadline (Config.RequestTimeout).
// It sits inside limitTransport, so time spent queueing for a rate-limiter
// token or waiting out a 429 lockout does not count against the attempt: only
// the exchange with HappyFox (including reading the body, since the deadline
// is released when the body is closed) does. retryTransport classifies the
// resulting error: a timed-out POST is ambiguous, a timed-out GET is retried.
// Writes in flight are not cancelled with the caller's context (see RoundTrip).
//
// An attempt that gets no answer within the timeout is abandoned, not cut off: HappyFox goes on carrying it
// out whatever the client does (RELIABILITY.md, "Answers slower than `request_timeout`"), so the connection is kept
// open for up to grace more, until HappyFox answers. The *TimeoutError returned at once carries a channel that is
// closed when that abandoned exchange has really ended (answered, failed, or the grace ran out). The layers above wait
// for it before anything else touches the object: retryTransport before a retry, serialTransport before the next
// request on the object, CreateVerified before its lookup. So no request ever overlaps one HappyFox may still be
// running.
type timeoutTransport struct {
	next    http.RoundTripper
	timeout time.Duration
	grace   time.Duration // how long an abandoned attempt may still run; 0 cuts it off at the timeout
}

// abandonGrace is how long an attempt abandoned at the request timeout is left to finish: three times the
// timeout, at least 30 s and at most 5 minutes.
func abandonGrace(timeout time.Duration) time.Duration {
	return min(max(3*timeout, 30*time.Second), 5*time.Minute)
}

type attemptResult struct {
	resp *http.Response
	err  error
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
	// The exchange's own context lives until the answer, or until the grace after the timeout has run out.
	ctx, cancel := context.WithTimeout(parent, t.timeout+t.grace)
	deadline := time.Now().Add(t.timeout)
	results := make(chan attemptResult, 1)
	go func() {
		resp, err := t.next.RoundTrip(req.WithContext(ctx)) //nolint:bodyclose // closed by the receiver of results
		results <- attemptResult{resp, err}
	}()
	timer := time.NewTimer(t.timeout)
	defer timer.Stop()

	select {
	case r := <-results:
		if r.err != nil {
			timedOut := errors.Is(ctx.Err(), context.DeadlineExceeded) && parent.Err() == nil
			cancel()
			if timedOut {
				return nil, &TimeoutError{After: t.timeout, Err: r.err}
			}
			return nil, r.err
		}
		// Headers arrived in time; the body must be read within what is left of the timeout. Cutting the
		// body off overlaps nothing: HappyFox has finished the request once it answers.
		stop := time.AfterFunc(time.Until(deadline), cancel)
		r.resp.Body = &cancelOnClose{ReadCloser: r.resp.Body, cancel: func() { stop.Stop(); cancel() }}
		return r.resp, nil
	case <-parent.Done():
		// Only reads get here (writes ignore the caller's cancellation): a read can be cut off at once.
		cancel()
		r := <-results
		if r.resp != nil {
			_ = r.resp.Body.Close()
		}
		if r.err == nil {
			r.err = parent.Err()
		}
		return nil, r.err
	case <-timer.C:
		done := make(chan struct{})
		te := &TimeoutError{After: t.timeout, Err: context.DeadlineExceeded, abandoned: done}
		go func() {
			r := <-results
			if r.resp != nil {
				drain(r.resp)
			}
			// It ended by itself (an answer, a dropped connection) unless the grace ran out.
			te.ended = r.resp != nil || !errors.Is(ctx.Err(), context.DeadlineExceeded)
			cancel()
			close(done)
		}()
		return nil, te
	}
}

// TimeoutError is an attempt that got no answer within the request timeout. HappyFox may still be working on
// it, which matters to the client's creates (CreateVerified): a create that timed out is never sent again.
type TimeoutError struct {
	After time.Duration // the request timeout
	Err   error
	// abandoned, when not nil, is closed once the abandoned exchange has really ended (see timeoutTransport).
	abandoned <-chan struct{}
	// ended is set before abandoned is closed: true when the exchange ended by itself (HappyFox answered, or
	// the connection dropped), false when the grace ran out while HappyFox may still be working on it.
	ended bool
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("no response from HappyFox within %s: %v", e.After, e.Err)
}

func (e *TimeoutError) Unwrap() error { return e.Err }

// IsAttemptTimeout reports whether err comes from an attempt that timed out.
func IsAttemptTimeout(err error) bool {
	var te *TimeoutError
	return errors.As(err, &te)
}

// abandonedAttempt returns the channel closed when the attempt err reports has really ended at HappyFox, or
// nil when err reports no abandoned attempt that may still run.
func abandonedAttempt(err error) <-chan struct{} {
	var te *TimeoutError
	if errors.As(err, &te) && te.abandoned != nil {
		select {
		case <-te.abandoned:
			return nil
		default:
			return te.abandoned
		}
	}
	return nil
}

// MayStillRun reports whether err is an attempt timeout after which HappyFox may still be carrying the request
// out: its exchange was cut off at the timeout, or abandoned and not ended within the grace. An abandoned
// attempt that ended by itself (read it after WaitAbandoned) is no more unknown than any lost answer.
func MayStillRun(err error) bool {
	var te *TimeoutError
	if !errors.As(err, &te) {
		return false
	}
	if te.abandoned == nil {
		return true
	}
	select {
	case <-te.abandoned:
		return !te.ended
	default:
		return true
	}
}

// WaitAbandoned waits until the abandoned attempt err reports (if any) has ended, or ctx ends. It reports
// whether it had to wait.
func WaitAbandoned(ctx context.Context, err error) bool {
	ch := abandonedAttempt(err)
	if ch == nil {
		return false
	}
	select {
	case <-ch:
	case <-ctx.Done():
	}
	return true
}

// cancelOnClose releases an attempt's context when the body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
	once   sync.Once
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.cancel)
	return err
}
