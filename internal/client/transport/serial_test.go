package transport

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestObjectKey(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/api/1.1/json/contact_group/5/", "contact_group/5"},
		{"/api/1.1/json/contact_group/5/update_contacts/", "contact_group/5"},
		{"/api/1.1/json/contact_group/5/delete_contacts/", "contact_group/5"},
		{"/api/1.1/json/user/7/", "user/7"},
		{"/api/1.1/json/user/Ann@Example.com/", "user/ann@example.com"},
		{"/api/1.1/json/asset/9/", "asset/9"},
		{"/api/1.1/json/ticket_custom_field/3/", "ticket_custom_field/3"},
		{"/api/1.1/json/asset_custom_fields/4/", "asset_custom_field/4"},
		{"/api/1.1/json/asset_custom_field/4/", "asset_custom_field/4"},
		{"/api/1.1/json/users/", ""},
		{"/api/1.1/json/assets/", ""},
		{"/api/1.1/json/contact_groups/", ""},
		{"/api/1.1/json/", ""},
		{"/elsewhere/user/7/", ""},
	}
	for _, tt := range tests {
		if got := objectKey("/api/1.1/json/", tt.path); got != tt.want {
			t.Errorf("objectKey(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// gate is a fake next transport whose calls block until released.
type gate struct {
	entered chan string
	release map[string]chan struct{}
}

func newGate(paths ...string) *gate {
	g := &gate{entered: make(chan string, 10), release: map[string]chan struct{}{}}
	for _, p := range paths {
		g.release[p] = make(chan struct{})
	}
	return g
}

func (g *gate) RoundTrip(r *http.Request) (*http.Response, error) {
	g.entered <- r.URL.Path
	select {
	case <-g.release[r.URL.Path]:
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	return mkResp(r, 200, "{}"), nil
}

func expectEntered(t *testing.T, g *gate, want string) {
	t.Helper()
	select {
	case p := <-g.entered:
		if p != want {
			t.Fatalf("entered %s, want %s", p, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s never reached the next transport", want)
	}
}

func sendAsync(t *testing.T, rt http.RoundTripper, ctx context.Context, method, path string) <-chan error {
	ch := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, method, "http://127.0.0.1"+path, nil)
		resp, err := rt.RoundTrip(req)
		if err == nil {
			resp.Body.Close()
		}
		ch <- err
	}()
	return ch
}

func TestSerialSameObjectNeverOverlaps(t *testing.T) {
	a, b := "/api/1.1/json/contact_group/5/", "/api/1.1/json/contact_group/5/update_contacts/"
	g := newGate(a, b)
	st := newSerialTransport(g, "/api/1.1/json/")
	ctx := context.Background()

	errA := sendAsync(t, st, ctx, http.MethodPost, a)
	expectEntered(t, g, a)
	errB := sendAsync(t, st, ctx, http.MethodPost, b)
	// B is registered as a waiter on the same key...
	waitFor(t, func() bool { return st.locks.refs("contact_group/5") == 2 })
	// ...and cannot have entered: A still holds the lock.
	select {
	case p := <-g.entered:
		t.Fatalf("%s overlapped with %s", p, a)
	default:
	}
	close(g.release[a])
	if err := <-errA; err != nil {
		t.Fatal(err)
	}
	expectEntered(t, g, b)
	close(g.release[b])
	if err := <-errB; err != nil {
		t.Fatal(err)
	}
	if n := st.locks.size(); n != 0 {
		t.Fatalf("%d lock entries left behind", n)
	}
}

func TestSerialDifferentObjectsOverlap(t *testing.T) {
	paths := []string{"/api/1.1/json/contact_group/5/", "/api/1.1/json/contact_group/6/", "/api/1.1/json/users/", "/api/1.1/json/user/5/"}
	g := newGate(paths...)
	st := newSerialTransport(g, "/api/1.1/json/")
	var errs []<-chan error
	for _, p := range paths {
		errs = append(errs, sendAsync(t, st, context.Background(), http.MethodGet, p))
		// Each one enters while all earlier ones are still held.
		expectEntered(t, g, p)
	}
	for _, p := range paths {
		close(g.release[p])
	}
	for _, e := range errs {
		if err := <-e; err != nil {
			t.Fatal(err)
		}
	}
	if n := st.locks.size(); n != 0 {
		t.Fatalf("%d lock entries left behind", n)
	}
}

func TestSerialCollectionPathsNotSerialized(t *testing.T) {
	p := "/api/1.1/json/users/"
	g := newGate(p)
	st := newSerialTransport(g, "/api/1.1/json/")
	e1 := sendAsync(t, st, context.Background(), http.MethodGet, p)
	expectEntered(t, g, p)
	e2 := sendAsync(t, st, context.Background(), http.MethodGet, p)
	expectEntered(t, g, p)
	close(g.release[p])
	for _, e := range []<-chan error{e1, e2} {
		if err := <-e; err != nil {
			t.Fatal(err)
		}
	}
}

func TestSerialHeldUntilBodyClosed(t *testing.T) {
	st := newSerialTransport(rtFunc(func(r *http.Request) (*http.Response, error) { return mkResp(r, 200, "{}"), nil }), "/api/1.1/json/")
	req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1/api/1.1/json/asset/9/", nil)
	resp, err := st.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	if st.locks.refs("asset/9") != 1 {
		t.Fatal("lock released before the body was closed")
	}
	resp.Body.Close()
	resp.Body.Close() // idempotent
	if st.locks.size() != 0 {
		t.Fatal("lock not released on Close")
	}
}

func TestSerialWaitHonoursContext(t *testing.T) {
	a := "/api/1.1/json/asset/9/"
	g := newGate(a)
	st := newSerialTransport(g, "/api/1.1/json/")
	errA := sendAsync(t, st, context.Background(), http.MethodPut, a)
	expectEntered(t, g, a)
	ctx, cancel := context.WithCancel(context.Background())
	errB := sendAsync(t, st, ctx, http.MethodPut, a)
	waitFor(t, func() bool { return st.locks.refs("asset/9") == 2 })
	cancel()
	if err := <-errB; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if st.locks.refs("asset/9") != 1 {
		t.Fatal("cancelled waiter still counted")
	}
	close(g.release[a])
	if err := <-errA; err != nil {
		t.Fatal(err)
	}
	if st.locks.size() != 0 {
		t.Fatal("entries left")
	}
}
