package client

import (
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Adaptive pacing (RELIABILITY.md, "Other integrations use the account's budget"). HappyFox's limit is per account
// (§1.3, H), and other integrations use the same account, so the client's budget (get/write_requests_per_minute) may be
// more than is left. Pacing makes every 429 unexpected; after one, the bucket that was hit slows down to half of what
// it managed to send in the minute before the 429 (never below minAdaptivePerMinute), so that the run does not trip a
// second lockout. It then recovers slowly, by a tenth every adaptiveRecoverEvery without a 429, up to 80% of that
// observed capacity: never back to the rate that tripped the lockout within the run.
//
// Only a lockout of at least adaptiveMinLockout does that: HappyFox's is 10 minutes (§1.3, H), but when a
// Retry-After announces a short one, waiting it out again costs less than slowing down for the rest of the run.
const (
	minAdaptivePerMinute = 5.0
	adaptiveRecoverEvery = 2 * time.Minute
	adaptiveMinLockout   = 30 * time.Second
)

// bucket is one token bucket of limitTransport with its adaptive rate.
type bucket struct {
	lim  *rate.Limiter
	kind string // "GET" or "write"

	mu         sync.Mutex
	configured float64     // per minute, as configured
	current    float64     // per minute, in force
	ceiling    float64     // recovery stops here
	lastChange time.Time   // of current
	sent       []time.Time // requests let through in the last minute
}

func newBucket(kind string, perMinute int) *bucket {
	return &bucket{
		lim: rate.NewLimiter(perMinuteRate(perMinute), 1), kind: kind,
		configured: float64(perMinute), current: float64(perMinute), ceiling: float64(perMinute),
	}
}

// perMinuteRateF is perMinuteRate for a fractional rate.
func perMinuteRateF(perMinute float64) rate.Limit {
	if perMinute <= 1 {
		return rate.Limit(1.0 / 61)
	}
	return rate.Limit((perMinute - 1) / 60)
}

// note records a request let through at t, and applies the slow recovery.
func (b *bucket) note(t time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sent = append(b.sent, t)
	cut := 0
	for cut < len(b.sent) && t.Sub(b.sent[cut]) > time.Minute {
		cut++
	}
	b.sent = b.sent[cut:]
	if b.current < b.ceiling && t.Sub(b.lastChange) >= adaptiveRecoverEvery {
		b.current = math.Min(b.ceiling, b.current*1.1)
		b.lastChange = t
		b.lim.SetLimitAt(t, perMinuteRateF(b.current))
	}
}

// slowDown applies a 429 met at now. It returns the new rate per minute, and false when the rate was not
// lowered (it is at the floor already).
func (b *bucket) slowDown(now time.Time) (float64, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, s := range b.sent {
		if now.Sub(s) <= time.Minute {
			n++
		}
	}
	capacity := b.current
	if n > 0 && float64(n) < capacity {
		capacity = float64(n)
	}
	next := math.Max(minAdaptivePerMinute, capacity/2)
	if next >= b.current {
		return b.current, false
	}
	b.current = next
	b.ceiling = math.Max(next, 0.8*capacity)
	b.lastChange = now
	b.lim.SetLimitAt(now, perMinuteRateF(next))
	return next, true
}

// Notice is something a run should tell the user that is not an error, such as the client slowing down after
// an unexpected rate-limit lockout. The provider shows each notice once, as a warning.
type Notice struct {
	Summary string
	Detail  string

	// Budget, when set, names the request budget the notice is about: BudgetGet or BudgetWrite (Config's
	// GetRequestsPerMinute / WriteRequestsPerMinute), and Configured its configured rate per minute, so that
	// the caller can say which of its settings to lower.
	Budget     string
	Configured int
}

// Request budgets named by Notice.Budget.
const (
	BudgetGet   = "GET"
	BudgetWrite = "write"
)

// notices collects Notices until they are taken.
type notices struct {
	mu      sync.Mutex
	pending []Notice
}

func (n *notices) add(x Notice) {
	if n == nil {
		return
	}
	n.mu.Lock()
	n.pending = append(n.pending, x)
	n.mu.Unlock()
}

func (n *notices) take() []Notice {
	if n == nil {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	out := n.pending
	n.pending = nil
	return out
}

// TakeNotices returns the notices raised since the last call, each once. The client knows nothing of Terraform;
// the provider turns them into warnings.
func (c *Client) TakeNotices() []Notice { return c.notices.take() }

// rateLimitNotice is the warning after a 429 the pacing did not predict.
func rateLimitNotice(method string, b *bucket, newRate float64, lowered bool, until time.Time, estimated bool) Notice {
	end := "until " + until.UTC().Format("15:04:05 MST") + " (from HappyFox's Retry-After)"
	if estimated {
		end = "until about " + until.UTC().Format("15:04:05 MST") + " (an estimate: HappyFox did not say when the lockout " +
			"ends, so the provider assumes its documented 10 minutes)"
	}
	slow := fmt.Sprintf("The provider now sends at most %d %s requests per minute for the rest of this run, so that it does "+
		"not trip a second lockout.", int(newRate), b.kind)
	if !lowered {
		slow = fmt.Sprintf("The provider already sends at most %d %s requests per minute, its lowest rate.", int(newRate), b.kind)
	}
	return Notice{
		Summary: "HappyFox rate limit reached: slowing down",
		Detail: fmt.Sprintf("HappyFox answered %s with HTTP 429 and locked the account out %s, although the provider kept "+
			"its %s requests under the configured %d per minute. The account's limit is shared with every other "+
			"integration and script that uses it, and they have used part of it. %s Requests wait for the lockout to "+
			"end (up to the configured maximum wait).",
			method, end, b.kind, int(b.configured), slow),
		Budget:     b.kind,
		Configured: int(b.configured),
	}
}

// isGetMethod reports the methods paced by the GET bucket.
func isGetMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return true
	}
	return false
}
