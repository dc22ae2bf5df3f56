package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// Request is one request of the probe. Path and query values are templates: "{contact}" stands for the account's
// value of that role (session.vars), so that a fixture names the role and never the account's id or e-mail.
type Request struct {
	Method string
	Path   string  // relative to the base URL, e.g. "user/{contact}/"
	Query  []Param // in order
	Body   any     // sent as JSON when non-nil
	// BadCredentials sends the request with an API key and auth code that are not the account's.
	BadCredentials bool
}

// Param is one query parameter.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func get(path string, query ...string) Request {
	r := Request{Method: http.MethodGet, Path: path}
	for i := 0; i+1 < len(query); i += 2 {
		r.Query = append(r.Query, Param{query[i], query[i+1]})
	}
	return r
}

// Exchange is a request and HappyFox's answer, as kept for a fixture.
type Exchange struct {
	Name    string
	Request Request
	Status  int
	Header  http.Header
	Body    []byte
	JSON    any // the body decoded (numbers as json.Number); nil when IsJSON is false
	IsJSON  bool
}

// MediaType is the answer's content type without parameters.
func (e *Exchange) MediaType() string {
	mt, _, err := mime.ParseMediaType(e.Header.Get("Content-Type"))
	if err != nil {
		return strings.ToLower(strings.TrimSpace(e.Header.Get("Content-Type")))
	}
	return mt
}

// BodyKind is "json", "html", "empty" or "text".
func (e *Exchange) BodyKind() string {
	t := bytes.TrimSpace(e.Body)
	switch {
	case len(t) == 0:
		return "empty"
	case e.IsJSON:
		return "json"
	case e.MediaType() == "text/html" || bytes.HasPrefix(t, []byte("<")):
		return "html"
	}
	return "text"
}

// session is one run: the clients, the values of the roles, the exchanges kept and what reads found.
type session struct {
	opts   Options
	c, bad *client.Client
	vars   map[string]string

	kept    []*Exchange
	byName  map[string]*Exchange
	skipped map[string]string // exchange name → why it was not sent

	// Names of the rate-limit headers seen on any answer (rate-limit-headers).
	limitHeaders map[string]bool

	// What the reads found (reads.go).
	groups          []any
	groupSingles    []map[string]any // the single GETs of groups made
	contacts        []any            // the first page of users/
	emailContact    int64            // the contact whose e-mail is {email}
	contactSingles  []map[string]any // single GETs of contacts of that page, the first one kept as "contact"
	userFields      []any
	assetTypes      []any
	assetFieldLists []typeFields // per asset type, in the order of asset_types/
	choiceField     map[string]any

	scratch scratchState // writes (scratch.go)
}

type typeFields struct {
	typeID int64
	fields []any
}

// badKey and badCode are credentials no account has, for the 401 question.
const (
	badKey  = "happyfox-probe-not-a-key"
	badCode = "happyfox-probe-not-a-code"
)

func newSession(opts Options) (*session, error) {
	cfg := opts.Client
	if cfg.UserAgent == "" {
		cfg.UserAgent = "happyfox-probe"
	}
	c, err := client.New(cfg)
	if err != nil {
		return nil, err
	}
	badCfg := cfg
	badCfg.APIKey, badCfg.AuthCode = badKey, badCode
	bad, err := client.New(badCfg)
	if err != nil {
		return nil, err
	}
	return &session{opts: opts, c: c, bad: bad, vars: map[string]string{}, byName: map[string]*Exchange{},
		skipped: map[string]string{}, limitHeaders: map[string]bool{}}, nil
}

// render fills the templates of r with the roles' values.
func (s *session) render(tmpl string, escape bool) (string, error) {
	var b strings.Builder
	for {
		open := strings.IndexByte(tmpl, '{')
		if open < 0 {
			b.WriteString(tmpl)
			return b.String(), nil
		}
		end := strings.IndexByte(tmpl[open:], '}')
		if end < 0 {
			return "", fmt.Errorf("probe: unclosed template %q", tmpl)
		}
		name := tmpl[open+1 : open+end]
		v, ok := s.vars[name]
		if !ok {
			return "", fmt.Errorf("probe: no value for {%s}", name)
		}
		if escape {
			v = url.PathEscape(v)
		}
		b.WriteString(tmpl[:open])
		b.WriteString(v)
		tmpl = tmpl[open+end+1:]
	}
}

// call sends r and returns the exchange. An answer of any status is an exchange; the error is a request that got
// no answer (or a write whose outcome is unknown: then the exchange holds what came, if anything).
func (s *session) call(ctx context.Context, r Request) (*Exchange, error) {
	rel, err := s.render(r.Path, true)
	if err != nil {
		return nil, err
	}
	var q url.Values
	for _, p := range r.Query {
		v, err := s.render(p.Value, false)
		if err != nil {
			return nil, err
		}
		if q == nil {
			q = url.Values{}
		}
		q.Add(p.Key, v)
	}
	c := s.c
	if r.BadCredentials {
		c = s.bad
	}
	ans, err := c.Raw(ctx, r.Method, rel, q, r.Body)
	if ans.Status == 0 {
		return nil, err
	}
	ex := &Exchange{Request: r, Status: ans.Status, Header: ans.Header, Body: ans.Body}
	ex.JSON, ex.IsJSON = decodeJSON(ans.Body)
	for name := range ans.Header {
		if rateLimitHeader(name) {
			s.limitHeaders[http.CanonicalHeaderKey(name)] = true
		}
	}
	return ex, err
}

// fetch is call, keeping the exchange under name.
func (s *session) fetch(ctx context.Context, name string, r Request) (*Exchange, error) {
	ex, err := s.call(ctx, r)
	if ex != nil {
		s.keep(name, ex)
	}
	return ex, err
}

// keep records ex as the fixture name.
func (s *session) keep(name string, ex *Exchange) {
	if _, dup := s.byName[name]; dup {
		panic("probe: two exchanges named " + name)
	}
	ex.Name = name
	s.kept = append(s.kept, ex)
	s.byName[name] = ex
}

// skip records why the exchange name was not sent.
func (s *session) skip(name, why string) { s.skipped[name] = why }

// exchange returns the kept exchange name, or the verdict explaining its absence.
func (s *session) exchange(name string) (*Exchange, *verdict) {
	if ex := s.byName[name]; ex != nil {
		return ex, nil
	}
	why := s.skipped[name]
	if why == "" {
		why = "the run stopped before " + name + " (the error follows the report)"
	}
	v := notSettled("%s", why)
	return nil, &v
}

func rateLimitHeader(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "x-ratelimit") || strings.HasPrefix(n, "x-rate-limit") || strings.HasPrefix(n, "ratelimit")
}

// decodeJSON decodes one JSON value, numbers as json.Number (so that ints and floats stay apart).
func decodeJSON(b []byte) (any, bool) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// obj, list, str: the JSON value as an object, array or string (zero when it is not one).
func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }
func str(v any) (string, bool) { s, ok := v.(string); return s, ok }

// items is a list answer's items: the envelope's data (§1.1) or a bare array.
func items(v any) []any {
	if m := obj(v); m != nil {
		return list(m["data"])
	}
	return list(v)
}

// idOf reads an id answered as a number or a numeric string (ids=strings).
func idOf(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		n, err := x.Int64()
		return n, err == nil && n > 0
	case string:
		var n int64
		_, err := fmt.Sscan(strings.TrimSpace(x), &n)
		return n, err == nil && n > 0 && fmt.Sprint(n) == strings.TrimSpace(x)
	}
	return 0, false
}

func intOf(v any) (int64, bool) {
	if n, ok := v.(json.Number); ok {
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// sortedKeys lists an object's keys, sorted.
func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func notFoundAnswer(ex *Exchange) bool {
	if ex.Status == http.StatusNotFound {
		return true
	}
	if ex.Status != http.StatusBadRequest {
		return false
	}
	t := strings.ToLower(string(ex.Body))
	return strings.Contains(t, "does not exist") || strings.Contains(t, "not found") || strings.Contains(t, "no such")
}
