// Package happyfoxsim is a stateful, thread-safe simulator of the in-scope
// HappyFox Helpdesk REST API v1.1 (contacts, contact groups, assets, custom
// fields and reference lists), written from docs/dev/happyfox-api.md.
// Section numbers (§) in comments refer to that document; H/M/L/? are its
// confidence marks. The simulator imports nothing from the provider or client.
package happyfoxsim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// BasePath is the path prefix every endpoint is served under.
const BasePath = "/api/1.1/json/"

// Default credentials used when Options leaves them empty.
const (
	DefaultAPIKey   = "test-api-key"
	DefaultAuthCode = "test-auth-code"
)

// Options configures a Server. The zero value is a usable default.
type Options struct {
	APIKey, AuthCode string // defaults DefaultAPIKey / DefaultAuthCode when empty

	// GetLimit and WriteLimit are requests per LimitWindow. 0 means the
	// default (500 / 300, §1.3 H); a negative value means unlimited.
	GetLimit, WriteLimit int
	// LimitWindow (default 1m) and Lockout (default 10m, §1.3 H). A negative
	// Lockout disables the lockout: an overflowing request still gets 429,
	// but only until the window ends.
	LimitWindow, Lockout time.Duration
	// OtherWrites and OtherGets are requests other integrations of the same account make at the start of
	// every window: they use part of GetLimit / WriteLimit, which is per account (§1.3, H).
	OtherWrites, OtherGets int
	// LimitClock drives rate-limit windows and lockouts (default time.Now).
	// It is separate from Now so that freezing timestamps in a test does not
	// freeze a lockout forever.
	LimitClock func() time.Time

	// ObjectHold keeps each request's object busy this much longer (on top of
	// any fault latency) so that overlapping calls are observable.
	ObjectHold time.Duration

	// Assume answers the notes' open questions otherwise than the default (assumptions.go); SetAssumptions
	// changes them at runtime.
	Assume Assumptions

	// Now is the clock for timestamps (default time.Now).
	Now func() time.Time
	// Empty starts with no seed data at all (no staff either).
	Empty bool
}

// Server is the simulator. It implements http.Handler.
type Server struct {
	opts   Options
	now    func() time.Time
	routes []*route

	mu sync.Mutex // guards st
	st state

	lim  limiter
	flt  faultInjector
	cnt  counterSet
	objs objectLocks

	assumed assumptionsBox // assumptions.go
	after   afterFaults    // after_faults.go
	foreign foreignAnswers // foreign_answer.go
	garbled garbledState   // garbled_answers.go
	bulk    bulkState      // guarded by mu (contacts_bulk.go)
}

// New builds a simulator. Unless opts.Empty, it starts with deterministic,
// realistic seed data (see seed.go).
func New(opts Options) *Server {
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if opts.AuthCode == "" {
		opts.AuthCode = DefaultAuthCode
	}
	if opts.GetLimit == 0 {
		opts.GetLimit = 500
	}
	if opts.WriteLimit == 0 {
		opts.WriteLimit = 300
	}
	if opts.LimitWindow <= 0 {
		opts.LimitWindow = time.Minute
	}
	if opts.Lockout == 0 {
		opts.Lockout = 10 * time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LimitClock == nil {
		opts.LimitClock = time.Now
	}
	if err := opts.Assume.validate(); err != nil {
		panic(err)
	}
	s := &Server{opts: opts, now: opts.Now}
	s.assumed.a = opts.Assume
	s.lim = limiter{
		now: opts.LimitClock, window: opts.LimitWindow, lockout: opts.Lockout,
		getLimit: opts.GetLimit, writeLimit: opts.WriteLimit,
		otherGets: opts.OtherGets, otherWrites: opts.OtherWrites,
	}
	s.flt.setFaults(Faults{})
	s.SetForeignAnswer(ForeignAnswer{})
	s.cnt.reset()
	s.objs.m = map[string]*objectUse{}
	s.st.init()
	if !opts.Empty {
		s.st.seed()
	}
	s.routes = buildRoutes()
	return s
}

// BaseURL returns the API base URL for a server root such as httptest's URL.
func BaseURL(root string) string { return strings.TrimSuffix(root, "/") + BasePath }

type handlerFunc func(s *Server, rq *request) *reply

type route struct {
	method  string
	pattern string   // e.g. "contact_group/{id}/update_contacts/"
	key     string   // counter key, e.g. "POST /contact_group/{id}/update_contacts/"
	segs    []string // pattern segments
	kind    string   // object kind for concurrency detection; "" for collections
	h       handlerFunc
}

func (rt *route) write() bool { return rt.method != http.MethodGet }

func (rt *route) match(segs []string) (id string, ok bool) {
	if len(segs) != len(rt.segs) {
		return "", false
	}
	for i, p := range rt.segs {
		if p == "{id}" {
			if segs[i] == "" {
				return "", false
			}
			id = segs[i]
			continue
		}
		if p != segs[i] {
			return "", false
		}
	}
	return id, true
}

func buildRoutes() []*route {
	var rs []*route
	add := func(method, pattern, kind string, h handlerFunc) {
		rs = append(rs, &route{
			method: method, pattern: pattern, key: method + " /" + pattern,
			segs: strings.Split(strings.TrimSuffix(pattern, "/"), "/"), kind: kind, h: h,
		})
	}
	// §2.8 contact groups
	add("GET", "contact_groups/", "", (*Server).listContactGroups)
	add("POST", "contact_groups/", "", (*Server).createContactGroup)
	add("GET", "contact_group/{id}/", "contact_group", (*Server).getContactGroup)
	add("POST", "contact_group/{id}/", "contact_group", (*Server).editContactGroup)
	add("POST", "contact_group/{id}/update_contacts/", "contact_group", (*Server).updateGroupContacts)
	add("POST", "contact_group/{id}/delete_contacts/", "contact_group", (*Server).deleteGroupContacts)
	// §2.1-2.7 contacts
	add("GET", "users/", "", (*Server).listContacts)
	add("POST", "users/", "", (*Server).postUsers)
	add("GET", "user/{id}/", "user", (*Server).getContact)
	add("POST", "user/{id}/", "user", (*Server).updateContact)
	add("GET", "user_custom_fields/", "", (*Server).listUserCustomFields)
	add("GET", "user_custom_field/{id}/", "user_custom_field", (*Server).getUserCustomField)
	// §3 assets
	add("GET", "assets/", "", (*Server).listAssets)
	add("POST", "assets/", "", (*Server).createAsset)
	add("GET", "asset/{id}/", "asset", (*Server).getAsset)
	add("PUT", "asset/{id}/", "asset", (*Server).updateAsset)
	add("DELETE", "asset/{id}/", "asset", (*Server).deleteAsset)
	add("GET", "asset_types/", "", (*Server).listAssetTypes)
	add("GET", "asset_type/{id}/", "asset_type", (*Server).getAssetType)
	add("GET", "asset_custom_fields/", "", (*Server).listAssetCustomFields)
	add("GET", "asset_custom_fields/{id}/", "asset_custom_field", (*Server).getAssetCustomFieldPlural)
	add("GET", "asset_custom_field/{id}/", "asset_custom_field", (*Server).getAssetCustomFieldSingular)
	// §4 ticket custom fields
	add("GET", "ticket_custom_fields/", "", (*Server).listTicketCustomFields)
	add("GET", "ticket_custom_field/{id}/", "ticket_custom_field", (*Server).getTicketCustomField)
	add("PUT", "ticket_custom_field/{id}/", "ticket_custom_field", (*Server).putTicketCustomField)
	// §5 reference lists
	add("GET", "categories/", "", (*Server).listCategories)
	add("GET", "staff/", "", (*Server).listStaff)
	add("GET", "statuses/", "", (*Server).listStatuses)
	// §8 tickets
	ticketRoutes(add)
	return rs
}

// match finds the route for a request path. Documented paths end in "/"; a
// missing trailing slash is tolerated (§1 Trailing slash: "?", hinted by R7
// and the Android SDK) unless trailing-slash=required.
func (s *Server) match(method, path string, a Assumptions) (rt *route, id string, allowed []string) {
	rest, found := strings.CutPrefix(path, BasePath)
	if !found || (a.TrailingSlash == "required" && !strings.HasSuffix(rest, "/")) {
		return nil, "", nil
	}
	rest = strings.TrimSuffix(rest, "/")
	if rest == "" {
		return nil, "", nil
	}
	segs := strings.Split(rest, "/")
	for _, r := range s.routes {
		pid, ok := r.match(segs)
		if !ok {
			continue
		}
		if r.method == method {
			return r, pid, nil
		}
		allowed = append(allowed, r.method)
	}
	return nil, "", allowed
}

// ServeHTTP runs the pipeline: count → auth → rate limit → route → fault
// decision → object lock (concurrency detection) → latency → handler →
// object hold → release → answer (or fail after processing).
//
// Auth is checked BEFORE rate limiting, and 401s do not consume the rate
// budget: the limiter is per account (§1.3 says the global limits override
// per-key throttles) and an unauthenticated caller is not attributable. The
// evidence is "?" either way. Consequently a request with bad credentials
// during a lockout gets 401, not 429.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a := s.assume()
	rt, id, allowed := s.match(r.Method, r.URL.Path, a)
	routeKey := ""
	if rt != nil {
		routeKey = rt.key
	}
	s.cnt.request(routeKey)

	if !s.authorized(r) {
		s.cnt.add(func(st *Stats) { st.Unauthorized++ })
		s.answer(w, r, a, unauthorizedReply(a))
		return
	}
	if allowedNow, wait := s.lim.allow(countsAsGet(r.Method, a), a); !allowedNow {
		s.cnt.add(func(st *Stats) { st.RateLimited++ })
		s.answer(w, r, a, rateLimitedReply(a, wait, s.lim.now()))
		return
	}
	if rt == nil {
		if len(allowed) > 0 {
			rep := errorReply(http.StatusMethodNotAllowed, msgMethod)
			rep.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
			s.answer(w, r, a, rep)
			return
		}
		s.answer(w, r, a, errorReply(http.StatusNotFound, msgNotFound))
		return
	}

	fd := s.flt.decide(rt)
	if fd.slow {
		s.cnt.add(func(st *Stats) { st.Slow++ })
	}
	switch fd.kind {
	case faultError:
		sleep(fd.delay)
		s.cnt.add(func(st *Stats) { st.Faults++; st.FaultErrors++ })
		s.answer(w, r, a, faultPage(fd.status))
		return
	case faultDrop:
		sleep(fd.delay)
		s.cnt.add(func(st *Stats) { st.Faults++; st.FaultDrops++ })
		dropConnection(w)
		return
	}

	if kind, ok := s.garbled.take(rt.key, true); ok {
		s.cnt.add(func(st *Stats) { st.GarbledAnswers++ })
		s.answer(w, r, a, garble(kind, nil))
		return
	}
	body, form, rep := readBody(w, r)
	if rep != nil {
		s.answer(w, r, a, rep)
		return
	}
	rq := &request{http: r, id: id, query: r.URL.Query(), body: body, form: form}

	key := s.objectKey(rt, id)
	if key != "" {
		if !s.objs.acquire(key, rt.write()) {
			s.cnt.add(func(st *Stats) { st.Concurrency++ })
			s.answer(w, r, a, errorReply(http.StatusConflict, msgConcurrent))
			return
		}
	}
	sleep(fd.delay)
	s.mu.Lock()
	s.st.a = a // the assumptions this request is answered under
	rep = rt.h(s, rq)
	rep = s.foreignAnswer(rt, rq, rep)
	rep = s.afterHandler(rt, rep)
	s.mu.Unlock()
	if rep.status == http.StatusOK {
		if kind, ok := s.garbled.take(rt.key, false); ok {
			s.cnt.add(func(st *Stats) { st.GarbledAnswers++ })
			rep = garble(kind, rep)
		}
	}
	if key != "" {
		if rt.write() && rep.status >= 200 && rep.status < 300 {
			s.cnt.add(func(st *Stats) { st.Writes[key]++ })
		}
		sleep(s.opts.ObjectHold)
		s.objs.release(key, rt.write())
	}

	if rep.lose {
		dropConnection(w)
		return
	}
	if fd.kind == faultProcessedThenFail {
		s.cnt.add(func(st *Stats) { st.Faults++; st.FaultProcessedThenFail++ })
		if fd.dropAfter {
			dropConnection(w)
			return
		}
		s.answer(w, r, a, faultPage(http.StatusBadGateway))
		return
	}
	s.answer(w, r, a, rep)
}

func (s *Server) write(w http.ResponseWriter, rep *reply) {
	body, ctype := rep.raw, rep.ctype
	if body == nil {
		b, err := json.Marshal(rep.body)
		if err != nil {
			rep = errorReply(http.StatusInternalServerError, "simulator: cannot encode response: "+err.Error())
			b, _ = json.Marshal(rep.body)
		}
		body, ctype = append(b, '\n'), "application/json"
	}
	h := w.Header()
	for k, vs := range rep.header {
		h[k] = vs
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rep.status)
	_, _ = w.Write(body)
	s.cnt.status(rep.status)
}

// objectKey names the object a request touches: kind + id from the path, so
// /contact_group/5/ and /contact_group/5/update_contacts/ share
// "contact_group/5". A contact addressed by email is resolved to its id so
// /user/a@b.c/ and /user/7/ collide.
func (s *Server) objectKey(rt *route, id string) string {
	if rt.kind == "" {
		return ""
	}
	if rt.kind == "user" {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			s.mu.Lock()
			c := s.st.contactByEmail(id)
			s.mu.Unlock()
			if c != nil {
				return "user/" + strconv.FormatInt(c.ID, 10)
			}
			return "user/" + strings.ToLower(id)
		}
	}
	return rt.kind + "/" + id
}

func sleep(d time.Duration) {
	if d > 0 {
		time.Sleep(d)
	}
}

// pathID parses a numeric id from the path.
func pathID(rq *request) (int64, bool) {
	id, err := strconv.ParseInt(rq.id, 10, 64)
	return id, err == nil && id > 0
}

// queryInt reads an integer query parameter: (value, present, valid).
func queryInt(q url.Values, name string) (int64, bool, bool) {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return 0, false, true
	}
	i, err := strconv.ParseInt(v, 10, 64)
	return i, true, err == nil
}
