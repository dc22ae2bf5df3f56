package happyfoxsim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// The simulator's contract with what cmd/happyfox-probe saw: testdata/probe holds the redacted exchanges of a probe
// run (NN-<name>.json) and its report (report.json). TestSimulatorAnswersLikeTheProbedAccount replays each exchange
// against the simulator, under the switches the report names, and checks that the answer has the same status,
// media type, kind of body, authentication and rate-limit headers, and JSON shape (field names, JSON types,
// nesting; values are ignored, and a null on either side stands for any type, since whether a value is set is the
// account's data; so is a field that some objects of a list carry and others do not, which is not compared: only a
// field that every object of one side carries and none of the other). The committed fixtures are the probe's run against the simulator's defaults
// (TestCommittedFixturesAreTheProbesOutput in internal/probe keeps them so); a real account's replace them as
// CONTRIBUTING.md, "Settling an open question on a real account", says.

type probeFixture struct {
	Name   string `json:"name"`
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  []struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	} `json:"query"`
	Credentials string   `json:"credentials"`
	Status      int      `json:"status"`
	ContentType string   `json:"content_type"`
	BodyKind    string   `json:"body_kind"`
	Body        any      `json:"body"`
	Headers     []string `json:"headers"`
}

// probeFixtureItems is how many items of a list the probe keeps in a fixture; the simulator's lists are cut alike.
const probeFixtureItems = 10

// The seed objects that play the roles the probe's requests name (internal/probe/reads.go picks them by the same
// rules on a real account: the first contact, the first group with members, the first asset type with an asset...).
func probeRoles(sim *happyfoxsim.Server) map[string]string {
	return map[string]string{
		"staff": "1", "contact": "1", "contact2": "2", "email": "existing@example.com", "email_other_case": "EXISTING@EXAMPLE.COM",
		"domain": "example.com", "no_such_email": "nobody@probe.invalid", "group": "1", "unknown": "999999999",
		"unknown_type": "999999999", "asset_type": "1", "asset": "1", "field_asset_type": "2", "asset_field": "49",
		"ticket_field": "61", "scratch_type": "2", "past_end": fmt.Sprint((len(sim.Contacts())+49)/50 + 1),
	}
}

// probeBodies are the bodies of the scratch asset's writes (internal/probe/scratch.go), with the seed's ids.
func probeBodies(stringIDs bool) map[string]any {
	contact := func(id int) any {
		if stringIDs {
			return fmt.Sprint(id)
		}
		return id
	}
	return map[string]any{
		"scratch-create": map[string]any{"name": " contract  scratch ", "display_id": "contract-scratch", "created_by": 1,
			"contact_ids": []any{1}, "custom_fields": map[string]any{"45": " probe  text ", "46": "probe", "47": 7, "48": "2024-01-15", "49": 1, "50": []any{4}}},
		"scratch-create-string-ids": map[string]any{"name": " contract  scratch ", "display_id": "contract-scratch", "created_by": 1,
			"contact_ids": []any{"1"}, "custom_fields": map[string]any{"45": " probe  text ", "46": "probe", "47": 7, "48": "2024-01-15", "49": 1, "50": []any{4}}},
		"scratch-put": map[string]any{"name": "contract  scratch", "display_id": "contract-scratch", "updated_by": 1,
			"custom_fields": map[string]any{"45": "probe changed"}, "contact_ids": []any{contact(2)}},
		"scratch-put-no-name":       map[string]any{"updated_by": 1},
		"scratch-put-no-updated-by": map[string]any{"name": "contract  scratch", "display_id": "contract-scratch"},
	}
}

func render(t *testing.T, tmpl string, roles map[string]string, escape bool) string {
	t.Helper()
	out := tmpl
	for {
		open := strings.IndexByte(out, '{')
		if open < 0 {
			return out
		}
		end := strings.IndexByte(out[open:], '}')
		if end < 0 {
			t.Fatalf("unclosed template %q", tmpl)
		}
		name := out[open+1 : open+end]
		v, ok := roles[name]
		if !ok {
			t.Fatalf("no seed object plays the role {%s} (add it to probeRoles)", name)
		}
		if escape {
			v = url.PathEscape(v)
		}
		out = out[:open] + v + out[open+end+1:]
	}
}

func loadProbeFixtures(t *testing.T) ([]probeFixture, []string) {
	t.Helper()
	dir := filepath.Join("testdata", "probe")
	var report struct {
		Switches []string `json:"switches"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9]-*.json"))
	sort.Strings(names)
	var out []probeFixture
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		var f probeFixture
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&f); err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out = append(out, f)
	}
	return out, report.Switches
}

func TestSimulatorAnswersLikeTheProbedAccount(t *testing.T) {
	fixtures, switches := loadProbeFixtures(t)
	if len(fixtures) < 20 {
		t.Fatalf("only %d fixtures in testdata/probe", len(fixtures))
	}
	a, err := happyfoxsim.ParseAssumptions(switches...)
	if err != nil {
		t.Fatalf("report.json names a switch the simulator does not have: %v", err)
	}
	h := newHarness(t, happyfoxsim.Options{Assume: a})
	h.sim.SeedAdoptionAccount(50, 0, 0) // the probe's committed run saw the seed and 50 more contacts
	roles := probeRoles(h.sim)
	stringIDs := false
	for _, f := range fixtures {
		if f.Name == "scratch-create-string-ids" {
			stringIDs = true
		}
	}
	bodies := probeBodies(stringIDs)
	for _, f := range fixtures {
		var body any
		if f.Method != http.MethodGet && f.Method != http.MethodDelete {
			var ok bool
			if body, ok = bodies[f.Name]; !ok {
				t.Errorf("%s: no replay body for this write (add one to probeBodies)", f.Name)
				continue
			}
		}
		path := render(t, f.Path, roles, true)
		q := url.Values{}
		for _, p := range f.Query {
			q.Add(p.Key, render(t, p.Value, roles, false))
		}
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		r := h.requestWith(f.Method, path, body, "application/json", f.Credentials != "invalid")
		if r.err != nil {
			t.Fatalf("%s: %v", f.Name, r.err)
		}
		got := answerShape(r)
		if r.status == http.StatusOK && strings.HasPrefix(f.Name, "scratch-create") {
			var created struct {
				ID json.Number `json:"id"`
			}
			if json.Unmarshal(r.body, &created) == nil {
				roles["scratch"] = created.ID.String()
			}
		}
		for _, d := range compareAnswers(f, got) {
			t.Errorf("%s (%s %s): %s", f.Name, f.Method, f.Path, d)
		}
	}
}

// answer is what the comparison looks at.
type answerSummary struct {
	status    int
	mediaType string
	kind      string
	headers   []string
	body      any
}

func answerShape(r resp) answerSummary {
	mt, _, err := mime.ParseMediaType(r.header.Get("Content-Type"))
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(r.header.Get("Content-Type")))
	}
	out := answerSummary{status: r.status, mediaType: mt}
	t := bytes.TrimSpace(r.body)
	dec := json.NewDecoder(bytes.NewReader(t))
	dec.UseNumber()
	var v any
	switch {
	case len(t) == 0:
		out.kind = "empty"
	case dec.Decode(&v) == nil && !dec.More():
		out.kind, out.body = "json", v
	case mt == "text/html" || bytes.HasPrefix(t, []byte("<")):
		out.kind = "html"
	default:
		out.kind = "text"
	}
	for name := range r.header {
		n := strings.ToLower(name)
		if n == "www-authenticate" || n == "retry-after" || strings.HasPrefix(n, "x-ratelimit") || strings.HasPrefix(n, "x-rate-limit") || strings.HasPrefix(n, "ratelimit") {
			out.headers = append(out.headers, http.CanonicalHeaderKey(name))
		}
	}
	sort.Strings(out.headers)
	return out
}

func compareAnswers(f probeFixture, got answerSummary) []string {
	var diffs []string
	if f.Status != got.status {
		diffs = append(diffs, fmt.Sprintf("status %d in the fixture, %d from the simulator", f.Status, got.status))
	}
	if f.ContentType != got.mediaType {
		diffs = append(diffs, fmt.Sprintf("content type %q in the fixture, %q from the simulator", f.ContentType, got.mediaType))
	}
	if f.BodyKind != got.kind {
		diffs = append(diffs, fmt.Sprintf("a body of kind %s in the fixture, %s from the simulator", f.BodyKind, got.kind))
	}
	if strings.Join(f.Headers, ",") != strings.Join(got.headers, ",") {
		diffs = append(diffs, fmt.Sprintf("headers %v in the fixture, %v from the simulator", f.Headers, got.headers))
	}
	if f.BodyKind == "json" && got.kind == "json" {
		diffs = append(diffs, compatible("body", shapeOf(f.Body), shapeOf(got.body))...)
	}
	return diffs
}

// jsonShape merges the shapes of one or more JSON values: the kinds seen, an object's fields (with how many of the
// objects carry each) and an array's elements.
type jsonShape struct {
	kinds   map[string]bool
	objects int
	present map[string]int
	fields  map[string]*jsonShape
	elem    *jsonShape
}

func shapeOf(v any) *jsonShape {
	s := &jsonShape{kinds: map[string]bool{}, present: map[string]int{}, fields: map[string]*jsonShape{}}
	s.add(v)
	return s
}

func (s *jsonShape) add(v any) {
	switch x := v.(type) {
	case nil:
		s.kinds["null"] = true
	case bool:
		s.kinds["bool"] = true
	case json.Number:
		s.kinds["number"] = true
	case string:
		s.kinds["string"] = true
	case map[string]any:
		s.kinds["object"] = true
		s.objects++
		for k, e := range x {
			s.present[k]++
			if s.fields[k] == nil {
				s.fields[k] = shapeOf(e)
			} else {
				s.fields[k].add(e)
			}
		}
	case []any:
		s.kinds["array"] = true
		if len(x) > probeFixtureItems {
			x = x[:probeFixtureItems]
		}
		for _, e := range x {
			if s.elem == nil {
				s.elem = shapeOf(e)
			} else {
				s.elem.add(e)
			}
		}
	}
}

func (s *jsonShape) nonNull() []string {
	var out []string
	for k := range s.kinds {
		if k != "null" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// compatible lists where the fixture's shape f and the simulator's s differ: a JSON type one has and the other
// never has (null aside), a field every object of one carries and no object of the other.
func compatible(path string, f, s *jsonShape) []string {
	fk, sk := f.nonNull(), s.nonNull()
	if len(fk) == 0 || len(sk) == 0 {
		return nil // null, or only nulls: any type
	}
	shared := false
	for _, k := range fk {
		if s.kinds[k] {
			shared = true
		}
	}
	if !shared {
		return []string{fmt.Sprintf("%s is %s in the fixture, %s from the simulator", path, strings.Join(fk, "|"), strings.Join(sk, "|"))}
	}
	var diffs []string
	if f.kinds["object"] && s.kinds["object"] {
		keys := map[string]bool{}
		for k := range f.fields {
			keys[k] = true
		}
		for k := range s.fields {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			inF, inS := f.fields[k], s.fields[k]
			switch {
			case inS == nil && f.present[k] == f.objects:
				diffs = append(diffs, fmt.Sprintf("%s.%s is in the fixture, not in the simulator's answer", path, k))
			case inF == nil && s.present[k] == s.objects:
				diffs = append(diffs, fmt.Sprintf("%s.%s is in the simulator's answer, not in the fixture", path, k))
			case inF != nil && inS != nil:
				diffs = append(diffs, compatible(path+"."+k, inF, inS)...)
			}
		}
	}
	if f.kinds["array"] && s.kinds["array"] && f.elem != nil && s.elem != nil {
		diffs = append(diffs, compatible(path+"[]", f.elem, s.elem)...)
	}
	return diffs
}
