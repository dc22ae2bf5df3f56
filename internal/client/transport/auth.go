package transport

import "net/http"

// authTransport adds HTTP Basic credentials (§1 Auth, H: username = API key,
// password = auth code) and the User-Agent. It clones the request, since a
// RoundTripper must not modify the caller's request.
type authTransport struct {
	next               http.RoundTripper
	username, password string
	userAgent          string
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.SetBasicAuth(t.username, t.password)
	if t.userAgent != "" {
		r.Header.Set("User-Agent", t.userAgent)
	}
	return t.next.RoundTrip(r)
}
