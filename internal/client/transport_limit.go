package client

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// limitTransport paces requests on the client side so that HappyFox's
// per-minute limits (§1.3, H: 500 GET/min and 300 POST/min; whether PUT and
// DELETE count as POST is unknown, so they share the write bucket) are never
// reached, because going over locks the account out for 10 minutes.
//
// Each bucket is a token bucket with burst 1 and rate r = (perMinute-1)/60
// per second. With burst 1 the bucket admits at most 1 + r·T requests in
// any window of length T: the first uses the initial token, the rest need
// 1/r seconds each. For T = 60 s that is 1 + (perMinute-1) = perMinute, so
// neither a fixed nor a sliding 60 s window, even a closed one, ever holds
// more than perMinute requests. (perMinute = 1 would give r = 0; it uses
// r = 1/61 instead, i.e. one request per 61 s.)
//
// The layer sits inside retryTransport, so every retry attempt takes a token.
//
// After a 429 the pacing did not predict, the bucket that was hit slows down (adaptive_pacing.go).
type limitTransport struct {
	next       http.RoundTripper
	get, write *bucket
	clock      clock
	shared     *sharedBudget // the budget shared with other processes (shared_budget.go); nil: none
}

func newLimitTransport(next http.RoundTripper, getPerMinute, writePerMinute int, clk clock) *limitTransport {
	return &limitTransport{
		next:  next,
		get:   newBucket(BudgetGet, getPerMinute),
		write: newBucket(BudgetWrite, writePerMinute),
		clock: clk,
	}
}

func perMinuteRate(perMinute int) rate.Limit {
	if perMinute <= 1 {
		return rate.Limit(1.0 / 61)
	}
	return rate.Limit(float64(perMinute-1) / 60)
}

func (t *limitTransport) bucketOf(method string) *bucket {
	if isGetMethod(method) {
		return t.get
	}
	return t.write
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if takePrepaid(req) {
		return t.next.RoundTrip(req) // its token was taken before the request was built (transport_limit_prepaid.go)
	}
	b := t.bucketOf(req.Method)
	if err := t.wait(req.Context(), b.lim); err != nil {
		return nil, err
	}
	b.note(t.clock.now())
	return t.next.RoundTrip(req)
}

// wait takes one token, sleeping through the injected clock so tests need
// not wait in real time. A cancelled wait gives the token back.
func (t *limitTransport) wait(ctx context.Context, lim *rate.Limiter) error {
	if err := ctx.Err(); err != nil {
		return notSent(fmt.Errorf("waiting for the client-side rate limiter: %w", err))
	}
	now := t.clock.now()
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return notSent(fmt.Errorf("client-side rate limiter cannot grant a request"))
	}
	if d := r.DelayFrom(now); d > 0 {
		if err := t.clock.sleep(ctx, d); err != nil {
			r.CancelAt(t.clock.now())
			return notSent(fmt.Errorf("waiting %s for the client-side rate limiter: %w", d.Round(time.Millisecond), err))
		}
	}
	return t.shared.take(ctx, t.clock, lim == t.get.lim)
}

// notSentError marks an error raised before the request left the client, so
// the retry layer never reports it as ambiguous.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

func notSent(err error) error { return &notSentError{err: err} }
