package transport

import (
	"fmt"
	"math"
	"net/http"
	"sort"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Adaptive pacing. HappyFox's limit is per account (§1.3, H), and other integrations use the same account, so
// the client's budget (get/write_requests_per_minute) may be more than is left. Pacing makes every 429
// unexpected, and a 429 locks every request of the account out, GETs and writes alike, for 10 minutes (§1.3, H):
// a run must trip at most one.
//
// So the first 429 of a lockout teaches a lesson about what is really left. HappyFox counts per minute (§1.3),
// so the window before the 429 is the minute before it, cut at the end of the previous lockout (a lockout wait
// holds no request, and what came before it was counted in another window). Every request this machine let
// through in that window, in every process of the account (the budget file counts them, shared_budget.go; a
// request answered 429 is not counted: HappyFox did not take it), is what the account took besides the other
// integrations:
//
//   - the bucket that met the 429 held n requests: n is what is left of its budget a minute;
//   - the other bucket held m requests without a 429, so at least m is left; and the other integrations, which
//     left the share n/configured of the first bucket's budget, are taken to leave the same share of this one.
//     Its capacity is the larger of the two.
//
// Both buckets then start at adaptiveStart of that capacity and rise by adaptiveStep of it after every
// adaptiveProbeEvery without a 429 (two of HappyFox's windows: each step is held for at least one whole window),
// up to adaptiveCeiling of it: below the rate that tripped the lockout, never back to the configured rate. A
// 429 during probing (the other integrations took more) teaches a new lesson from its own window. The lesson
// is written into the budget file, so every process of the account paces by it, for learnedTTL after the
// lockout (then a new run starts at the configured rate again); a process keeps a lesson for its whole life.
//
// Only a lockout of at least adaptiveMinLockout does that: HappyFox's is 10 minutes (§1.3, H), but when a
// Retry-After announces a short one, waiting it out again costs less than slowing down for the rest of the run.
const (
	minAdaptivePerMinute = 1.0
	adaptiveStart        = 0.6
	adaptiveStep         = 0.05
	adaptiveCeiling      = 0.8
	adaptiveProbeEvery   = 2 * time.Minute
	adaptiveMinLockout   = 30 * time.Second
	observeWindow        = time.Minute // HappyFox's window (§1.3)
	learnedTTL           = time.Hour
)

// lesson is what a lockout taught about the account's budget. Times are Unix nanoseconds (it is stored in the
// budget file as is).
type lesson struct {
	At    int64   `json:"at"`    // the 429 that taught it
	Until int64   `json:"until"` // the end of that lockout: probing starts there
	Get   float64 `json:"get"`   // requests a minute the account has left for this machine, GET
	Write float64 `json:"write"` // and write
	// What the window before the 429 held (for the notices).
	SeenGet   int `json:"seen_get"`
	SeenWrite int `json:"seen_write"`
}

// learn reads the lesson of a 429 met at now by a GET (hitGet) or a write, the previous lockout having ended
// at since, from log. confGet and confWrite are the configured budgets a minute. It reports false when the
// window holds no request at all: the other integrations alone used the limit up, which says nothing about
// what this machine may send.
func learn(log *sendLog, hitGet bool, now, since, until time.Time, confGet, confWrite float64) (lesson, bool) {
	from := now.Add(-observeWindow)
	if since.After(from) {
		from = since
	}
	l := lesson{At: now.UnixNano(), Until: until.UnixNano(),
		SeenGet: log.count(true, from, now), SeenWrite: log.count(false, from, now)}
	n, conf, m, otherConf := float64(l.SeenGet), confGet, float64(l.SeenWrite), confWrite
	if !hitGet {
		n, conf, m, otherConf = m, otherConf, n, conf
	}
	if n == 0 && m == 0 {
		return lesson{}, false
	}
	if n == 0 {
		// The lockout is the account's: the bucket that met it sent nothing, the other one filled up.
		n, conf, m, otherConf = m, otherConf, n, conf
		hitGet = !hitGet
	}
	hit, other := n, math.Max(m, n/conf*otherConf)
	if hitGet {
		l.Get, l.Write = hit, other
	} else {
		l.Get, l.Write = other, hit
	}
	return l, true
}

// rate is the rate a minute the lesson allows a bucket at t.
func (l *lesson) rate(get bool, t time.Time) float64 {
	capacity := l.Write
	if get {
		capacity = l.Get
	}
	start := math.Max(minAdaptivePerMinute, adaptiveStart*capacity)
	top := math.Max(start, adaptiveCeiling*capacity)
	r := start
	if d := t.Sub(time.Unix(0, l.Until)); d > 0 {
		r += float64(d/adaptiveProbeEvery) * adaptiveStep * capacity
	}
	return math.Min(top, r)
}

// top is the highest rate the lesson allows a bucket.
func (l *lesson) top(get bool) float64 { return l.rate(get, time.Unix(0, math.MaxInt64)) }

// expired reports a lesson the budget file no longer passes on at now.
func (l *lesson) expired(now time.Time) bool {
	return now.Sub(time.Unix(0, l.Until)) > learnedTTL
}

// sendLog counts the requests let through, per second and per bucket, over the last observeWindow (and the
// slots reserved ahead of now). It is kept by every limitTransport, and in the budget file for all processes.
type sendLog struct {
	Get   []logSecond `json:"get,omitempty"`
	Write []logSecond `json:"write,omitempty"`
}

// logSecond is [Unix second, requests].
type logSecond [2]int64

func (l *sendLog) side(get bool) *[]logSecond {
	if get {
		return &l.Get
	}
	return &l.Write
}

// add counts delta requests (1, or -1 for one answered 429) at t, and forgets what is older than the window
// before now.
func (l *sendLog) add(get bool, t, now time.Time, delta int64) {
	s := l.side(get)
	old := now.Add(-observeWindow - time.Second).Unix()
	cut := 0
	for cut < len(*s) && (*s)[cut][0] < old {
		cut++
	}
	*s = (*s)[cut:]
	sec := t.Unix()
	i := sort.Search(len(*s), func(i int) bool { return (*s)[i][0] >= sec })
	if i < len(*s) && (*s)[i][0] == sec {
		(*s)[i][1] = max(0, (*s)[i][1]+delta)
		return
	}
	if delta <= 0 {
		return
	}
	*s = append(*s, logSecond{})
	copy((*s)[i+1:], (*s)[i:])
	(*s)[i] = logSecond{sec, delta}
}

// count returns the requests let through in [from, to], to the second.
func (l *sendLog) count(get bool, from, to time.Time) int {
	n := int64(0)
	for _, e := range *l.side(get) {
		if e[0] >= from.Unix() && e[0] <= to.Unix() {
			n += e[1]
		}
	}
	return int(n)
}

// bucket is one bucket of limitTransport (GET or write) with its adaptive rate: it spaces the requests it lets
// through one interval of the rate in force apart (GCRA with burst 1, limit.go). A change of rate
// applies to the slots reserved after it; the ones already reserved keep their times, so a rise never lets a
// request through closer to the one before than the new interval.
type bucket struct {
	kind string // "GET" or "write"
	get  bool

	mu         sync.Mutex
	configured float64   // per minute, as configured
	current    float64   // per minute, in force
	next       time.Time // the earliest slot not yet reserved
}

func newBucket(kind string, perMinute int) *bucket {
	return &bucket{kind: kind, get: kind == BudgetGet, configured: float64(perMinute), current: float64(perMinute)}
}

// perMinuteRateF is perMinuteRate for a fractional rate.
func perMinuteRateF(perMinute float64) rate.Limit {
	if perMinute <= 1 {
		return rate.Limit(1.0 / 61)
	}
	return rate.Limit((perMinute - 1) / 60)
}

// rateAt is the bucket's rate a minute at t under l (nil: none): never above the configured one.
func (b *bucket) rateAt(l *lesson, t time.Time) float64 {
	if l == nil {
		return b.configured
	}
	return math.Min(b.configured, l.rate(b.get, t))
}

// reserve sets the rate l allows at now and takes the next slot.
func (b *bucket) reserve(l *lesson, now time.Time) time.Time {
	r := b.rateAt(l, now)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.current = r
	slot := now
	if b.next.After(now) {
		slot = b.next
	}
	b.next = slot.Add(every(perMinuteRateF(r)))
	return slot
}

// cancel gives a slot back when no later one was reserved (otherwise it is lost: the spacing only grows).
func (b *bucket) cancel(slot time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.next.Equal(slot.Add(every(perMinuteRateF(b.current)))) {
		b.next = slot
	}
}

// apply sets the rate l allows at now, for the slots reserved from now on.
func (b *bucket) apply(l *lesson, now time.Time) {
	r := b.rateAt(l, now)
	b.mu.Lock()
	b.current = r
	b.mu.Unlock()
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

// lockoutEnd describes the end of a lockout for a notice.
func lockoutEnd(until time.Time, estimated bool) string {
	if estimated {
		return "until about " + until.UTC().Format("15:04:05 MST") + " (an estimate: HappyFox did not say when the lockout " +
			"ends, so the provider assumes its documented 10 minutes)"
	}
	return "until " + until.UTC().Format("15:04:05 MST") + " (from HappyFox's Retry-After)"
}

// paceSentence says the rates a lesson sets, from t on.
func (t *limitTransport) paceSentence(who string, l *lesson, at time.Time) string {
	return fmt.Sprintf("%s now sends at most %d GET and %d write requests per minute, and raises that slowly while "+
		"no lockout follows, up to %d GET and %d write requests per minute: below what tripped the lockout, so that "+
		"the run does not trip a second one.", who,
		int(t.get.rateAt(l, at)), int(t.write.rateAt(l, at)),
		int(math.Min(t.get.configured, l.top(true))), int(math.Min(t.write.configured, l.top(false))))
}

// rateLimitNotice is the warning after a 429 the pacing did not predict; l is the lesson it taught (nil: none).
func (t *limitTransport) rateLimitNotice(method string, l *lesson, now, until time.Time, estimated bool) Notice {
	b := t.bucketOf(method)
	head := fmt.Sprintf("HappyFox answered %s with HTTP 429 and locked the account out %s, although the provider kept "+
		"its %s requests under the configured %d per minute. The account's limit is shared with every other "+
		"integration and script that uses it, and they have used part of it.",
		method, lockoutEnd(until, estimated), b.kind, int(b.configured))
	tail := " Requests wait for the lockout to end (up to the configured maximum wait)."
	if l == nil {
		return Notice{
			Summary: "HappyFox rate limit reached",
			Detail: head + " This machine had sent no request to the account in the minute before, so the " +
				"provider keeps its rates." + tail,
			Budget: b.kind, Configured: int(b.configured),
		}
	}
	return Notice{
		Summary: "HappyFox rate limit reached: slowing down",
		Detail: fmt.Sprintf("%s In the minute before the lockout HappyFox took %d GET and %d write requests from this "+
			"machine. %s%s", head, l.SeenGet, l.SeenWrite, t.paceSentence("The provider", l, now), tail),
		Budget: b.kind, Configured: int(b.configured),
	}
}

// adoptedNotice is the warning of a process that paces by a lesson another process of the account learned.
func (t *limitTransport) adoptedNotice(l *lesson, now time.Time) Notice {
	return Notice{
		Summary: "HappyFox rate limit reached by another run: slowing down",
		Detail: fmt.Sprintf("Another provider process on this machine that uses the same HappyFox account met an HTTP 429 "+
			"lockout at %s, although it paced itself: other integrations use part of the account's limit. Every "+
			"process of the account now paces by what was left in the minute before that lockout. %s",
			time.Unix(0, l.At).UTC().Format("15:04:05 MST"), t.paceSentence("This one", l, now)),
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
