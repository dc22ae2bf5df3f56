// Package client is the HappyFox Helpdesk REST API v1.1 client used by the
// Terraform provider. It knows nothing of Terraform. The wire format it
// speaks follows docs/dev/happyfox-api.md ("the notes"); comments cite
// its sections (§n) and confidence marks (H/M/L/?).
//
// Requests go through the transport chain (internal/client/transport), outermost first:
//
//	log → serial (per object) → retry (and 429 lockouts) → limit (pacing, shared budget) → timeout → auth → base
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
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
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

	// Logger receives the client's log lines (transport/logger.go), with the credentials removed; nil → no logging.
	Logger Logger

	// SharedBudgetDir, when set, holds the budget file shared by every client of the same account on this
	// machine, in any process (transport/shared_budget.go; DefaultSharedBudgetDir). Empty: this client paces alone.
	SharedBudgetDir string
}

// Client talks to one HappyFox account. It is safe for concurrent use.
type Client struct {
	base *url.URL
	// chain is the transport chain every request goes through (internal/client/transport).
	chain *transport.Chain
	memo  memo

	// acfPath remembers which single asset custom field path works (§3.6).
	acfPath acfPathState
	// tcfPath remembers that the single ticket custom field path is missing (§4.2).
	tcfPath tcfPathState

	// reads serves refreshes of many objects of one kind from paged lists (readpath.go).
	reads readPath

	// retry is the chain's retry policy: the callers that settle an unknown outcome by looking wait and repeat by it.
	retry transport.RetryPolicy
	// pacer takes a turn at the chain's pacing ahead of a request: the sender of a shared request waits for its turn
	// before it collects the calls that arrived meanwhile.
	pacer transport.Pacer
	// budget is the budget file shared with the account's other processes on this machine, nil when none; the bulk
	// create claims its e-mails beside it (contacts_claims_shared.go).
	budget *transport.SharedBudget
	// clock is the client's clock, the chain's too.
	clock transport.Clock

	// redact removes the credentials from server text in errors (transport.Redactor).
	redact transport.Redactor

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

// fillClock is the clock the shared requests' fill waits run on (coalesce.Fill).
func (c *Client) fillClock() coalesce.Clock {
	return coalesce.Clock{Now: c.clock.Now, Timer: c.clock.Timer}
}

// New validates cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	return newClient(cfg, transport.RealClock)
}

func newClient(cfg Config, clk transport.Clock) (*Client, error) {
	tc, err := chainConfig(cfg)
	if err != nil {
		return nil, err
	}
	tc.Clock = clk
	chain := transport.New(tc)
	c := &Client{base: tc.BaseURL, chain: chain, retry: chain.Retry(), pacer: chain.Pacer(), budget: chain.Budget(),
		clock: clk, redact: chain.Redactor()}
	c.reads.groups.now = clk.Now // group snapshots age on the client's clock (contact_group_snapshot.go)
	return c, nil
}

// chainConfig checks cfg and resolves its defaults into the transport chain's settings.
func chainConfig(cfg Config) (transport.Config, error) {
	u, err := parseBaseURL(cfg.BaseURL)
	if err != nil {
		return transport.Config{}, err
	}
	if cfg.APIKey == "" || cfg.AuthCode == "" {
		return transport.Config{}, errors.New("HappyFox API key and auth code are both required")
	}
	if strings.Contains(cfg.APIKey, ":") {
		// Basic auth would split the username at the colon.
		return transport.Config{}, errors.New("HappyFox API key must not contain ':'")
	}
	if hasControl(cfg.APIKey) || hasControl(cfg.AuthCode) || hasControl(cfg.UserAgent) {
		return transport.Config{}, errors.New("HappyFox API key, auth code and user agent must not contain control characters")
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.GetRequestsPerMinute < 0 || cfg.WriteRequestsPerMinute < 0 {
		return transport.Config{}, errors.New("requests per minute must not be negative")
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
			return transport.Config{}, fmt.Errorf("%s must not be negative", d.n)
		}
		if *d.v == 0 {
			*d.v = d.def
		}
	}
	if cfg.RetryWaitMin > cfg.RetryWaitMax {
		return transport.Config{}, fmt.Errorf("minimum retry wait (%s) exceeds maximum retry wait (%s)", cfg.RetryWaitMin, cfg.RetryWaitMax)
	}

	base := cfg.Transport
	if base == nil {
		base = http.DefaultTransport
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			base = dt.Clone()
		}
	}
	return transport.Config{
		BaseURL: u, APIKey: cfg.APIKey, AuthCode: cfg.AuthCode, UserAgent: cfg.UserAgent,
		GetRequestsPerMinute: cfg.GetRequestsPerMinute, WriteRequestsPerMinute: cfg.WriteRequestsPerMinute,
		MaxRetries: cfg.MaxRetries, RequestTimeout: cfg.RequestTimeout, RateLimitMaxWait: cfg.RateLimitMaxWait,
		RetryWaitMin: cfg.RetryWaitMin, RetryWaitMax: cfg.RetryWaitMax, DefaultLockout: cfg.DefaultLockout,
		Base: base, Logger: cfg.Logger, SharedBudgetDir: cfg.SharedBudgetDir,
	}, nil
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
	resp, err := c.chain.RoundTrip(req)
	if err != nil {
		return nil, c.redact.Err(fixErrorPath(err, method, rel))
	}
	defer resp.Body.Close()
	data, err := transport.ReadAnswer(resp.Body)
	if err != nil {
		err = fmt.Errorf("reading HappyFox %s %s response (HTTP %d): %w", method, rel, resp.StatusCode, err)
		err = c.redact.Err(err)
		if resp.StatusCode < 300 && !transport.Idempotent(ctx, method) {
			// The server carried the request out but we lost its answer.
			return nil, &AmbiguousError{Method: method, Path: rel, Err: err}
		}
		return nil, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		c.server.sawAnswer(resp.Header)
		if g := transport.GarbledAnswer(method, resp, data); g != nil && !transport.Idempotent(ctx, method) {
			// A write that is not safe to repeat, answered with something that is not HappyFox's answer: whether
			// HappyFox carried it out is unknown, and the caller settles it by looking, as for a lost answer.
			// (One that is safe to repeat was retried by the chain's retry layer, transport/retry.go.)
			return nil, &AmbiguousError{Method: method, Path: rel, Err: c.redact.Err(g)}
		}
		return data, nil
	}
	apiErr := newAPIError(method, rel, resp.StatusCode, data, resp.Header)
	// Whatever the server echoed (the Authorization header, the key, the code), no error text carries it.
	redactAPIError(c.redact, apiErr)
	if resp.StatusCode >= 500 && !transport.Idempotent(ctx, method) {
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
