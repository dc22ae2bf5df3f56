package probe

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// What a report says of an answer: its status, media type and the skeleton of its JSON (field names and JSON
// types), never a value of the account.

// maxSkeleton is how long a skeleton may grow before describe shows one level less.
const maxSkeleton = 200

// describe sums an exchange's answer up.
func describe(ex *Exchange) string {
	out := fmt.Sprint(ex.Status)
	switch ex.BodyKind() {
	case "json":
		sk := skeleton(ex.JSON, 2)
		if len(sk) > maxSkeleton {
			sk = skeleton(ex.JSON, 1)
		}
		out += " JSON " + sk
	case "html":
		out += " an HTML page"
	case "empty":
		out += " an empty body"
	default:
		out += " a text body"
	}
	if mt := ex.MediaType(); mt != "" {
		out += " (" + mt + ")"
	}
	return out
}

// skeleton writes the shape of a JSON value down to depth: {key: type, ...}, [n × shape], string, "", int, float,
// bool, null.
func skeleton(v any, depth int) string {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			return "{}"
		}
		if depth <= 0 {
			return "{…}"
		}
		var parts []string
		for i, k := range sortedKeys(x) {
			if i == 14 {
				parts = append(parts, fmt.Sprintf("… %d more", len(x)-i))
				break
			}
			parts = append(parts, safeKey(k)+": "+skeleton(x[k], depth-1))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		if len(x) == 0 {
			return "[]"
		}
		return fmt.Sprintf("[%d × %s]", len(x), skeleton(x[0], depth))
	case string:
		if x == "" {
			return `""`
		}
		return "string"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "int"
		}
		return "float"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

var (
	numericKey    = regexp.MustCompile(`^[0-9]+$`)
	customFieldKy = regexp.MustCompile(`^c-cf-[0-9]+$`)
	identifierKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]{0,63}$`)
)

// safeKey is an object key as a report or a fixture may show it: a field name of the API as it is; an id used as a
// key (custom_fields of assets and of shape B errors, c-cf-<id>) without the id; anything else hidden.
func safeKey(k string) string {
	switch {
	case numericKey.MatchString(k):
		return "<id>"
	case customFieldKy.MatchString(k):
		return "c-cf-<id>"
	case identifierKey.MatchString(k):
		return k
	}
	return "<key>"
}

// keyList writes keys for a report, through safeKey.
func keyList(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = safeKey(k)
	}
	return strings.Join(out, ", ")
}

// typeName is a custom field's type name as a report may show it: an identifier of at most 30 characters, which is
// the API's vocabulary, not the account's text.
func typeName(v any) string {
	t, ok := str(v)
	if !ok {
		return skeleton(v, 0)
	}
	if len(t) <= 30 && identifierKey.MatchString(t) {
		return t
	}
	return "<a type name that is not an identifier>"
}
