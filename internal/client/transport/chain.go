// Package transport is the client's HTTP layer: the chain of http.RoundTrippers every HappyFox request goes
// through, and what only that chain needs. It knows HTTP and HappyFox's rules for requests (§1: auth, rate limits,
// what is safe to repeat), never an object of the API: the typed calls, their decoding and the caches above them
// are the client's (internal/client).
//
// The chain, outermost first:
//
//	logTransport → serialTransport → retryTransport → limitTransport → timeoutTransport → authTransport → base
//
// Each layer has its files:
//   - log.go, logger.go: one debug line per logical request, bodies at trace, through the caller's Logger, every
//     text redacted (redact.go); purpose.go tags each request with what it is for;
//   - serial.go: one request at a time per HappyFox object;
//   - retry.go: what is safe to repeat is retried (idempotent requests, and garbled answers to them:
//     garbled_answers.go), and HappyFox's 429 lockout is waited out; retry_policy.go gives the same policy to the
//     client's own settling of unknown outcomes;
//   - limit.go, limit_prepaid.go, adaptive_pacing.go: the client-side pacing of GETs and writes, turns taken ahead
//     (Pacer), and what a lockout the pacing did not predict teaches (with the Notices that say so);
//     shared_budget*.go: the budget shared with the account's other processes on this machine, under a flock;
//   - timeout.go: each attempt's own timeout, and attempts abandoned, not cut off;
//   - auth.go: the credentials and the User-Agent.
//
// The errors the chain produces are errors.go's (an unknown outcome, a lockout longer than the wait allowed, a
// request never sent) and timeout.go's (an attempt that timed out).
//
// Imports go one way: internal/client imports this package; this package imports nothing of internal/client
// (depguard keeps it so, .golangci.yml).
package transport

import (
	"net/http"
	"net/url"
	"time"
)

// Config is the chain's settings, every one resolved (the client applies its defaults and checks them first).
type Config struct {
	BaseURL   *url.URL // normalized, with a trailing slash: its path is the objects' prefix, it names the budget file
	APIKey    string
	AuthCode  string
	UserAgent string

	GetRequestsPerMinute   int
	WriteRequestsPerMinute int
	MaxRetries             int // retries after the first attempt; 0: none

	RequestTimeout   time.Duration
	RateLimitMaxWait time.Duration // 0: fail at once
	RetryWaitMin     time.Duration
	RetryWaitMax     time.Duration
	DefaultLockout   time.Duration

	Base            http.RoundTripper // the transport the chain ends in
	Logger          Logger            // nil: no logging
	SharedBudgetDir string            // "": this client paces alone
	Clock           Clock
}

// Chain is the transport chain of one client, and the handles the client's calls use beside it.
type Chain struct {
	base    *url.URL
	rt      http.RoundTripper
	retry   *retryTransport
	limit   *limitTransport
	notices *notices
	redact  Redactor
}

// New builds the chain.
func New(cfg Config) *Chain {
	var rt http.RoundTripper = &authTransport{next: cfg.Base, username: cfg.APIKey, password: cfg.AuthCode, userAgent: cfg.UserAgent}
	rt = &timeoutTransport{next: rt, timeout: cfg.RequestTimeout, grace: abandonGrace(cfg.RequestTimeout)}
	pacer := newLimitTransport(rt, cfg.GetRequestsPerMinute, cfg.WriteRequestsPerMinute, cfg.Clock)
	rt = pacer
	box := &notices{}
	pacer.notices = box
	if cfg.SharedBudgetDir != "" {
		pacer.shared = newSharedBudget(cfg.SharedBudgetDir, cfg.BaseURL.String(), cfg.GetRequestsPerMinute, cfg.WriteRequestsPerMinute, box)
	}
	red := NewRedactor(cfg.APIKey, cfg.AuthCode)
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
		clock:          cfg.Clock,
	}
	pacer.lockedUntil = retry.lockedUntil
	rt = newSerialTransport(retry, cfg.BaseURL.Path)
	rt = &logTransport{next: rt, log: sink, now: cfg.Clock.Now}
	return &Chain{base: cfg.BaseURL, rt: rt, retry: retry, limit: pacer, notices: box, redact: red}
}

// RoundTrip sends req through the chain.
func (c *Chain) RoundTrip(req *http.Request) (*http.Response, error) { return c.rt.RoundTrip(req) }

// Retry is the retry layer's policy, for the callers that settle an unknown outcome by looking.
func (c *Chain) Retry() RetryPolicy { return RetryPolicy{c.retry} }

// Pacer takes turns at the pacing ahead of a request.
func (c *Chain) Pacer() Pacer { return c.limit }

// Budget is the budget file shared with the account's other processes on this machine, nil when there is none.
func (c *Chain) Budget() *SharedBudget { return c.limit.shared }

// Redactor removes the credentials from text.
func (c *Chain) Redactor() Redactor { return c.redact }

// TakeNotices returns the notices raised since the last call, each once.
func (c *Chain) TakeNotices() []Notice { return c.notices.take() }
