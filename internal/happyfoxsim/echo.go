package happyfoxsim

import (
	"encoding/json"
	"net/http"
)

// answer writes rep, first shaping it as the assumptions a say (assumed_answers.go) and making a 4xx answer
// echo the request's credentials when Faults.EchoCredentials is on (see there).
func (s *Server) answer(w http.ResponseWriter, r *http.Request, a Assumptions, rep *reply) {
	rep = s.shape(a, rep)
	if a.RateLimitHeaders == "present" {
		h := rep.header.Clone()
		if h == nil {
			h = http.Header{}
		}
		for k, v := range s.lim.headers(countsAsGet(r.Method, a), a) {
			h[k] = v
		}
		rep.header = h
	}
	s.flt.mu.Lock()
	echo := s.flt.f.EchoCredentials
	s.flt.mu.Unlock()
	if echo && rep.status >= 400 && rep.status < 500 {
		rep = echoCredentials(r, rep)
	}
	s.write(w, rep)
}

// echoCredentials returns a copy of rep whose JSON body also carries the request's Authorization header and
// the key and code decoded from it. The original error stays under "error", so the answer still reads as the
// same error.
func echoCredentials(r *http.Request, rep *reply) *reply {
	auth := r.Header.Get("Authorization")
	user, pass, _ := r.BasicAuth()
	orig := rep.body
	if rep.raw != nil {
		orig = string(rep.raw)
	} else if m, ok := rep.body.(map[string]any); ok {
		orig = m["error"]
	}
	if orig == nil {
		// Re-marshal whatever the handler built, so that nothing is lost.
		b, _ := json.Marshal(rep.body)
		orig = string(b)
	}
	body := map[string]any{
		"error":   orig,
		"message": "Request headers: Authorization: " + auth,
		"detail":  "api_key=" + user + " auth_code=" + pass,
		"errors":  []map[string]any{{"field": "api_key", "errors": []string{"Invalid key " + user + " (code " + pass + ")"}}},
	}
	out := &reply{status: rep.status, body: body, header: rep.header}
	return out
}
