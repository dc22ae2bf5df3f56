package transport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// retryTransport retries what is safe to retry and waits out HappyFox's
// rate-limit lockout.
//
//   - 429 (§1.3, H): the account keeps getting 429 for ~10 minutes. A shared
//     blockedUntil makes every request wait for the lockout to pass instead of
//     hitting 429 again. The wait is Retry-After (seconds or HTTP-date) when
//     present (no source shows one, §1.3 "?"), else defaultLockout. When the
//     lockout would end more than maxWait after this request first met it,
//     the request fails at once with *RateLimitError. 429 is retried for every
//     method, POST included: HappyFox did not process the request. A request
//     whose pacing slot comes during a lockout is not sent (limitTransport)
//     and waits like the others. The first 429 of a lockout slows the pacing
//     down (adaptive_pacing.go).
//   - 5xx and network errors: GET/PUT/DELETE are retried with exponential
//     backoff and full jitter, up to maxRetries. POST is retried only when
//     HappyFox surely did not see it (a dial error); a POST that got a 5xx,
//     timed out or lost its connection after sending is not retried, and
//     the client reports it as *AmbiguousError. PUT on ticket_custom_field is
//     safe to repeat: the choice list is a complete set (§4.3).
//   - Each attempt runs under its own timeout (timeoutTransport, further in).
type retryTransport struct {
	next           http.RoundTripper
	maxRetries     int
	waitMin        time.Duration
	waitMax        time.Duration
	defaultLockout time.Duration
	maxWait        time.Duration
	clock          Clock
	jitter         func(n int64) int64 // uniform in [0, n]; nil → math/rand/v2

	// pacer, when set, is slowed down after a 429 it did not predict; notices gets the warning saying so.
	pacer   *limitTransport
	notices *notices

	log logSink // Config.Logger, redacting

	mu           sync.Mutex
	blockedUntil time.Time
	estimated    bool // blockedUntil was computed without Retry-After
}

// max429 bounds consecutive 429 answers for one request, in case a server
// keeps sending 429 with a tiny Retry-After.
const max429 = 10

// idempotentPostKey marks a request context whose POST has the same effect however often it is carried out.
type idempotentPostKey struct{}

// WithIdempotentPost marks ctx for a POST that is safe to repeat: HappyFox uses POST for some updates (contact
// group edits, update_contacts, delete_contacts, §2.8) whose repetition changes nothing, so a 5xx or a lost answer
// can be retried like a PUT. Never use it for creates, or for contact updates that may add phones.
func WithIdempotentPost(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentPostKey{}, true)
}

// Idempotent reports whether a request with this method and context may be repeated safely.
func Idempotent(ctx context.Context, method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		marked, _ := ctx.Value(idempotentPostKey{}).(bool)
		return marked
	}
	return false
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	rewindable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	if req.Body != nil && req.GetBody != nil {
		// Every attempt reads a fresh copy from GetBody; close the original.
		defer req.Body.Close()
	}
	var firstBlocked time.Time
	retries, limited := 0, 0
	for attempt := 1; ; attempt++ {
		noteAttempt(ctx, attempt)
		if err := t.waitLockout(ctx, req, &firstBlocked); err != nil {
			return nil, err
		}
		resp, err := t.try(ctx, req, attempt)
		if err != nil {
			var ns *notSentError
			switch {
			case errors.Is(err, errLockedMeanwhile):
				attempt-- // nothing was sent: the same attempt, after the lockout (waitLockout)
				continue
			case errors.As(err, &ns):
				return nil, err
			case isDialError(err):
				// Nothing reached HappyFox: safe for every method.
				if ctx.Err() != nil {
					return nil, fmt.Errorf("HappyFox request cancelled: %w", ctx.Err())
				}
			case ctx.Err() != nil:
				if !Idempotent(ctx, req.Method) {
					return nil, &AmbiguousError{Method: req.Method, Path: req.URL.Path, Err: fmt.Errorf("cancelled while in flight: %w", ctx.Err())}
				}
				return nil, fmt.Errorf("HappyFox request cancelled: %w", ctx.Err())
			case !Idempotent(ctx, req.Method):
				return nil, &AmbiguousError{Method: req.Method, Path: req.URL.Path, Err: err}
			}
			if retries >= t.maxRetries || !rewindable {
				return nil, err
			}
			// A timed-out attempt may still be running at HappyFox: the retry waits until it has ended, so
			// that it never overlaps it (HappyFox refuses concurrent calls on one object with 409).
			if WaitAbandoned(ctx, err) && ctx.Err() != nil {
				return nil, fmt.Errorf("HappyFox request cancelled while waiting for a timed-out attempt to end: %w", ctx.Err())
			}
			retries++
			d := t.backoff(retries, 0)
			t.logRetry(ctx, req, attempt, "network error: "+err.Error(), d)
			if err := t.clock.Sleep(ctx, d); err != nil {
				return nil, fmt.Errorf("HappyFox request cancelled while waiting to retry: %w", err)
			}
			continue
		}

		if resp.StatusCode/100 == 2 && Idempotent(ctx, req.Method) && retries < t.maxRetries && rewindable {
			// A garbled answer to a request that is safe to repeat is retried like a 5xx (garbled_answers.go).
			if g, _ := peekGarbled(req.Method, resp); g != nil {
				retries++
				d := t.backoff(retries, 0)
				t.logRetry(ctx, req, attempt, g.Error(), d)
				drain(resp)
				if err := t.clock.Sleep(ctx, d); err != nil {
					return nil, fmt.Errorf("HappyFox request cancelled while waiting to retry: %w", err)
				}
				continue
			}
		}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			now := t.clock.Now()
			wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now)
			if !ok {
				wait = t.defaultLockout
			}
			if wait < t.waitMin {
				wait = t.waitMin
			}
			drain(resp)
			until, fresh, since := t.blockFrom(now, now.Add(wait), !ok)
			if fresh && wait >= adaptiveMinLockout {
				t.unexpected429(ctx, req.Method, now, since, until, !ok)
			}
			t.shareLockout(until)
			limited++
			if limited > max429 || !rewindable {
				return nil, &RateLimitError{RetryAt: until, Method: req.Method, Path: req.URL.Path, Estimated: t.isEstimated()}
			}
			t.logRetry(ctx, req, attempt, "HTTP 429 rate limit lockout", until.Sub(now))
			continue // waitLockout applies maxWait and sleeps
		case resp.StatusCode >= 500 && Idempotent(ctx, req.Method) && retries < t.maxRetries && rewindable:
			retries++
			ra, _ := parseRetryAfter(resp.Header.Get("Retry-After"), t.clock.Now())
			d := t.backoff(retries, ra)
			t.logRetry(ctx, req, attempt, "HTTP "+strconv.Itoa(resp.StatusCode), d)
			drain(resp)
			if err := t.clock.Sleep(ctx, d); err != nil {
				return nil, fmt.Errorf("HappyFox request cancelled while waiting to retry: %w", err)
			}
			continue
		}
		return resp, nil
	}
}

// try makes one attempt with a fresh copy of the body. (The per-attempt
// timeout is applied further in, by timeoutTransport.)
func (t *retryTransport) try(ctx context.Context, req *http.Request, attempt int) (*http.Response, error) {
	r := req.Clone(ctx)
	if req.GetBody != nil && req.Body != nil && req.Body != http.NoBody {
		b, err := req.GetBody()
		if err != nil {
			return nil, NotSent(fmt.Errorf("rewinding request body: %w", err))
		}
		r.Body = b
	} else if attempt > 1 && req.Body != nil && req.Body != http.NoBody {
		return nil, NotSent(errors.New("request body cannot be rewound for a retry"))
	}
	return t.next.RoundTrip(r)
}

// waitLockout sleeps while the shared lockout lasts, or fails with
// *RateLimitError when it would end more than maxWait after this request
// first met it.
func (t *retryTransport) waitLockout(ctx context.Context, req *http.Request, firstBlocked *time.Time) error {
	for {
		t.adoptSharedLockout() // a lockout another process met (shared_budget.go)
		t.mu.Lock()
		until := t.blockedUntil
		t.mu.Unlock()
		now := t.clock.Now()
		if !until.After(now) {
			return nil
		}
		if firstBlocked.IsZero() {
			*firstBlocked = now
		}
		if until.Sub(*firstBlocked) > t.maxWait {
			return &RateLimitError{RetryAt: until, Method: req.Method, Path: req.URL.Path, Estimated: t.isEstimated()}
		}
		t.log.debug(ctx, "Waiting for the HappyFox rate-limit lockout to end", map[string]any{
			"http_method": req.Method, "http_path": req.URL.Path,
			"retry_at": until.UTC().Format(time.RFC3339), "wait_ms": until.Sub(now).Milliseconds(),
		})
		if err := t.clock.Sleep(ctx, until.Sub(now)); err != nil {
			return fmt.Errorf("waiting for the HappyFox rate-limit lockout to end at %s: %w", until.UTC().Format("15:04:05 MST"), err)
		}
	}
}

// blockFrom extends the shared lockout to at least until, for a 429 met at now, and returns the effective
// end; estimated says until was computed without Retry-After. fresh
// reports the first 429 of a lockout (no lockout was in force at now), which the pacing did not predict, and
// since the end of the lockout before it (zero: none).
func (t *retryTransport) blockFrom(now, until time.Time, estimated bool) (end time.Time, fresh bool, since time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	fresh = !now.IsZero() && !t.blockedUntil.After(now)
	since = t.blockedUntil
	if until.After(t.blockedUntil) {
		t.blockedUntil = until
		t.estimated = estimated
	}
	return t.blockedUntil, fresh, since
}

// lockedUntil returns the end of the lockout in force, or of the last one.
func (t *retryTransport) lockedUntil() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.blockedUntil
}

func (t *retryTransport) isEstimated() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.estimated
}

// unexpected429 paces both buckets by what the lockout teaches, and raises a notice saying so
// (adaptive_pacing.go). since is the end of the lockout before (zero: none).
func (t *retryTransport) unexpected429(ctx context.Context, method string, now, since, until time.Time, estimated bool) {
	if t.pacer == nil {
		return
	}
	l := t.pacer.lockedOut(method, now, since, until, estimated)
	fields := map[string]any{"http_method": method, "retry_at": until.UTC().Format(time.RFC3339)}
	if l != nil {
		fields["get_per_minute"] = int(t.pacer.get.rateAt(l, now))
		fields["write_per_minute"] = int(t.pacer.write.rateAt(l, now))
		fields["seen_get"], fields["seen_write"] = l.SeenGet, l.SeenWrite
	}
	t.log.warn(ctx, "HappyFox rate limit reached although paced; pacing by what the minute before held", fields)
	t.notices.add(t.pacer.rateLimitNotice(method, l, now, until, estimated))
}

// backoff returns the wait before retry n (1-based): full jitter over
// [0, min(waitMax, waitMin·2^(n-1))], raised to a server Retry-After hint
// when that is not above waitMax.
func (t *retryTransport) backoff(n int, hint time.Duration) time.Duration {
	ceil := t.waitMin
	for i := 1; i < n && ceil < t.waitMax; i++ {
		ceil *= 2
	}
	if ceil > t.waitMax {
		ceil = t.waitMax
	}
	var d time.Duration
	if ceil > 0 {
		if t.jitter != nil {
			d = time.Duration(t.jitter(int64(ceil)))
		} else {
			d = time.Duration(rand.Int64N(int64(ceil) + 1))
		}
	}
	if hint > d && hint <= t.waitMax {
		d = hint
	}
	return d
}

func (t *retryTransport) logRetry(ctx context.Context, req *http.Request, attempt int, reason string, wait time.Duration) {
	t.log.debug(ctx, "Retrying HappyFox request", map[string]any{
		"http_method": req.Method, "http_path": req.URL.Path, "attempt": attempt,
		"reason": Truncate(reason, 300), "wait_ms": wait.Milliseconds(),
	})
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP-date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		const maxSecs = 7 * 24 * 3600 // avoids Duration overflow; far beyond any maxWait
		if secs > maxSecs {
			secs = maxSecs
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		d := at.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// isDialError reports errors raised before any byte reached the server:
// connection refused, DNS failure, dial timeout.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// drain discards (a bounded part of) a body so the connection can be reused.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
}
