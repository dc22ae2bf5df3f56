package happyfoxsim

import (
	"math/rand"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// Faults configures fault injection. Rates are probabilities in [0,1]; the
// three failure kinds are drawn from one uniform number, so they are
// mutually exclusive (ErrorRate 0.5 + DropRate 0.5 fails every request).
// Faults never apply to requests rejected by auth or rate limiting, nor to
// unrouted paths. Injected failures count in Stats.Faults and per route.
type Faults struct {
	// ErrorRate answers 500, 502 or 503 without processing. The bodies are
	// HTML pages (Django's 500 page, nginx's 502/503), not JSON, as a proxy
	// in front of the real service would produce.
	ErrorRate float64
	// DropRate hijacks and closes the connection without answering; the
	// request is not processed.
	DropRate float64
	// ProcessedThenFailRate processes the request fully (e.g. really creates
	// the object), then drops the connection or answers 502.
	ProcessedThenFailRate float64
	// ProcessedThenFailMode: "" picks drop or 502 at random (seeded),
	// "drop" always drops, "status" always answers 502.
	ProcessedThenFailMode string
	// SlowRate adds SlowLatency to that share of requests.
	SlowRate    float64
	SlowLatency time.Duration
	// Latency is added to every (in-scope) request.
	Latency time.Duration
	// Routes limits all of the above, Latency included, to these routes.
	// Entries are route keys such as "POST /users/" or
	// "GET /contact_group/{id}/", or a bare pattern such as "/users/" for
	// every method. Empty means every route.
	Routes []string
	// Seed seeds the deterministic math/rand source (reset by SetFaults).
	Seed int64

	// EchoCredentials makes every 4xx answer (400, 401, 404, 405, 409, 429) echo what the request
	// authenticated with, as a debugging proxy or a careless server might: the Authorization header, and the
	// API key and auth code decoded from it, in the JSON error body's "message" and "detail" and in a
	// per-field error. It is independent of Routes and of the rates above.
	EchoCredentials bool
}

type faultKind int

const (
	faultNone faultKind = iota
	faultError
	faultDrop
	faultProcessedThenFail
)

type faultDecision struct {
	kind      faultKind
	delay     time.Duration
	status    int  // for faultError
	dropAfter bool // for faultProcessedThenFail
	slow      bool
}

type faultInjector struct {
	mu  sync.Mutex
	f   Faults
	rng *rand.Rand
}

func (fi *faultInjector) setFaults(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f.Routes = slices.Clone(f.Routes)
	fi.f = f
	fi.rng = rand.New(rand.NewSource(f.Seed))
}

// SetFaults replaces the fault configuration (thread-safe, at runtime).
func (s *Server) SetFaults(f Faults) { s.flt.setFaults(f) }

func (fi *faultInjector) inScope(rt *route) bool {
	if len(fi.f.Routes) == 0 {
		return true
	}
	for _, p := range fi.f.Routes {
		p = strings.TrimSpace(p)
		if p == rt.key {
			return true
		}
		if strings.HasPrefix(p, "/") && p == "/"+rt.pattern {
			return true
		}
	}
	return false
}

func (fi *faultInjector) decide(rt *route) faultDecision {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := fi.f
	if !fi.inScope(rt) {
		return faultDecision{}
	}
	d := faultDecision{delay: f.Latency}
	if f.ErrorRate+f.DropRate+f.ProcessedThenFailRate > 0 {
		x := fi.rng.Float64()
		switch {
		case x < f.ErrorRate:
			d.kind = faultError
			d.status = []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[fi.rng.Intn(3)]
		case x < f.ErrorRate+f.DropRate:
			d.kind = faultDrop
		case x < f.ErrorRate+f.DropRate+f.ProcessedThenFailRate:
			d.kind = faultProcessedThenFail
			switch f.ProcessedThenFailMode {
			case "drop":
				d.dropAfter = true
			case "status":
			default:
				d.dropAfter = fi.rng.Intn(2) == 0
			}
		}
	}
	if f.SlowRate > 0 && fi.rng.Float64() < f.SlowRate {
		d.delay += f.SlowLatency
		d.slow = true
	}
	return d
}

func faultPage(status int) *reply {
	var page string
	switch status {
	case http.StatusBadGateway:
		page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	case http.StatusServiceUnavailable:
		page = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
	default:
		page = "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n"
	}
	return &reply{status: status, raw: []byte(page), ctype: "text/html; charset=utf-8"}
}

// dropConnection closes the connection without an answer. With HTTP/1 it
// hijacks and closes the socket; otherwise (HTTP/2, recorders) it aborts the
// handler with http.ErrAbortHandler, which the server turns into a reset.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
