package happyfoxsim

import (
	"crypto/subtle"
	"net/http"
)

// authorized checks HTTP Basic auth: user = API key, password = auth code
// (§1 Auth, H). A failure answers 401 with WWW-Authenticate: Basic
// realm="API" (§1, M from OLD) and {"error": msgUnauthorized} (body "?").
func (s *Server) authorized(r *http.Request) bool {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return false
	}
	u := subtle.ConstantTimeCompare([]byte(user), []byte(s.opts.APIKey))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(s.opts.AuthCode))
	return u&p == 1
}
