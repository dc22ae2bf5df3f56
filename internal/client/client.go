// Package client is the HappyFox Helpdesk REST API v1.1 client used by the
// Terraform provider. It knows nothing of Terraform. The wire format it
// speaks follows docs/dev/happyfox-api.md ("the notes"); comments cite
// its sections (§n) and confidence marks (H/M/L/?).
//
// Requests go through a chain of http.RoundTrippers, outermost first:
//
//	logTransport → serialTransport → retryTransport → limitTransport → timeoutTransport → authTransport → base
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/coalesce"
)

// Defaults applied by New for zero Config values. The provider's schema descriptions and resolution use them
// too, so that each default is stated once.
const (
	DefaultGetRequestsPerMinute   = 500 // §1.3 (H): 500 GET/min
	DefaultWriteRequestsPerMinute = 300 // §1.3 (H): 300 POST/min; PUT/DELETE assumed to share it (?)
	DefaultMaxRetries             = 4
	DefaultRequestTimeout         = 30 * time.Second
	// HappyFox locks an account out for 10 minutes after a 429; waiting a little longer than that lets one
	// lockout pass without failing.
	DefaultRateLimitMaxWait = 10*time.Minute + 30*time.Second
	DefaultRetryWaitMin     = time.Second
	DefaultRetryWaitMax     = 30 * time.Second
	DefaultLockout          = 10 * time.Minute // §1.3 (H): 429 "for the next 10 minutes"
	DefaultUserAgent        = "happyfox-go-client"
)

// NoRetries (Config.MaxRetries) and NoWait (Config.RateLimitMaxWait) ask for none, since zero means the
// default.
const (
	NoRetries = -1
	NoWait    = time.Duration(-1)
)

// maxResponseBytes bounds every response body read into memory (a variable
// so that tests can lower it).
var maxResponseBytes = 32 << 20

// Config configures a Client. Zero means "the default" for every field (the Default* constants above; a nil
// Transport or Logger: a clone of http.DefaultTransport, no logging). To ask for no retries or for no wait on
// a rate-limit lockout, pass NoRetries / NoWait (any negative value): zero would select the default. Other
// negative values are refused.
type Config struct {
	// BaseURL such as "https://acme.happyfox.com/api/1.1/json/" (§1 Base URL).
	// It must be absolute and https; plain http is allowed only for loopback
	// hosts (tests, simulators). It must not contain credentials, a query or a
	// fragment. A trailing slash is added when missing.
	BaseURL string

	APIKey    string // Basic auth username (§1 Auth, H)
	AuthCode  string // Basic auth password
	UserAgent string

	GetRequestsPerMinute   int // 0 → 500
	WriteRequestsPerMinute int // 0 → 300; POST, PUT and DELETE

	MaxRetries int // retries after the first attempt for 5xx / network errors; 0 → 4, <0 (NoRetries) → none

	RequestTimeout   time.Duration // per attempt; 0 → 30s
	RateLimitMaxWait time.Duration // longest wait for a 429 lockout; 0 → 10m30s, <0 (NoWait) → fail at once
	RetryWaitMin     time.Duration // 0 → 1s
	RetryWaitMax     time.Duration // 0 → 30s
	DefaultLockout   time.Duration // 429 wait without Retry-After; 0 → 10m

	Transport http.RoundTripper // base transport; nil → a clone of http.DefaultTransport

	// Logger receives the client's log lines (logger.go), with the credentials removed; nil → no logging.
	Logger Logger

	// SharedBudgetDir, when set, holds the budget file shared by every client of the same account on this
	// machine, in any process (shared_budget.go; DefaultSharedBudgetDir). Empty: this client paces alone.
	SharedBudgetDir string
}

// Client talks to one HappyFox account. It is safe for concurrent use.
type Client struct {
	base *url.URL
	rt   http.RoundTripper
	memo memo

	// acfPath remembers which single asset custom field path works (§3.6).
	acfPath acfPathState
	// tcfPath remembers that the single ticket custom field path is missing (§4.2).
	tcfPath tcfPathState

	// reads serves refreshes of many objects of one kind from paged lists (readpath.go).
	reads readPath

	// retry is the chain's retry policy: the callers that settle an unknown outcome by looking wait and repeat by it
	// (retry_policy.go).
	retry RetryPolicy
	// pacer takes a turn at the chain's pacing ahead of a request: the sender of a shared request waits for its turn
	// before it collects the calls that arrived meanwhile (transport_limit_prepaid.go).
	pacer Pacer
	// budget is the budget file shared with the account's other processes on this machine (shared_budget.go), nil
	// when none; the bulk create claims its e-mails beside it (contacts_claims_shared.go).
	budget *sharedBudget
	// clock is the client's clock, the chain's too.
	clock clock

	// redact removes the credentials from server text in errors (redact.go).
	redact redactor

	// notices collects warnings for the user (adaptive_pacing.go).
	notices *notices

	// emails and bulkCreates serve many contact creates with few requests (contacts_email_index.go, contacts_bulk.go).
	emails       emailIndex
	bulkCreates  bulkCreator
	groupBatches groupBatcher // memberships_batched.go
	groupReads   groupReads   // contact_group_reads_shared.go

	// server is HappyFox's clock as its answers tell it (contacts_created_here.go).
	server serverClock

	// ticketNotesUnseen is set once a note HappyFox accepted did not show among the ticket's updates
	// (ticket_notes.go): from then on a note's absence does not prove it was not posted.
	ticketNotesUnseen atomic.Bool
}

// clock abstracts time so that the retry and limit layers can be tested
// without waiting.
type clock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
	// timer, when set, starts a timer that can be stopped; coalesce.Fill waits with it for more callers. Test
	// clocks leave it nil: a shared request is then sent without waiting for callers still to come.
	timer func(d time.Duration) (<-chan time.Time, func() bool)
}

var realClock = clock{now: time.Now, sleep: sleepCtx, timer: func(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}}

// fillClock is the clock the shared requests' fill waits run on (coalesce.Fill).
func (c *Client) fillClock() coalesce.Clock {
	return coalesce.Clock{Now: c.clock.now, Timer: c.clock.timer}
}

// sleepCtx waits for d or until ctx is done, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// New validates cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	return newClient(cfg, realClock)
}

func newClient(cfg Config, clk clock) (*Client, error) {
	base, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.APIKey == "" || cfg.AuthCode == "" {
		return nil, errors.New("HappyFox API key and auth code are both required")
	}
	if strings.Contains(cfg.APIKey, ":") {
		// Basic auth would split the username at the colon.
		return nil, errors.New("HappyFox API key must not contain ':'")
	}
	if hasControl(cfg.APIKey) || hasControl(cfg.AuthCode) || hasControl(cfg.UserAgent) {
		return nil, errors.New("HappyFox API key, auth code and user agent must not contain control characters")
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.GetRequestsPerMinute < 0 || cfg.WriteRequestsPerMinute < 0 {
		return nil, errors.New("requests per minute must not be negative")
	}
	if cfg.GetRequestsPerMinute == 0 {
		cfg.GetRequestsPerMinute = DefaultGetRequestsPerMinute
	}
	if cfg.WriteRequestsPerMinute == 0 {
		cfg.WriteRequestsPerMinute = DefaultWriteRequestsPerMinute
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = DefaultMaxRetries
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	switch {
	case cfg.RateLimitMaxWait == 0:
		cfg.RateLimitMaxWait = DefaultRateLimitMaxWait
	case cfg.RateLimitMaxWait < 0:
		cfg.RateLimitMaxWait = 0
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
		n   string
	}{
		{&cfg.RequestTimeout, DefaultRequestTimeout, "request timeout"},
		{&cfg.RetryWaitMin, DefaultRetryWaitMin, "minimum retry wait"},
		{&cfg.RetryWaitMax, DefaultRetryWaitMax, "maximum retry wait"},
		{&cfg.DefaultLockout, DefaultLockout, "default lockout"},
	} {
		if *d.v < 0 {
			return nil, fmt.Errorf("%s must not be negative", d.n)
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if cfg.RetryWaitMin > cfg.RetryWaitMax {
		return nil, fmt.Errorf("minimum retry wait (%s) exceeds maximum retry wait (%s)", cfg.RetryWaitMin, cfg.RetryWaitMax)
	}

	transport := cfg.Transport
	if transport == nil {
		transport = http.DefaultTransport
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			transport = dt.Clone()
		}
	}
	var rt http.RoundTripper = &authTransport{next: transport, username: cfg.APIKey, password: cfg.AuthCode, userAgent: cfg.UserAgent}
	rt = &timeoutTransport{next: rt, timeout: cfg.RequestTimeout, grace: abandonGrace(cfg.RequestTimeout)}
	pacer := newLimitTransport(rt, cfg.GetRequestsPerMinute, cfg.WriteRequestsPerMinute, clk)
	rt = pacer
	box := &notices{}
	pacer.notices = box
	if cfg.SharedBudgetDir != "" {
		pacer.shared = newSharedBudget(cfg.SharedBudgetDir, base.String(), cfg.GetRequestsPerMinute, cfg.WriteRequestsPerMinute, box)
	}
	red := newRedactor(cfg.APIKey, cfg.AuthCode)
	sink := logSink{l: cfg.Logger, redact: red}
	retry := &retryTransport{
		log:            sink,
		pacer:          pacer,
		notices:        box,
		next:           rt,
		maxRetries:     cfg.MaxRetries,
		waitMin:        cfg.RetryWaitMin,
		waitMax:        cfg.RetryWaitMax,
		defaultLockout: cfg.DefaultLockout,
		maxWait:        cfg.RateLimitMaxWait,
		clock:          clk,
	}
	pacer.lockedUntil = retry.lockedUntil
	rt = newSerialTransport(retry, base.Path)
	rt = &logTransport{next: rt, log: sink, now: clk.now}
	c := &Client{base: base, rt: rt, retry: RetryPolicy{retry}, pacer: pacer, budget: pacer.shared, clock: clk, redact: red, notices: box}
	c.reads.groups.now = clk.now // group snapshots age on the client's clock (contact_group_snapshot.go)
	return c, nil
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

// BaseURLError is New's (and NormalizeBaseURL's) answer to a base URL it refuses; the text says why.
type BaseURLError struct{ msg string }

func (e *BaseURLError) Error() string { return e.msg }

// IsBaseURLError reports whether err is a refused base URL (*BaseURLError).
func IsBaseURLError(err error) bool {
	var e *BaseURLError
	return errors.As(err, &e)
}

func parseBaseURL(raw string) (*url.URL, error) {
	u, err := parseBaseURLText(raw)
	if err != nil {
		return nil, &BaseURLError{msg: err.Error()}
	}
	return u, nil
}

func parseBaseURLText(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		return nil, errors.New("HappyFox base URL is required (e.g. https://acme.happyfox.com/api/1.1/json/)")
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// url.Error would echo the URL, which may hold credentials.
		return nil, errors.New("HappyFox base URL is not a valid URL")
	}
	if u.User != nil {
		return nil, errors.New("HappyFox base URL must not contain credentials; pass them as the API key and auth code")
	}
	if !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("HappyFox base URL %q must be absolute, e.g. https://acme.happyfox.com/api/1.1/json/", u.Redacted())
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("HappyFox base URL %q must not have a query or fragment", u.Redacted())
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("HappyFox base URL %q must use https (plain http is only allowed for loopback hosts)", u.Redacted())
		}
	default:
		return nil, fmt.Errorf("HappyFox base URL %q must use https", u.Redacted())
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}

// NormalizeBaseURL applies New's base URL rules (absolute; https, or http for
// loopback hosts only; no credentials, query or fragment) and returns the URL
// with a trailing slash. Providers can use it to validate configuration early.
func NormalizeBaseURL(raw string) (string, error) {
	u, err := parseBaseURL(raw)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the normalized base URL.
func (c *Client) BaseURL() string { return c.base.String() }

// endpoint resolves rel (already path-escaped, e.g. "user/5/") against the
// base URL.
func (c *Client) endpoint(rel string, q url.Values) string {
	s := c.base.String() + rel
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// do sends one API request and returns the body of a 2xx response.
// body, when non-nil, is sent as JSON (§1 Request bodies: nested structures
// need JSON). Non-2xx answers become *APIError; a POST answered with a 5xx
// becomes an *AmbiguousError wrapping the *APIError.
func (c *Client) do(ctx context.Context, method, rel string, q url.Values, body any) (answer []byte, err error) {
	var rdr io.Reader
	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("encoding HappyFox %s %s request: %w", method, rel, err)
		}
		// bytes.Reader gives the request a GetBody, so retries can rewind it.
		rdr = bytes.NewReader(payload)
	}
	if method != http.MethodGet {
		// What this write may change in what the client keeps is dropped before it is sent and when its answer is in
		// (cache_invalidation.go).
		after := c.invalidate(method, rel, payload)
		defer func() { after(answer, err) }()
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(rel, q), rdr)
	if err != nil {
		return nil, fmt.Errorf("building HappyFox %s %s request: %w", method, rel, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.rt.RoundTrip(req)
	if err != nil {
		return nil, c.redact.err(fixErrorPath(err, method, rel))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(maxResponseBytes)+1))
	if err == nil && len(data) > maxResponseBytes {
		err = fmt.Errorf("response body exceeds %d MiB", maxResponseBytes>>20)
	}
	if err != nil {
		err = fmt.Errorf("reading HappyFox %s %s response (HTTP %d): %w", method, rel, resp.StatusCode, err)
		err = c.redact.err(err)
		if resp.StatusCode < 300 && !idempotent(ctx, method) {
			// The server carried the request out but we lost its answer.
			return nil, &AmbiguousError{Method: method, Path: rel, Err: err}
		}
		return nil, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		c.server.sawAnswer(resp.Header)
		if g := garbledAnswer(method, resp, data); g != nil && !idempotent(ctx, method) {
			// A write that is not safe to repeat, answered with something that is not HappyFox's answer: whether
			// HappyFox carried it out is unknown, and the caller settles it by looking, as for a lost answer.
			// (One that is safe to repeat was retried by retryTransport.)
			return nil, &AmbiguousError{Method: method, Path: rel, Err: c.redact.err(g)}
		}
		return data, nil
	}
	apiErr := newAPIError(method, rel, resp.StatusCode, data, resp.Header)
	// Whatever the server echoed (the Authorization header, the key, the code), no error text carries it.
	c.redact.apiError(apiErr)
	if resp.StatusCode >= 500 && !idempotent(ctx, method) {
		return nil, &AmbiguousError{Method: method, Path: rel, Err: apiErr}
	}
	return nil, apiErr
}

// fixErrorPath replaces the full URL path the transports know with the path
// relative to the base URL in the client's own error types.
func fixErrorPath(err error, method, rel string) error {
	var amb *AmbiguousError
	if errors.As(err, &amb) {
		amb.Method, amb.Path = method, rel
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		rl.Method, rl.Path = method, rel
	}
	if amb != nil || rl != nil {
		return err
	}
	return fmt.Errorf("HappyFox %s %s: %w", method, rel, err)
}

// get GETs rel and returns the body.
func (c *Client) get(ctx context.Context, rel string, q url.Values) ([]byte, error) {
	return c.do(ctx, http.MethodGet, rel, q, nil)
}

// objectPath builds "<kind>/<id>/" plus optional extra segments.
func objectPath(kind string, id int64, extra ...string) string {
	p := kind + "/" + itoa(id) + "/"
	for _, e := range extra {
		p += e + "/"
	}
	return p
}

func checkID(what string, id int64) error {
	if id <= 0 {
		return fmt.Errorf("invalid HappyFox %s id %d", what, id)
	}
	return nil
}
