package bench

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// What each GET of a command is for. The provider's debug log has one line per request, naming its route and what
// it is for (internal/client/transport/purpose.go: check, refresh, read-back, settle, metadata, read, write). tfAccounted
// runs a command with that log on and counts the lines, so that a benchmark shows where its GETs go and the next
// regression shows where it is.

// accounted is one request of a command's log.
type accounted struct {
	method, kind, purpose string
}

var (
	logMethod  = regexp.MustCompile(`\bhttp_method=(\S+)`)
	logPath    = regexp.MustCompile(`\bhttp_path=(\S+)`)
	logQuery   = regexp.MustCompile(`\bhttp_query="?([^"\s]*)`)
	logPurpose = regexp.MustCompile(`\brequest_for=(\S+)`)
)

// tfAccounted runs terraform with args like tf, with the provider's debug log (only the provider's own lines:
// Terraform's, the SDK's and the framework's are off), and returns the requests it logged.
func (w *workspace) tfAccounted(args ...string) (run, []accounted) {
	w.t.Helper()
	r, reqs, err := w.tryAccounted(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(r.Output, 60))
	}
	return r, reqs
}

// tryAccounted is tfAccounted that returns the command's error.
func (w *workspace) tryAccounted(args ...string) (run, []accounted, error) {
	w.t.Helper()
	path := filepath.Join(w.dir, "provider.log")
	_ = os.Remove(path)
	saved := w.env
	w.env = append(slices.Clone(w.env), "TF_LOG_PROVIDER=DEBUG", "TF_LOG_CORE=off", "TF_LOG_PATH="+path,
		"TF_LOG_SDK=off", "TF_LOG_SDK_PROTO=off", "TF_LOG_SDK_FRAMEWORK=off")
	defer func() { w.env = saved }()
	r, err := w.try(args...)
	return r, readAccounted(w.t, path), err
}

func readAccounted(t testing.TB, path string) []accounted {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the provider's log: %v", err)
	}
	defer f.Close()
	var out []accounted
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if !strings.Contains(line, "HappyFox request") || strings.Contains(line, "HappyFox request body") {
			continue
		}
		m, p, why := logMethod.FindStringSubmatch(line), logPath.FindStringSubmatch(line), logPurpose.FindStringSubmatch(line)
		if m == nil || p == nil || why == nil {
			continue
		}
		q := ""
		if qm := logQuery.FindStringSubmatch(line); qm != nil {
			q = qm[1]
		}
		out = append(out, accounted{method: m[1], kind: requestKind(p[1], q), purpose: why[1]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// requestKind names a request's path as a kind: ids and e-mails are placeholders, and a search of the contact list
// is told from its pages.
func requestKind(path, query string) string {
	path = strings.TrimPrefix(path, strings.TrimSuffix("/api/1.1/json/", "/"))
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		switch {
		case seg != "" && strings.Trim(seg, "0123456789") == "":
			segs[i] = "{id}"
		case strings.Contains(seg, "@") || strings.Contains(seg, "%40"):
			segs[i] = "{email}"
		}
	}
	kind := strings.Join(segs, "/")
	if kind == "/users/" {
		if strings.Contains(query, "q=") {
			return kind + "?q= (search)"
		}
		return kind + " (pages)"
	}
	return kind
}

// getsByKind renders the GETs of reqs per kind and purpose, most first, e.g.
// "202× check `GET /users/ (pages)`, 100× read-back `GET /users/ (pages)`".
func getsByKind(reqs []accounted) string {
	type key struct{ kind, purpose string }
	n := map[key]int{}
	for _, r := range reqs {
		if r.method == "GET" {
			n[key{r.kind, r.purpose}]++
		}
	}
	keys := make([]key, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if n[a] != n[b] {
			return n[b] - n[a]
		}
		return strings.Compare(a.kind+a.purpose, b.kind+b.purpose)
	})
	if len(keys) == 0 {
		return "none"
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d× %s `GET %s`", n[k], k.purpose, k.kind)
	}
	return strings.Join(parts, ", ")
}

// getsByPurpose sums the GETs of reqs per purpose, e.g. "202 check, 100 read-back".
func getsByPurpose(reqs []accounted) string {
	n := map[string]int{}
	for _, r := range reqs {
		if r.method == "GET" {
			n[r.purpose]++
		}
	}
	keys := make([]string, 0, len(n))
	for k := range n {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if n[a] != n[b] {
			return n[b] - n[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", n[k], k)
	}
	return strings.Join(parts, ", ")
}

func TestRequestKind(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"/api/1.1/json/users/", "page=2&size=50"}:                   "/users/ (pages)",
		{"/api/1.1/json/users/", "page=1&q=email%3Aa%40b.c&size=50"}: "/users/?q= (search)",
		{"/api/1.1/json/user/12/", ""}:                               "/user/{id}/",
		{"/api/1.1/json/user/a@b.example/", ""}:                      "/user/{email}/",
		{"/api/1.1/json/contact_group/3/update_contacts/", ""}:       "/contact_group/{id}/update_contacts/",
	} {
		if got := requestKind(in[0], in[1]); got != want {
			t.Errorf("requestKind(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}
