package happyfoxsim

import (
	"encoding/json"
	"net/http"
	"slices"
	"sync"
)

// GarbledBody is the kind of body a garbled answer carries: what a 200 that is not HappyFox's JSON looks like
// when it comes from a web application firewall's challenge page, a captive proxy or a connection cut short.
type GarbledBody string

// The garbled bodies.
const (
	GarbledHTML      GarbledBody = "html"      // a challenge page, text/html
	GarbledTruncated GarbledBody = "truncated" // the first half of the real JSON answer
	GarbledEmpty     GarbledBody = "empty"     // no body at all, Content-Length 0
	GarbledNull      GarbledBody = "null"      // the JSON literal null
)

// GarbledBodies lists every kind, for tests that go through each.
var GarbledBodies = []GarbledBody{GarbledHTML, GarbledTruncated, GarbledEmpty, GarbledNull}

// GarbledAnswers answers requests with HTTP 200 and a body that is not the JSON HappyFox sends. Routes are route
// keys ("POST /users/", "POST /contact_group/{id}/update_contacts/", ...); each listed route gets Count such
// answers (0 means 1), then the fault disarms for it. With BeforeProcessing the request is not carried out (a
// firewall answered in HappyFox's place); otherwise HappyFox carries it out and only its answer is garbled.
// Counted in Stats.GarbledAnswers.
type GarbledAnswers struct {
	Routes           []string
	Body             GarbledBody
	Count            int
	BeforeProcessing bool
}

type garbledState struct {
	mu     sync.Mutex
	armed  map[string]int // route key → answers still to garble
	body   GarbledBody
	before bool
}

// GarbleAnswers arms the fault (thread-safe, at runtime); a zero GarbledAnswers disarms it.
func (s *Server) GarbleAnswers(g GarbledAnswers) {
	s.garbled.mu.Lock()
	defer s.garbled.mu.Unlock()
	n := max(g.Count, 1)
	s.garbled.armed = map[string]int{}
	for _, r := range slices.Compact(slices.Sorted(slices.Values(g.Routes))) {
		s.garbled.armed[r] = n
	}
	s.garbled.body, s.garbled.before = g.Body, g.BeforeProcessing
}

// take reports whether the next answer on route key is garbled, and how, counting it down.
func (g *garbledState) take(key string, beforeProcessing bool) (GarbledBody, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.before != beforeProcessing || g.armed[key] <= 0 {
		return "", false
	}
	g.armed[key]--
	return g.body, true
}

// garble renders rep (the real answer, or nil before processing) as a garbled 200.
func garble(kind GarbledBody, rep *reply) *reply {
	switch kind {
	case GarbledHTML:
		page := "<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>\n<body><h1>Checking your browser " +
			"before accessing the site.</h1><noscript>Enable JavaScript and cookies to continue.</noscript></body></html>\n"
		return &reply{status: http.StatusOK, raw: []byte(page), ctype: "text/html; charset=UTF-8"}
	case GarbledEmpty:
		return &reply{status: http.StatusOK, raw: []byte{}, ctype: "application/json"}
	case GarbledNull:
		return &reply{status: http.StatusOK, raw: []byte("null"), ctype: "application/json"}
	default: // truncated
		b := []byte(`{"id": 1, "name": "`)
		if rep != nil && rep.raw == nil {
			if full, err := json.Marshal(rep.body); err == nil && len(full) > 1 {
				b = full[:len(full)/2]
			}
		}
		return &reply{status: http.StatusOK, raw: b, ctype: "application/json"}
	}
}
