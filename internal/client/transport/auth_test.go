package transport

import (
	"context"
	"net/http"
	"testing"
)

func TestAuthTransport(t *testing.T) {
	var got *http.Request
	at := &authTransport{
		next:     rtFunc(func(r *http.Request) (*http.Response, error) { got = r; return mkResp(r, 200, "{}"), nil }),
		username: testAPIKey, password: testAuthCode, userAgent: "ua/1",
	}
	req := mustReq(t, context.Background(), http.MethodGet, "https://acme.happyfox.com/api/1.1/json/users/", "")
	req.Header.Set("X-Keep", "1")
	if _, err := at.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	u, p, ok := got.BasicAuth()
	if !ok || u != testAPIKey || p != testAuthCode {
		t.Fatalf("basic auth = %q %q %v", u, p, ok)
	}
	if ua := got.Header.Get("User-Agent"); ua != "ua/1" {
		t.Fatalf("User-Agent = %q", ua)
	}
	if got.Header.Get("X-Keep") != "1" {
		t.Fatal("other headers lost")
	}
	if req.Header.Get("Authorization") != "" || req.Header.Get("User-Agent") != "" {
		t.Fatal("caller's request was mutated")
	}
	if got == req {
		t.Fatal("request not cloned")
	}
}
