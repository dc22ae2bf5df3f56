package probe

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Fixtures: each exchange of a run written as JSON that the simulator's contract test replays
// (internal/happyfoxsim/probe_contract_test.go). They are redacted so that a real account's can be committed: every
// string of a body becomes a placeholder of the same JSON type ("" stays ""; a date or time keeps its format with
// every digit 0; anything else is "<text>"), every id a small fake id that is the same wherever the real id
// appears, every other number 0 (or 0.5 for a fraction) except page_info's counts; null, booleans, field names,
// nesting and a field left out stay as they came. Paths and queries keep their templates ("user/{contact}/"), and
// only the names of the authentication and rate-limit headers are kept. A list keeps its first ten items.

// Fixture is one exchange as written.
type Fixture struct {
	Name        string   `json:"name"`
	Method      string   `json:"method"`
	Path        string   `json:"path"`
	Query       []Param  `json:"query,omitempty"`
	Credentials string   `json:"credentials"` // "valid", or "invalid" (the 401 question)
	RequestBody any      `json:"request_body,omitempty"`
	Status      int      `json:"status"`
	ContentType string   `json:"content_type,omitempty"`
	BodyKind    string   `json:"body_kind"` // json, html, empty or text; only a JSON body is kept
	Body        any      `json:"body,omitempty"`
	Headers     []string `json:"headers,omitempty"`
	// CutLists is set when a list of the body had more than maxFixtureItems items: only the first ones are kept.
	CutLists bool `json:"cut_lists,omitempty"`
}

// maxFixtureItems bounds the items of a list a fixture keeps (a page of 50 contacts says no more than ten).
const maxFixtureItems = 10

// ReportFile is report.json, beside the fixtures.
type ReportFile struct {
	Probe    int       `json:"probe"` // the format, 1
	Target   string    `json:"target"`
	Write    bool      `json:"write"`
	Switches []string  `json:"switches"` // the simulator switches that answer like the target (non-default only)
	Findings []Finding `json:"findings"`
}

// redactor turns exchanges into fixtures. One redactor serves a whole run, so that a real id gets the same fake id
// in every fixture.
type redactor struct {
	fake map[string]int64
	keys int
	cut  bool // a list was cut to maxFixtureItems
}

func newRedactor() *redactor { return &redactor{fake: map[string]int64{}} }

func (r *redactor) fakeID(raw string) int64 {
	if id, ok := r.fake[raw]; ok {
		return id
	}
	id := int64(len(r.fake) + 1)
	r.fake[raw] = id
	return id
}

// idField names the keys whose values are ids (or lists of ids) in HappyFox's answers and requests.
func idField(k string) bool {
	switch k {
	case "id", "contact", "created_by", "updated_by", "deleted_by", "category", "categories", "depends_on_choice":
		return true
	}
	return strings.HasSuffix(k, "_id") || strings.HasSuffix(k, "_ids")
}

var dateLike = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$`)

const placeholder = "<text>"

func (r *redactor) key(k string) string {
	switch {
	case numericKey.MatchString(k):
		return strconv.FormatInt(r.fakeID(k), 10)
	case customFieldKy.MatchString(k):
		return "c-cf-" + strconv.FormatInt(r.fakeID(strings.TrimPrefix(k, "c-cf-")), 10)
	case identifierKey.MatchString(k):
		return k
	}
	r.keys++
	return fmt.Sprintf("<key-%d>", r.keys)
}

// value redacts v, the value of key; counts keeps the numbers (page_info).
func (r *redactor) value(key string, v any, counts bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for _, k := range sortedKeys(x) { // sorted: fake ids come in a stable order
			out[r.key(k)] = r.value(k, x[k], counts || k == "page_info")
		}
		return out
	case []any:
		if len(x) > maxFixtureItems {
			x, r.cut = x[:maxFixtureItems], true
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = r.value(key, e, counts)
		}
		return out
	case string:
		switch {
		case x == "":
			return ""
		case idField(key) && numericKey.MatchString(strings.TrimSpace(x)):
			return strconv.FormatInt(r.fakeID(strings.TrimSpace(x)), 10)
		case dateLike.MatchString(x):
			return strings.Map(func(c rune) rune {
				if c >= '0' && c <= '9' {
					return '0'
				}
				return c
			}, x)
		}
		return placeholder
	case json.Number:
		_, intErr := x.Int64()
		switch {
		case counts:
			return x
		case idField(key) && intErr == nil:
			return json.Number(strconv.FormatInt(r.fakeID(x.String()), 10))
		case intErr == nil:
			return json.Number("0")
		}
		return json.Number("0.5")
	}
	return v // bool, null
}

// normalize gives a request body built in Go the JSON types of a decoded one.
func normalize(v any) any {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	out, _ := decodeJSON(b)
	return out
}

// keptHeader: the headers whose names a fixture keeps.
func keptHeader(name string) bool {
	switch http.CanonicalHeaderKey(name) {
	case "Www-Authenticate", "Retry-After":
		return true
	}
	return rateLimitHeader(name)
}

func (r *redactor) fixture(ex *Exchange) Fixture {
	f := Fixture{Name: ex.Name, Method: ex.Request.Method, Path: ex.Request.Path, Query: ex.Request.Query,
		Credentials: "valid", Status: ex.Status, ContentType: ex.MediaType(), BodyKind: ex.BodyKind()}
	if ex.Request.BadCredentials {
		f.Credentials = "invalid"
	}
	if ex.Request.Body != nil {
		f.RequestBody = r.value("", normalize(ex.Request.Body), false)
	}
	if ex.IsJSON {
		r.cut = false
		f.Body = r.value("", ex.JSON, false)
		f.CutLists = r.cut
	}
	for name := range ex.Header {
		if keptHeader(name) {
			f.Headers = append(f.Headers, http.CanonicalHeaderKey(name))
		}
	}
	sort.Strings(f.Headers)
	return f
}

// Fixtures redacts the report's exchanges, in order.
func (rep *Report) Fixtures() []Fixture {
	r := newRedactor()
	out := make([]Fixture, len(rep.Exchanges))
	for i, ex := range rep.Exchanges {
		out[i] = r.fixture(ex)
	}
	return out
}

// File is report.json's content.
func (rep *Report) File() ReportFile {
	sw := rep.Switches()
	if sw == nil {
		sw = []string{}
	}
	return ReportFile{Probe: 1, Target: rep.Target, Write: rep.Write, Switches: sw, Findings: rep.Findings}
}

// fixtureFile matches the files WriteFixtures writes, which it replaces.
var fixtureFile = regexp.MustCompile(`^([0-9]{2}-[a-z0-9-]+\.json|report\.json|report\.txt)$`)

// WriteFixtures writes the fixtures (NN-<name>.json), report.json and report.txt into dir, replacing those of an
// earlier run (and nothing else).
func WriteFixtures(dir string, rep *Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	old, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range old {
		if !e.IsDir() && fixtureFile.MatchString(e.Name()) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	write := func(name string, v any) error {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), b.Bytes(), 0o644)
	}
	for i, f := range rep.Fixtures() {
		if err := write(fmt.Sprintf("%02d-%s.json", i+1, f.Name), f); err != nil {
			return err
		}
	}
	if err := write("report.json", rep.File()); err != nil {
		return err
	}
	var txt bytes.Buffer
	rep.WriteText(&txt)
	return os.WriteFile(filepath.Join(dir, "report.txt"), txt.Bytes(), 0o644)
}
