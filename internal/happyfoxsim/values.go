package happyfoxsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxBody limits request bodies (10 MiB).
const maxBody = 10 << 20

const (
	contactTimeLayout = "2006-01-02 15:04:05"  // §1 Timestamps (H)
	assetTimeLayout   = "2006-01-02T15:04:05Z" // §1 Timestamps, asset responses (H)
	dateLayout        = "2006-01-02"
)

// request is what a handler sees.
type request struct {
	http  *http.Request
	id    string     // the {id} path segment, "" when the route has none
	query url.Values // parsed query string
	body  any        // decoded JSON (json.Number for numbers) or a form map; nil for GET/DELETE
	form  bool       // body came from form-urlencoded or multipart
}

// readBody reads and decodes a POST/PUT body. JSON is primary; form-urlencoded
// and multipart are accepted for flat payloads (§1 "Request bodies": H for the
// formats, L that nested structures need JSON). Repeated form keys become
// lists. An empty body is an empty object. Body-level problems (malformed
// JSON, too large) answer shape A on __all__ on every endpoint, assets
// included (L; the real server's parse error is undocumented).
func readBody(w http.ResponseWriter, r *http.Request) (body any, form bool, rep *reply) {
	if r.Method == http.MethodGet || r.Method == http.MethodDelete || r.Method == http.MethodHead {
		return nil, false, nil
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			rep := errA("__all__", fmt.Sprintf("Request body too large (limit %d bytes).", maxBody))
			rep.status = http.StatusRequestEntityTooLarge
			return nil, false, rep
		}
		return nil, false, errA("__all__", "Could not read the request body.")
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, false, errA("__all__", "Malformed form body: "+err.Error())
		}
		return formMap(vals), true, nil
	case "multipart/form-data":
		f, err := multipart.NewReader(bytes.NewReader(data), params["boundary"]).ReadForm(maxBody)
		if err != nil {
			return nil, false, errA("__all__", "Malformed multipart body: "+err.Error())
		}
		defer func() { _ = f.RemoveAll() }()
		return formMap(f.Value), true, nil
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return map[string]any{}, false, nil
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false, errA("__all__", "Malformed JSON: "+err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false, errA("__all__", "Malformed JSON: unexpected data after the JSON value.")
	}
	return v, false, nil
}

func formMap(vals map[string][]string) map[string]any {
	m := make(map[string]any, len(vals))
	for k, vs := range vals {
		if len(vs) == 1 {
			m[k] = vs[0]
			continue
		}
		l := make([]any, len(vs))
		for i, v := range vs {
			l[i] = v
		}
		m[k] = l
	}
	return m
}

// object returns the body as a JSON object or a shape A error.
func (rq *request) object() (map[string]any, *reply) {
	m, ok := rq.body.(map[string]any)
	if !ok {
		return nil, errA("__all__", msgExpectedObject)
	}
	return m, nil
}

// asInt accepts JSON integers, numeric strings and Go integers (hooks).
func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case json.Number:
		i, err := x.Int64()
		return i, err == nil
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		return i, err == nil
	case int:
		return int64(x), true
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int64(x), true
		}
	}
	return 0, false
}

// asBool accepts JSON booleans and the usual strings ("TRUE"/"FALSE" are the
// documented forms of is_login_enabled, §2.4).
func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case json.Number:
		switch x.String() {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "1", "yes", "on":
			return true, true
		case "false", "0", "no", "off":
			return false, true
		}
	}
	return false, false
}

// asList accepts JSON arrays, Go slices (hooks) and, for form bodies, a
// single value.
func asList(v any, form bool) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []int64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out, true
	case string:
		if form {
			if strings.TrimSpace(x) == "" {
				return []any{}, true
			}
			return []any{x}, true
		}
	}
	return nil, false
}

// isBlank reports null or an all-whitespace string. Blank custom field values
// clear the field (Django treats "" as empty; L).
func isBlank(v any) bool {
	if v == nil {
		return true
	}
	s, ok := v.(string)
	return ok && strings.TrimSpace(s) == ""
}

// show renders a submitted value for an error message.
func show(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case nil:
		return "None"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

var emailRE = regexp.MustCompile(`^[^\s@]+@[^\s@]+\.[^\s@]+$`)

func validEmail(s string) bool { return emailRE.MatchString(s) }

func validDate(s string) bool {
	if len(s) != len(dateLayout) {
		return false
	}
	_, err := time.Parse(dateLayout, s)
	return err == nil
}

// dedupe keeps the first occurrence of each id.
func dedupe(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func strPtr(s string) *string { return &s }

func contactTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return strPtr(t.UTC().Format(contactTimeLayout))
}

func assetTime(t time.Time) string { return t.UTC().Format(assetTimeLayout) }
