package transport

import (
	"context"
	"time"
)

// RetryPolicy is the retry layer's policy (retry.go) as the callers above the chain use it: a write
// whose outcome is unknown is settled by looking (CreateVerified, the bulk create, a membership change answered
// with something that is not a result list), and the look waits a retry backoff first, on the client's clock, and
// sends again at most MaxRetries times, as the retry layer does with what is safe to repeat.
type RetryPolicy struct{ t *retryTransport }

// Backoff is the wait before retry n (1-based): full jitter over the configured retry waits.
func (p RetryPolicy) Backoff(n int) time.Duration { return p.t.backoff(n, 0) }

// Sleep waits d on the client's clock, or until ctx is done.
func (p RetryPolicy) Sleep(ctx context.Context, d time.Duration) error {
	return p.t.clock.Sleep(ctx, d)
}

// MaxRetries is Config.MaxRetries as resolved (0 for NoRetries).
func (p RetryPolicy) MaxRetries() int { return p.t.maxRetries }

// Debug writes a debug line to the client's log, redacted (logger.go).
func (p RetryPolicy) Debug(ctx context.Context, msg string, fields map[string]any) {
	p.t.log.debug(ctx, msg, fields)
}
