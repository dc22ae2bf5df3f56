package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// Tolerant JSON building blocks.
//
// docs/dev/happyfox-api.md is explicit that much of the wire format is only M/L/?
// evidence (§0, §7), so every response is decoded through these types: ids
// may be numbers or numeric strings, optional values may be null or missing,
// unknown fields are ignored (encoding/json's default) and references may be
// an object {"id", "name"} or a bare id. None of them panics on hostile input;
// the fuzz targets in fuzz_test.go exercise them.

// ID is a HappyFox identifier. It decodes from a JSON number (5 or 5.0), a
// numeric string ("5", " 5 ") or null/"" (→ 0). The docs always show numbers
// (§1 "Ids are positive integers", §6.11) but §3.3 shows ids sent as strings
// ("1"), so the server may answer with strings too.
type ID int64

// UnmarshalJSON implements json.Unmarshaler.
func (i *ID) UnmarshalJSON(b []byte) error {
	v, err := parseIntJSON(b)
	if err != nil {
		return err
	}
	*i = ID(v)
	return nil
}

// maxExactFloat is the largest integer a float64 holds exactly (2^53).
const maxExactFloat = 1 << 53

func parseIntJSON(b []byte) (int64, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0, errors.New("empty value where an id or integer was expected")
	}
	switch b[0] {
	case 'n':
		if string(b) == "null" {
			return 0, nil
		}
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		return parseIntText(s)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return parseIntText(string(b))
	}
	return 0, fmt.Errorf("expected an id or integer, got %s", snippet(b, 40))
}

func parseIntText(s string) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > maxExactFloat {
		return 0, fmt.Errorf("expected an integer, got %q", truncate(s, 40))
	}
	return int64(f), nil
}

// flexString decodes a string, tolerating null (→ "") and scalar numbers or
// booleans (kept as their JSON text). Objects and arrays are an error.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return errors.New("empty value where a string was expected")
	}
	switch b[0] {
	case 'n':
		if string(b) == "null" {
			*s = ""
			return nil
		}
	case '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
		return nil
	case 't', 'f', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(b)
		return nil
	}
	return fmt.Errorf("expected a string, got %s", snippet(b, 40))
}

// flexBool decodes true/false, null (→ false), the strings "TRUE"/"FALSE"
// (§2.4 documents is_login_enabled as strings, so the server may echo them),
// "1"/"0"/"yes"/"no", and numbers (0 → false).
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	x, err := parseBoolJSON(b)
	if err != nil {
		return err
	}
	*v = flexBool(x)
	return nil
}

func parseBoolJSON(b []byte) (bool, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return false, errors.New("empty value where a boolean was expected")
	}
	switch b[0] {
	case 'n':
		if string(b) == "null" {
			return false, nil
		}
	case 't', 'f':
		var x bool
		if err := json.Unmarshal(b, &x); err != nil {
			return false, err
		}
		return x, nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true", "1", "yes", "y", "on", "t":
			return true, nil
		case "false", "0", "no", "n", "off", "f", "":
			return false, nil
		}
		return false, fmt.Errorf("expected a boolean, got %q", truncate(s, 40))
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil {
			return false, fmt.Errorf("expected a boolean, got %s", snippet(b, 40))
		}
		return f != 0, nil
	}
	return false, fmt.Errorf("expected a boolean, got %s", snippet(b, 40))
}

// ref is a reference to another object. It decodes from {"id", "name"}
// (§3.1 asset_type, §5 staff role), a bare id (number or numeric string), a
// non-numeric string (taken as the name) or null.
type ref struct {
	ID   int64
	Name string
}

func (r *ref) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*r = ref{}
	if len(b) == 0 {
		return errors.New("empty value where a reference was expected")
	}
	switch b[0] {
	case '{':
		var aux struct {
			ID   ID         `json:"id"`
			Name flexString `json:"name"`
		}
		if err := json.Unmarshal(b, &aux); err != nil {
			return err
		}
		r.ID, r.Name = int64(aux.ID), string(aux.Name)
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if n, err := parseIntText(strings.TrimSpace(s)); err == nil {
			r.ID = n
		} else {
			r.Name = s
		}
		return nil
	}
	n, err := parseIntJSON(b)
	if err != nil {
		return fmt.Errorf("expected a reference object or id: %w", err)
	}
	r.ID = n
	return nil
}

// idList decodes a list of ids whose elements may be numbers, numeric strings
// or reference objects (§5 staff "categories": [3, 4]; §3.1 contacts are
// {id, name, email}). null → nil; a single scalar becomes a one-element list.
type idList []int64

func (l *idList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 {
		return errors.New("empty value where a list of ids was expected")
	}
	switch b[0] {
	case 'n':
		if string(b) == "null" {
			return nil
		}
	case '[':
		var refs []ref
		if err := json.Unmarshal(b, &refs); err != nil {
			return err
		}
		out := make([]int64, 0, len(refs))
		for _, r := range refs {
			if r.ID != 0 {
				out = append(out, r.ID)
			}
		}
		*l = out
		return nil
	}
	var r ref
	if err := r.UnmarshalJSON(b); err != nil {
		return err
	}
	if r.ID != 0 {
		*l = idList{r.ID}
	}
	return nil
}

// stringList decodes a list of strings; null → nil, a single string → one
// element, scalar elements kept as text, null elements dropped.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	*l = nil
	if len(b) == 0 {
		return errors.New("empty value where a list of strings was expected")
	}
	if b[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(b, &raw); err != nil {
			return err
		}
		out := make([]string, 0, len(raw))
		for _, e := range raw {
			if isNull(e) {
				continue
			}
			var s flexString
			if err := s.UnmarshalJSON(e); err != nil {
				return err
			}
			out = append(out, string(s))
		}
		*l = out
		return nil
	}
	if isNull(b) {
		return nil
	}
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*l = stringList{string(s)}
	return nil
}

// splitDomains splits HappyFox's comma-separated tagged_domains string
// (§2.8, H): trimmed, empties dropped; nil when there are none.
func splitDomains(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// domainList decodes tagged_domains: documented as one comma-separated
// string (§2.8, H); a JSON array is tolerated because hfox sends one and a
// server could echo it (§2.8 "may also accept an array", L).
type domainList []string

func (d *domainList) UnmarshalJSON(b []byte) error {
	var l stringList
	if err := l.UnmarshalJSON(b); err != nil {
		return err
	}
	var out []string
	for _, s := range l {
		out = append(out, splitDomains(s)...)
	}
	*d = out
	return nil
}

// decodeAny decodes an arbitrary JSON value the encoding/json way
// (float64, string, bool, nil, []any, map[string]any).
func decodeAny(b json.RawMessage) (any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return v, nil
}

func isNull(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || string(b) == "null"
}

// decodeObject unmarshals one JSON object into v; it rejects non-objects so
// that "[]" or "true" from a misbehaving server is reported, not silently
// turned into a zero value.
func decodeObject(data []byte, v any) error {
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '{' {
		return fmt.Errorf("expected a JSON object, got %s", snippet(t, 80))
	}
	return json.Unmarshal(t, v)
}

// snippet and truncate shorten server text for error messages, as the transport does (transport.Snippet).
func snippet(b []byte, n int) string { return transport.Snippet(b, n) }

func truncate(s string, n int) string { return transport.Truncate(s, n) }
