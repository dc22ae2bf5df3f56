package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limitTransport paces requests on the client side so that HappyFox's
// per-minute limits (§1.3, H: 500 GET/min and 300 POST/min; whether PUT and
// DELETE count as POST is unknown, so they share the write bucket) are never
// reached, because going over locks the account out for 10 minutes.
//
// Each bucket spaces its requests 1/r seconds apart, r = (perMinute-1)/60
// per second (GCRA with burst 1, the same as a token bucket with burst 1): a
// request takes the earliest slot not before now and not closer than 1/r
// to the one before. The bucket admits at most 1 + r·T requests in any
// window of length T: the first may go at once, the rest need 1/r seconds
// each. For T = 60 s that is 1 + (perMinute-1) = perMinute, so neither a
// fixed nor a sliding 60 s window, even a closed one, ever holds more than
// perMinute requests. (perMinute = 1 would give r = 0; it uses r = 1/61
// instead, i.e. one request per 61 s.)
//
// The layer sits inside retryTransport, so every retry attempt takes a token.
//
// After a 429 the pacing did not predict, both buckets pace by what the lockout taught (adaptive_pacing.go).
type limitTransport struct {
	next       http.RoundTripper
	get, write *bucket
	clock      Clock
	shared     *SharedBudget // the budget shared with other processes (shared_budget.go); nil: none
	notices    *notices
	// lockedUntil, when set, is the end of the lockout the retry layer knows of (retry.go).
	lockedUntil func() time.Time

	mu     sync.Mutex
	log    sendLog // requests let through, for a lesson when the budget file is not used
	lesson *lesson // what the last lockout taught (this process's, or from the budget file); nil: none
}

func newLimitTransport(next http.RoundTripper, getPerMinute, writePerMinute int, clk Clock) *limitTransport {
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
	b := t.bucketOf(req.Method)
	// A prepaid request took its token before it was built (limit_prepaid.go).
	at, ok := takePrepaid(req)
	if !ok {
		var err error
		if at, err = t.wait(req.Context(), b); err != nil {
			return nil, err
		}
		// A lockout that began while this request waited for its slot: sending it would only meet a 429
		// (and HappyFox might prolong the lockout for it, §1.3 "?"). The retry layer waits the lockout out.
		if t.lockedUntil != nil && t.lockedUntil().After(t.clock.Now()) {
			t.unsend(b, at)
			return nil, errLockedMeanwhile
		}
	}
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		t.unsend(b, at) // HappyFox did not take it: it says nothing of what is left
	}
	return resp, err
}

// wait takes one token of b, sleeping through the injected clock so tests need not wait in real time, and
// returns when the request goes out. A cancelled wait gives the token back.
func (t *limitTransport) wait(ctx context.Context, b *bucket) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, NotSent(fmt.Errorf("waiting for the client-side rate limiter: %w", err))
	}
	now := t.clock.Now()
	t.mu.Lock()
	l := t.lesson
	t.mu.Unlock()
	slot := b.reserve(l, now)
	if d := slot.Sub(now); d > 0 {
		if err := t.clock.Sleep(ctx, d); err != nil {
			b.cancel(slot)
			return time.Time{}, NotSent(fmt.Errorf("waiting %s for the client-side rate limiter: %w", d.Round(time.Millisecond), err))
		}
	}
	at, fileLesson, err := t.shared.take(ctx, t.clock, b)
	if err != nil {
		return time.Time{}, err
	}
	if at.IsZero() {
		at = t.clock.Now()
	}
	if fileLesson != nil {
		t.adopt(fileLesson, at)
	}
	t.mu.Lock()
	t.log.add(b.get, at, at, 1)
	t.mu.Unlock()
	return at, nil
}

// unsend forgets a request sent at at that was answered 429.
func (t *limitTransport) unsend(b *bucket, at time.Time) {
	now := t.clock.Now()
	t.mu.Lock()
	t.log.add(b.get, at, now, -1)
	t.mu.Unlock()
	t.shared.unsend(b.get, at, now)
}

// adopt paces by a lesson another process of the account wrote into the budget file, when it is newer than
// this process's, and says so once.
func (t *limitTransport) adopt(l *lesson, now time.Time) {
	t.mu.Lock()
	newer := t.lesson == nil || l.At > t.lesson.At
	if newer {
		t.lesson = l
	}
	t.mu.Unlock()
	if newer {
		t.notices.add(t.adoptedNotice(l, now))
	}
}

// lockedOut learns the lesson of a 429 met at now by a request with method (the first 429 of a lockout that
// lasts until until; the previous lockout ended at since), paces both buckets by it, and returns it (nil when
// the window before it holds no request). When another process of the account met the same lockout first, its
// lesson, from the budget file, is the one taken.
func (t *limitTransport) lockedOut(method string, now, since, until time.Time, estimated bool) *lesson {
	hitGet := isGetMethod(method)
	confGet, confWrite := t.get.configured, t.write.configured
	// Held across the file's update, so that a request of this process that reads the new lesson from the
	// file meanwhile finds it already this process's own (adopt).
	t.mu.Lock()
	l, shared := t.shared.learn(now, since, until, estimated, func(log *sendLog, since time.Time) (lesson, bool) {
		return learn(log, hitGet, now, since, until, confGet, confWrite)
	})
	if !shared {
		if x, ok := learn(&t.log, hitGet, now, since, until, confGet, confWrite); ok {
			l = &x
		}
	}
	if l != nil && (t.lesson == nil || l.At >= t.lesson.At) {
		t.lesson = l
	}
	t.mu.Unlock()
	if l == nil {
		return nil
	}
	t.get.apply(l, now)
	t.write.apply(l, now)
	return l
}

// errLockedMeanwhile is limitTransport's answer for a request whose slot came during a lockout: nothing was
// sent, and the retry layer waits for the lockout to end before it tries again.
var errLockedMeanwhile = NotSent(errors.New("a HappyFox rate-limit lockout began while the request waited for the client-side rate limiter"))
