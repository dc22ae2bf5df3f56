package transport

import (
	"errors"
	"fmt"
	"time"
)

// AmbiguousError reports a request, normally a POST, whose outcome is
// unknown: it may or may not have been carried out (5xx, timeout or a
// connection lost after the request was sent). Callers that create objects
// should look the object up before trying again.
type AmbiguousError struct {
	Method, Path string
	Err          error
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("HappyFox %s %s: the request may or may not have been carried out: %v", e.Method, e.Path, e.Err)
}

func (e *AmbiguousError) Unwrap() error { return e.Err }

// RateLimitError is returned when HappyFox's rate-limit lockout (HTTP 429,
// docs/dev/happyfox-api.md §1.3: "keeps getting 429 for the next 10 minutes") would
// last longer than Config.RateLimitMaxWait.
type RateLimitError struct {
	RetryAt      time.Time // when the lockout is expected to end
	Method, Path string
	// Estimated is set when HappyFox did not say when the lockout ends (no Retry-After): RetryAt then assumes
	// the documented 10 minutes (Config.DefaultLockout).
	Estimated bool
}

func (e *RateLimitError) Error() string {
	until := "until " + e.RetryAt.UTC().Format("15:04:05 MST")
	if e.Estimated {
		until = "until about " + e.RetryAt.UTC().Format("15:04:05 MST") + " (an estimate: HappyFox did not say when " +
			"the lockout ends, so the provider assumes its documented 10 minutes)"
	}
	return fmt.Sprintf("HappyFox rate limit exceeded (HTTP 429) on %s %s: the account is locked out %s, longer than "+
		"the configured maximum wait", e.Method, e.Path, until)
}

// notSentError marks an error raised before the request left the client, so
// the retry layer never reports it as ambiguous.
type notSentError struct{ err error }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }

// NotSent marks err as raised before the request left the client: nothing of it reached HappyFox.
func NotSent(err error) error { return &notSentError{err: err} }

// IsNotSent reports an error marked by NotSent.
func IsNotSent(err error) bool {
	var ns *notSentError
	return errors.As(err, &ns)
}
