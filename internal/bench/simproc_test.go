package bench

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// simProc is the simulator as its own process (cmd/happyfoxsim), for wall-time comparisons in which the
// simulator's CPU must not be charged to the benchmark's process. Requests are counted from its -log output, under
// the same route keys as the simulator's own counters ("GET /asset/{id}/").
type simProc struct {
	url string

	mu     sync.Mutex
	counts map[string]int
	total  int
}

func startSimProc(t testing.TB, args ...string) *simProc {
	t.Helper()
	addr := filepath.Join(t.TempDir(), "addr")
	cmd := exec.Command(simBin, append([]string{"-listen", "127.0.0.1:0", "-api-key", simAPIKey, "-auth-code", simAuthCode,
		"-addr-file", addr, "-log"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &simProc{counts: map[string]int{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			// "happyfoxsim 2026/11/28 01:02:03.456789 GET /api/1.1/json/asset/5/ -> 200 (1ms)"
			f := strings.Fields(sc.Text())
			if len(f) < 7 || f[5] != "->" {
				continue
			}
			p.mu.Lock()
			p.counts[routeKey(f[3], f[4])]++
			p.total++
			p.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		<-done
	})
	for range 100 {
		if raw, err := os.ReadFile(addr); err == nil && len(raw) > 0 {
			p.url = strings.TrimSpace(string(raw))
			return p
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("the simulator process did not start")
	return nil
}

// snapshot returns the counts so far (by method) and the total.
func (p *simProc) snapshot() (map[string]int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out, p.total
}

// since returns the requests counted after before (by method, as "GET"/"POST"/... keys) once the log has caught
// up: the simulator logs a request just after answering it, so the last lines may trail the command's exit.
func (p *simProc) since(before map[string]int, beforeTotal int) (map[string]int, int) {
	counts, total := p.snapshot()
	for range 20 {
		time.Sleep(50 * time.Millisecond)
		next, nextTotal := p.snapshot()
		if nextTotal == total {
			break
		}
		counts, total = next, nextTotal
	}
	out := map[string]int{}
	for k, v := range counts {
		if d := v - before[k]; d > 0 {
			out[k] = d
		}
	}
	return out, total - beforeTotal
}

// routeKey turns a logged request ("GET", "/api/1.1/json/asset/5/?x=1") into a route key ("GET /asset/{id}/").
func routeKey(method, uri string) string {
	path, _, _ := strings.Cut(uri, "?")
	path = strings.TrimPrefix(path, strings.TrimSuffix(happyfoxsim.BasePath, "/"))
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		if seg != "" && strings.Trim(seg, "0123456789") == "" {
			segs[i] = "{id}"
		}
	}
	return method + " " + strings.Join(segs, "/")
}

func TestRouteKey(t *testing.T) {
	for in, want := range map[[2]string]string{
		{"GET", "/api/1.1/json/asset/5/"}:                           "GET /asset/{id}/",
		{"GET", "/api/1.1/json/assets/?asset_type=1&page=2"}:        "GET /assets/",
		{"POST", "/api/1.1/json/contact_group/12/update_contacts/"}: "POST /contact_group/{id}/update_contacts/",
	} {
		if got := routeKey(in[0], in[1]); got != want {
			t.Errorf("routeKey(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}
