package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// FieldError is one field's validation messages. Error shapes A and B
// (docs/dev/happyfox-api.md §1.2) are flattened into it: shape A "field" keeps its
// name verbatim ("name", "c-cf-13", "__all__"); shape B nested objects are
// joined with dots ("custom_fields.45"). Messages not tied to a field use
// Field "__all__".
type FieldError struct {
	Field    string
	Messages []string
}

// APIError is a non-2xx answer from HappyFox.
type APIError struct {
	Method     string
	Path       string // relative to the base URL, e.g. "contact_group/5/"; never contains credentials
	StatusCode int
	Message    string // human summary derived from the body
	Fields     []FieldError
	// Items holds the per-item results (shape C, §1.2) when the body is a list of them: a bulk request whose failed
	// items made HappyFox answer 4xx for the whole request (a reading of §2.5 the notes cannot rule out).
	Items []ItemResult

	// notFound marks errors that an endpoint-specific rule classifies as
	// "no such object" (see GetContactByEmail).
	notFound bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		// §1 Auth failure: 401 (M). The body is undocumented, so don't rely on it.
		fmt.Fprintf(&b, "HappyFox rejected the API key / auth code (HTTP 401 on %s %s)", e.Method, e.Path)
		if e.Message != "" {
			b.WriteString(": " + e.Message)
		}
		return b.String()
	case e.StatusCode == http.StatusForbidden:
		// §1: neither a missing permission nor bad credentials is documented to answer 403 or 401, so name both.
		fmt.Fprintf(&b, "HappyFox denied %s %s (HTTP 403): the agent owning the API key lacks a permission needed for "+
			"this call, or the API key or auth code is wrong", e.Method, e.Path)
	case e.StatusCode >= 500:
		fmt.Fprintf(&b, "HappyFox failed %s %s (HTTP %d)", e.Method, e.Path, e.StatusCode)
	case e.StatusCode >= 300 && e.StatusCode < 400:
		fmt.Fprintf(&b, "HappyFox answered %s %s with an unexpected redirect (HTTP %d)", e.Method, e.Path, e.StatusCode)
	default:
		fmt.Fprintf(&b, "HappyFox rejected %s %s (HTTP %d)", e.Method, e.Path, e.StatusCode)
	}
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.StatusCode)
	}
	if msg != "" {
		b.WriteString(": " + msg)
	}
	return b.String()
}

// AmbiguousError reports a request, normally a POST, whose outcome is unknown: it may or may not have been
// carried out (5xx, timeout or a connection lost after the request was sent). Callers that create objects should
// look the object up before trying again. The retry layer raises it too (transport.AmbiguousError).
type AmbiguousError = transport.AmbiguousError

// RateLimitError is returned when HappyFox's rate-limit lockout (HTTP 429, §1.3) would last longer than
// Config.RateLimitMaxWait (transport.RateLimitError).
type RateLimitError = transport.RateLimitError

// IsNotFound reports whether err says the object does not exist: HTTP 404,
// or (because §1's 404 row and §7 leave the real answer open, and R7 models a
// missing ticket as HTTP 400) a 400/410 whose non-field message says "does
// not exist" / "not found". Field errors on other fields (say
// "contact_ids: Contact 5 does not exist") do NOT count: they describe a bad
// reference in the request, not a missing target object.
func IsNotFound(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	if ae.notFound || ae.StatusCode == http.StatusNotFound || ae.StatusCode == http.StatusGone {
		return true
	}
	if ae.StatusCode != http.StatusBadRequest {
		return false
	}
	if len(ae.Fields) == 0 && saysNotFound(ae.Message) {
		return true
	}
	for _, f := range ae.Fields {
		if !targetField(f.Field) {
			continue
		}
		for _, m := range f.Messages {
			if saysNotFound(m) {
				return true
			}
		}
	}
	return false
}

// targetField lists field names that plausibly designate the object the
// request addresses rather than a value inside it.
func targetField(f string) bool {
	switch strings.ToLower(f) {
	case "", "__all__", "id", "detail", "message", "error", "non_field_errors",
		"user", "contact", "contact_group", "asset", "asset_type", "ticket_custom_field",
		"asset_custom_field", "user_custom_field", "custom_field":
		return true
	}
	return false
}

func saysNotFound(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "does not exist") || strings.Contains(s, "not found") ||
		strings.Contains(s, "doesn't exist") || strings.Contains(s, "no such")
}

// IsAmbiguous reports whether err leaves unknown whether HappyFox carried out
// the request (a POST that got a 5xx, timed out, or lost its connection after
// sending).
func IsAmbiguous(err error) bool {
	var ae *AmbiguousError
	return errors.As(err, &ae)
}

// IsUnauthorized reports an HTTP 401 (bad API key / auth code, §1).
func IsUnauthorized(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusUnauthorized
}

// FieldErrors returns the field errors carried by err, if any.
func FieldErrors(err error) []FieldError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae.Fields
	}
	return nil
}

// Bounds that keep error decoding cheap and error messages readable whatever
// the server sends (fuzzed in fuzz_test.go).
const (
	maxFieldErrors   = 200
	maxMessagesField = 20
	maxMessageLen    = 500
	maxFieldDepth    = 6
	maxSummaryLen    = 2000
)

// newAPIError builds an APIError from a non-2xx response.
func newAPIError(method, path string, status int, body []byte, header http.Header) *APIError {
	e := &APIError{Method: method, Path: path, StatusCode: status}
	e.Message, e.Fields = decodeErrorBody(body)
	if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '[' {
		if items, err := decodeItemResults(t); err == nil && slices.ContainsFunc(items, func(r ItemResult) bool { return r.Success || r.Message != "" || len(r.Fields) > 0 }) {
			e.Items = items
		}
	}
	if status >= 300 && status < 400 {
		if loc := header.Get("Location"); loc != "" {
			e.Message = "redirected to " + truncate(cleanText(loc), 200)
		}
	}
	return e
}

// decodeErrorBody extracts a summary and field errors from an error body in
// any of the shapes of §1.2:
//
//	A: {"error": [{"field": "name", "errors": ["…"]}]}
//	B: {"error": {"display_id": ["…"], "contact_ids": "…", "custom_fields": {"1": "…"}}}
//	   also {"errors": …}, {"error": "text"}, {"message"|"detail": "text"}
//
// A bare top-level array is treated as shape A. Anything else (HTML error
// pages, empty bodies) becomes a short cleaned text snippet.
func decodeErrorBody(body []byte) (string, []FieldError) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return "", nil
	}
	var fields []FieldError
	var msgs []string
	switch t[0] {
	case '{':
		var top map[string]json.RawMessage
		if json.Unmarshal(t, &top) != nil {
			return textSummary(t), nil
		}
		for _, k := range []string{"error", "errors"} {
			if raw, ok := top[k]; ok {
				m, f := parseErrorValue(raw)
				msgs = append(msgs, m...)
				fields = append(fields, f...)
			}
		}
		for _, k := range []string{"message", "detail", "error_message", "msg", "error_description"} {
			if raw, ok := top[k]; ok {
				var s flexString
				if s.UnmarshalJSON(raw) == nil && s != "" {
					msgs = append(msgs, string(s))
				}
			}
		}
	case '[':
		m, f := parseErrorValue(t)
		msgs, fields = m, f
	default:
		return textSummary(t), nil
	}
	fields = mergeFields(fields)
	return summarize(msgs, fields), fields
}

// parseErrorValue decodes the value of "error"/"errors": a string, a shape A
// list, or a shape B object.
func parseErrorValue(raw json.RawMessage) ([]string, []FieldError) {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || isNull(t) {
		return nil, nil
	}
	switch t[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(t, &items) != nil {
			return nil, nil
		}
		var msgs []string
		var fields []FieldError
		for _, it := range items {
			if len(fields) >= maxFieldErrors {
				break
			}
			it = bytes.TrimSpace(it)
			if len(it) > 0 && it[0] == '{' {
				var a struct {
					Field   flexString      `json:"field"`
					Errors  json.RawMessage `json:"errors"`
					Error   json.RawMessage `json:"error"`
					Message json.RawMessage `json:"message"`
				}
				if json.Unmarshal(it, &a) != nil {
					continue
				}
				name := string(a.Field)
				if name == "" && a.Errors == nil && a.Error == nil && a.Message == nil {
					// Possibly a shape B object inside a list.
					fields = append(fields, flattenObject("", it, 0)...)
					continue
				}
				if name == "" {
					name = "__all__"
				}
				var ms []string
				for _, r := range []json.RawMessage{a.Errors, a.Error, a.Message} {
					ms = append(ms, messagesOf(r, 0)...)
				}
				fields = append(fields, FieldError{Field: cleanField(name), Messages: capMessages(ms)})
				continue
			}
			msgs = append(msgs, messagesOf(it, 0)...)
		}
		return capMessages(msgs), fields
	case '{':
		return nil, flattenObject("", t, 0)
	default:
		return capMessages(messagesOf(t, 0)), nil
	}
}

// flattenObject turns a shape B object into field errors, sorted by key;
// nested objects get dotted names ("custom_fields.45").
func flattenObject(prefix string, raw json.RawMessage, depth int) []FieldError {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []FieldError
	for _, k := range keys {
		if len(out) >= maxFieldErrors {
			break
		}
		name := cleanField(k)
		if prefix != "" {
			name = prefix + "." + name
		}
		v := bytes.TrimSpace(obj[k])
		if len(v) > 0 && v[0] == '{' && depth < maxFieldDepth {
			out = append(out, flattenObject(name, v, depth+1)...)
			continue
		}
		ms := messagesOf(v, 0)
		if len(ms) == 0 {
			continue
		}
		out = append(out, FieldError{Field: name, Messages: capMessages(ms)})
	}
	return out
}

// messagesOf extracts message strings from a string, a list of strings (or
// nested lists), or any other value rendered as compact text.
func messagesOf(raw json.RawMessage, depth int) []string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || isNull(t) {
		return nil
	}
	switch t[0] {
	case '"':
		var s string
		if json.Unmarshal(t, &s) == nil {
			if s = cleanText(s); s != "" {
				return []string{truncate(s, maxMessageLen)}
			}
		}
		return nil
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(t, &items) != nil || depth >= maxFieldDepth {
			return nil
		}
		var out []string
		for _, it := range items {
			if len(out) >= maxMessagesField {
				break
			}
			out = append(out, messagesOf(it, depth+1)...)
		}
		return out
	case '{':
		// e.g. {"message": "..."} inside a list.
		var m struct {
			Message flexString `json:"message"`
		}
		if json.Unmarshal(t, &m) == nil && m.Message != "" {
			return []string{truncate(cleanText(string(m.Message)), maxMessageLen)}
		}
	}
	return []string{truncate(cleanText(string(t)), maxMessageLen)}
}

func capMessages(ms []string) []string {
	if len(ms) > maxMessagesField {
		ms = ms[:maxMessagesField]
	}
	return ms
}

// mergeFields merges repeated field names, keeping first-seen order.
func mergeFields(in []FieldError) []FieldError {
	if len(in) < 2 {
		return in
	}
	idx := map[string]int{}
	var out []FieldError
	for _, f := range in {
		if i, ok := idx[f.Field]; ok {
			out[i].Messages = capMessages(append(out[i].Messages, f.Messages...))
			continue
		}
		idx[f.Field] = len(out)
		out = append(out, f)
	}
	return out
}

func summarize(msgs []string, fields []FieldError) string {
	var parts []string
	parts = append(parts, msgs...)
	for _, f := range fields {
		m := strings.Join(f.Messages, " ")
		if f.Field == "__all__" || f.Field == "" {
			parts = append(parts, m)
		} else {
			parts = append(parts, f.Field+": "+m)
		}
	}
	return truncate(strings.Join(parts, "; "), maxSummaryLen)
}

// textSummary renders a non-JSON body (an HTML error page from a proxy, a
// plain-text message) as one short line.
func textSummary(b []byte) string {
	s := string(b)
	if len(s) > 4096 {
		s = s[:4096]
	}
	if strings.Contains(strings.ToLower(s), "<html") || strings.HasPrefix(s, "<!") {
		return "non-JSON (HTML) response body"
	}
	return truncate(cleanText(s), 300)
}

// cleanText collapses whitespace and drops control and invalid characters so
// that server text cannot forge extra log or diagnostic lines.
func cleanText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == unicode.ReplacementChar:
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func cleanField(s string) string {
	s = truncate(cleanText(s), 100)
	if s == "" {
		return "__all__"
	}
	return s
}

// itoa is strconv.FormatInt for ids.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// ItemResult is one element of a per-item result list (error shape C,
// docs/dev/happyfox-api.md §1.2 and §2.8): update_contacts, delete_contacts, bulk
// users. Index is the position of the item in the caller's input.
type ItemResult struct {
	Index   int
	ID      int64
	Email   string // the item's e-mail, when the result names it (bulk creates, §2.5)
	Success bool
	Message string
	Fields  []FieldError
}

// decodeItemResults decodes a shape C list:
//
//	[{"success": true, "data": {"contact": 41, "access_tickets": true}},
//	 {"success": false, "errors": [{"field": "contact", "errors": ["…"]}]},
//	 {"success": false, "data": {"contact": 3, "message": "Contact not part of the contact group"}},
//	 {"email": "…", "success": true, "id": 14}]
//
// Failures may use "errors" (update_contacts), "error" (bulk create, L) or
// data.message (delete_contacts). A missing "success" is inferred from the
// absence of errors. A single object instead of a list is taken as a
// one-item list (tolerance; not evidenced).
func decodeItemResults(body []byte) ([]ItemResult, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 {
		return nil, errors.New("empty per-item result body")
	}
	var items []json.RawMessage
	switch t[0] {
	case '[':
		if err := json.Unmarshal(t, &items); err != nil {
			return nil, err
		}
	case '{':
		items = []json.RawMessage{t}
	default:
		return nil, fmt.Errorf("expected a per-item result list, got %s", snippet(t, 80))
	}
	out := make([]ItemResult, 0, len(items))
	for i, raw := range items {
		r := ItemResult{Index: i}
		if isNull(raw) {
			r.Message = "empty result"
			out = append(out, r)
			continue
		}
		var it struct {
			Success *flexBool       `json:"success"`
			ID      json.RawMessage `json:"id"`
			Contact json.RawMessage `json:"contact"`
			Data    json.RawMessage `json:"data"`
			Errors  json.RawMessage `json:"errors"`
			Error   json.RawMessage `json:"error"`
			Message flexString      `json:"message"`
			Email   flexString      `json:"email"`
		}
		if err := decodeObject(raw, &it); err != nil {
			return nil, fmt.Errorf("result %d: %w", i, err)
		}
		var data struct {
			Contact json.RawMessage `json:"contact"`
			ID      json.RawMessage `json:"id"`
			Message flexString      `json:"message"`
		}
		if d := bytes.TrimSpace(it.Data); len(d) > 0 && d[0] == '{' {
			_ = json.Unmarshal(d, &data) // best effort: data is informative only
		}
		for _, cand := range []json.RawMessage{it.ID, it.Contact, data.Contact, data.ID} {
			if len(cand) == 0 {
				continue
			}
			var x ref
			if x.UnmarshalJSON(cand) == nil && x.ID != 0 {
				r.ID = x.ID
				break
			}
		}
		var msgs []string
		for _, e := range []json.RawMessage{it.Errors, it.Error} {
			m, f := parseErrorValue(e)
			msgs = append(msgs, m...)
			r.Fields = append(r.Fields, f...)
		}
		r.Fields = mergeFields(r.Fields)
		r.Email = strings.TrimSpace(string(it.Email))
		switch {
		case data.Message != "":
			r.Message = truncate(cleanText(string(data.Message)), maxMessageLen)
		case it.Message != "":
			r.Message = truncate(cleanText(string(it.Message)), maxMessageLen)
		default:
			r.Message = summarize(msgs, r.Fields)
		}
		if it.Success != nil {
			r.Success = bool(*it.Success)
		} else {
			r.Success = len(msgs) == 0 && len(r.Fields) == 0
		}
		out = append(out, r)
	}
	return out, nil
}

// redactAPIError removes the credentials from every server-supplied text of e, in place (transport.Redactor).
func redactAPIError(r transport.Redactor, e *APIError) {
	if e == nil {
		return
	}
	e.Message = r.String(e.Message)
	redactFields(r, e.Fields)
	for i := range e.Items {
		e.Items[i].Message = r.String(e.Items[i].Message)
		redactFields(r, e.Items[i].Fields)
	}
}

func redactFields(r transport.Redactor, fs []FieldError) {
	for i := range fs {
		fs[i].Field = r.String(fs[i].Field)
		for j, m := range fs[i].Messages {
			fs[i].Messages[j] = r.String(m)
		}
	}
}
