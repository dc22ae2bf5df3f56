package transport

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// The chain reports a timed-out attempt as a TimeoutError inside the AmbiguousError, which is how the client's
// CreateVerified tells it from a failure HappyFox answered.
func TestTimedOutPostIsMarkedAsTimeout(t *testing.T) {
	block := rtFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	rt := newTestRetry(&timeoutTransport{timeout: 5 * time.Millisecond, next: block}, newFakeClock())
	_, err := rt.RoundTrip(newBodyReq(t, context.Background(), http.MethodPost, "{}"))
	if !isAmbiguous(err) || !IsAttemptTimeout(err) {
		t.Fatalf("err = %v", err)
	}
	_, err = newTestRetry(rtFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("connection reset") }), newFakeClock()).
		RoundTrip(newBodyReq(t, context.Background(), http.MethodPost, "{}"))
	if !isAmbiguous(err) || IsAttemptTimeout(err) {
		t.Fatalf("a reset connection is not a timeout: %v", err)
	}
}
