package client

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// slowObjects is a HappyFox stand-in that, like HappyFox, carries a request out whatever the client does after
// sending it (the handler runs to its end after the client gave up), answers 409 to a request on an object
// while another request on it is still running, and answers the first requests slowly.
type slowObjects struct {
	mu        sync.Mutex
	inFlight  map[string]int
	conflicts atomic.Int32
	slow      atomic.Int32 // how many of the next requests are slow
	delay     time.Duration
}

func newSlowObjects(slow int32, delay time.Duration) *slowObjects {
	s := &slowObjects{inFlight: map[string]int{}, delay: delay}
	s.slow.Store(slow)
	return s
}

// enter marks key busy, or reports a conflict (409) when it already is.
func (s *slowObjects) enter(w http.ResponseWriter, key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inFlight[key] > 0 {
		s.conflicts.Add(1)
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write([]byte(`{"error": "Another request on this object is in progress."}`))
		return false
	}
	s.inFlight[key]++
	return true
}

func (s *slowObjects) leave(key string) {
	s.mu.Lock()
	s.inFlight[key]--
	s.mu.Unlock()
}

// work models HappyFox's processing time: slow for the first requests (longer than the client's timeout).
func (s *slowObjects) work() {
	if s.slow.Add(-1) >= 0 {
		time.Sleep(s.delay)
	}
}

func slowClient(api *fakeAPI) *Client {
	return api.client(func(c *Config) { c.RequestTimeout = 100 * time.Millisecond; c.MaxRetries = 3 })
}

// A PUT whose attempt times out is retried only once the abandoned attempt has ended at HappyFox: the retry
// never overlaps it, so HappyFox never answers 409.
func TestRetryNeverOverlapsAnAbandonedAttempt(t *testing.T) {
	api := newFakeAPI(t)
	srv := newSlowObjects(1, 500*time.Millisecond)
	var puts atomic.Int32
	api.on("PUT", "asset/5/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		puts.Add(1)
		if !srv.enter(w, "asset/5") {
			return
		}
		defer srv.leave("asset/5")
		srv.work()
		_, _ = w.Write([]byte(`{"id": 5, "name": "a", "display_id": "a"}`))
	})
	c := slowClient(api)
	if _, err := c.do(context.Background(), http.MethodPut, "asset/5/", nil, map[string]any{"name": "a"}); err != nil {
		t.Fatalf("PUT failed: %v", err)
	}
	if n := srv.conflicts.Load(); n != 0 {
		t.Fatalf("HappyFox answered %d × 409: a retry overlapped the abandoned attempt", n)
	}
	if n := puts.Load(); n != 2 {
		t.Fatalf("%d PUTs, want 2 (the slow one, abandoned, and its retry)", n)
	}
}

// After a request on an object times out and is reported as such (here a create-like POST, never retried), the
// next request on the same object waits until the abandoned one has ended.
func TestNextRequestOnObjectWaitsForAnAbandonedOne(t *testing.T) {
	api := newFakeAPI(t)
	srv := newSlowObjects(1, 500*time.Millisecond)
	handler := func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		if !srv.enter(w, "user/7") {
			return
		}
		defer srv.leave("user/7")
		srv.work()
		_, _ = w.Write([]byte(`{"id": 7, "name": "n", "email": "n@example.com"}`))
	}
	api.on("POST", "user/7/", handler)
	api.on("GET", "user/7/", handler)
	c := slowClient(api)
	_, err := c.do(context.Background(), http.MethodPost, "user/7/", nil, map[string]any{"phones": []any{}})
	if !IsAmbiguous(err) || !transport.IsAttemptTimeout(err) {
		t.Fatalf("err = %v, want a timed-out, ambiguous POST", err)
	}
	if _, err := c.do(context.Background(), http.MethodGet, "user/7/", nil, nil); err != nil {
		t.Fatalf("GET after the abandoned POST: %v", err)
	}
	if n := srv.conflicts.Load(); n != 0 {
		t.Fatalf("HappyFox answered %d × 409: the GET overlapped the abandoned POST", n)
	}
}

// A create that times out is carried out by HappyFox after the client gave up. The lookup waits for the
// abandoned request to end, finds the asset and adopts it: one asset, never a second create, no advice to apply
// again blindly.
func TestCreateVerifiedLooksUpOnlyAfterTheAbandonedCreateEnded(t *testing.T) {
	api := newFakeAPI(t)
	srv := newSlowObjects(1, 500*time.Millisecond)
	var mu sync.Mutex
	var stored []string
	var posts atomic.Int32
	api.on("POST", "assets/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		posts.Add(1)
		srv.work()
		const asset = `{"id": 31, "display_id": "ACM-1", "name": "Acme", "asset_type": 2, "created_by": 1}`
		mu.Lock()
		stored = append(stored, asset)
		mu.Unlock()
		_, _ = w.Write([]byte(asset))
	})
	api.on("GET", "assets/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		mu.Lock()
		defer mu.Unlock()
		_, _ = w.Write([]byte(`{"page_info": {"count": ` + itoa(int64(len(stored))) + `}, "data": [` + strings.Join(stored, ",") + `]}`))
	})
	c := slowClient(api)
	name, display := "Acme", "ACM-1"
	in := AssetInput{Name: &name, DisplayID: &display, ActingStaffID: 1}
	a, err := CreateVerified(context.Background(), c,
		func(ctx context.Context) (*Asset, error) { return c.CreateAsset(ctx, 2, in) },
		func(ctx context.Context) (*Asset, error) {
			found, err := c.CreatedAssetCandidates(ctx, 2, in)
			if err != nil || len(found) != 1 {
				return nil, err
			}
			return &found[0], nil
		})
	if err != nil || a == nil || a.ID != 31 {
		t.Fatalf("got %+v, %v; want the asset HappyFox created after the timeout (id 31) adopted", a, err)
	}
	if n := posts.Load(); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
}

// The advice after a timed-out create whose lookup found nothing must not lead to a duplicate.
func TestTimedOutCreateAdviceDoesNotInviteADuplicate(t *testing.T) {
	fc := newFakeClock()
	c := verifiedTestClient(t, fc)
	timedOut := &AmbiguousError{Method: http.MethodPost, Path: "assets/", Err: &transport.TimeoutError{After: time.Second, Err: context.DeadlineExceeded}}
	_, err := CreateVerified(context.Background(), c,
		func(context.Context) (*string, error) { return nil, timedOut },
		func(context.Context) (*string, error) { return nil, nil })
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	// The client says what happened in neutral words; the provider's diagnostic adds what to do
	// (TestAccContactGroupTimedOutCreateAdvice).
	for _, want := range []string{"was not sent again", "may still appear in HappyFox"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the error does not say %q:\n%s", want, msg)
		}
	}
	if !IsStillRunning(err) || !IsAmbiguous(err) {
		t.Errorf("the error is not a *StillRunningError wrapping the ambiguous create: %T %v", err, err)
	}
	if strings.Contains(strings.ToLower(msg), "terraform") || strings.Contains(msg, "apply") {
		t.Errorf("the client's error speaks of Terraform:\n%s", msg)
	}
}
