package happyfoxsim

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The answers whose form the notes leave open (§1, §1.3, §7), rendered as the Assumptions in force say, and the
// reshaping of every JSON answer (ids as strings, extra fields, empty texts, wording).

// djangoPage is an HTML error page as Django (behind nginx) renders it.
func djangoPage(status int, title string) *reply {
	page := "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>" + title + "</title>\n</head>\n<body>\n  <h1>" + title +
		"</h1><p>The requested resource was not found on this server.</p>\n</body>\n</html>\n"
	return &reply{status: status, raw: []byte(page), ctype: "text/html; charset=utf-8"}
}

func emptyReply(status int) *reply {
	return &reply{status: status, raw: []byte{}, ctype: "text/plain; charset=utf-8"}
}

// unauthorizedReply answers bad credentials (§1 Auth failure: 401 M, body ?; unauthorized=...).
func unauthorizedReply(a Assumptions) *reply {
	var rep *reply
	switch a.Unauthorized {
	case "html":
		rep = djangoPage(http.StatusUnauthorized, "401 Unauthorized")
	case "empty":
		rep = emptyReply(http.StatusUnauthorized)
	case "json-detail":
		rep = jsonReply(http.StatusUnauthorized, map[string]any{"detail": "Invalid username/password."})
	case "403":
		// Django REST framework answers 403 when the failed scheme sends no WWW-Authenticate.
		return jsonReply(http.StatusForbidden, map[string]any{"detail": "Authentication credentials were not provided."})
	default:
		rep = errorReply(http.StatusUnauthorized, msgUnauthorized)
	}
	rep.header = http.Header{"Www-Authenticate": {`Basic realm="API"`}}
	return rep
}

// rateLimitedReply answers 429 (§1.3: body and headers ?; rate-limited-body=..., retry-after=...).
func rateLimitedReply(a Assumptions, wait time.Duration, now time.Time) *reply {
	var rep *reply
	switch a.RateLimitedBody {
	case "html":
		rep = &reply{status: http.StatusTooManyRequests, ctype: "text/html; charset=utf-8",
			raw: []byte("<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")}
	case "empty":
		rep = emptyReply(http.StatusTooManyRequests)
	case "json-detail":
		rep = jsonReply(http.StatusTooManyRequests, map[string]any{"detail": "Request was throttled."})
	default:
		rep = errorReply(http.StatusTooManyRequests, msgRateLimited)
	}
	switch a.RetryAfter {
	case "seconds":
		rep.header = http.Header{"Retry-After": {strconv.Itoa(retryAfterSeconds(wait))}}
	case "http-date":
		// An HTTP date has whole seconds: round the end up, so that a client never comes back before it.
		end := now.Add(wait).Add(time.Second - 1).Truncate(time.Second)
		rep.header = http.Header{"Retry-After": {end.UTC().Format(http.TimeFormat)}}
	}
	return rep
}

// forbiddenReply answers an agent without the permission a request needs, when forbidden=403-* (§1 403 row, ?).
// It returns nil under the default, where the caller answers 400 shape B on the field.
func forbiddenReply(a Assumptions, msg string) *reply {
	switch a.Forbidden {
	case "403-json":
		return errorReply(http.StatusForbidden, msg)
	case "403-html":
		return djangoPage(http.StatusForbidden, "403 Forbidden")
	case "403-empty":
		return emptyReply(http.StatusForbidden)
	}
	return nil
}

// shape reworks a JSON answer as the assumptions say: ids as strings, extra fields, empty texts null or left
// out, and other wording. Pre-rendered bodies (HTML pages, empty bodies) pass unchanged.
func (s *Server) shape(a Assumptions, rep *reply) *reply {
	if rep.raw != nil || rep.body == nil {
		return rep
	}
	ok := rep.status >= 200 && rep.status < 300
	wording := a.ErrorWording == "other"
	if !wording && (!ok || (a.IDs == "" && a.ExtraFields == "" && a.EmptyText == "")) {
		return rep
	}
	b, err := json.Marshal(rep.body)
	if err != nil {
		return rep
	}
	var v any
	if json.Unmarshal(b, &v) != nil {
		return rep
	}
	if ok {
		v = reshape(a, "", v)
	}
	if wording {
		v = reword(v, !ok)
	}
	out := *rep
	out.body = v
	return &out
}

// idKey names the keys whose values are ids (or lists of ids) in HappyFox's answers.
func idKey(k string) bool {
	switch k {
	case "id", "contact", "created_by", "updated_by", "deleted_by", "category", "categories", "depends_on_choice":
		return true
	}
	return strings.HasSuffix(k, "_id") || strings.HasSuffix(k, "_ids")
}

func reshape(a Assumptions, key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			e = reshape(a, k, e)
			if s, isStr := e.(string); isStr && s == "" {
				switch a.EmptyText {
				case "null":
					e = nil
				case "missing":
					delete(x, k)
					continue
				}
			}
			x[k] = e
		}
		if _, hasID := x["id"]; hasID && a.ExtraFields == "present" {
			x["x_sim_ref"] = "sim"
			x["x_sim_score"] = 0.5
			x["x_sim_meta"] = map[string]any{"source": "happyfoxsim", "nested": []any{1, "two"}}
			x["x_sim_tags"] = []any{"alpha", "beta"}
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = reshape(a, key, e)
		}
		return x
	case float64:
		if a.IDs == "strings" && idKey(key) {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
	}
	return v
}

// otherWords are replacements of Django's wording (error-wording=other): what matters must never be the text.
var otherWords = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)this field is required\.?`), "a value is needed here"},
	{regexp.MustCompile(`(?i)select a valid choice\..*`), "that option is unknown"},
	{regexp.MustCompile(`(?i)enter a list of values\.?`), "a list is expected"},
	{regexp.MustCompile(`(?i)^.*already exists\.?$`), "this value is taken"},
	{regexp.MustCompile(`(?i)^.*matching query does not exist\.?$`), "no such record"},
	{regexp.MustCompile(`(?i)^.* does not exist\.?$`), "unknown reference"},
	{regexp.MustCompile(`(?i)^not found\.?$`), "no such record"},
	{regexp.MustCompile(`(?i)contact not part of the contact group`), "contact is no member of this group"},
}

func rewordText(s string) string {
	for _, w := range otherWords {
		if w.re.MatchString(s) {
			return w.re.ReplaceAllString(s, w.with)
		}
	}
	return strings.TrimSuffix(s, ".")
}

// reword rewrites every message of an error answer (all), or of the failed items of a shape C answer.
func reword(v any, all bool) any {
	switch x := v.(type) {
	case map[string]any:
		failed := all || x["success"] == false
		for k, e := range x {
			if k == "field" {
				continue
			}
			x[k] = reword(e, failed)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = reword(e, all)
		}
		return x
	case string:
		if all {
			return rewordText(x)
		}
	}
	return v
}
