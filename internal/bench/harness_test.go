package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const (
	simAPIKey   = "bench-api-key"
	simAuthCode = "bench-auth-code"
)

// simEnv is a simulator served on loopback, with the arrival time of every write recorded (for throughput).
type simEnv struct {
	sim *happyfoxsim.Server
	url string

	mu     sync.Mutex
	writes []time.Time
}

func newSimEnv(t testing.TB, opts happyfoxsim.Options) *simEnv {
	t.Helper()
	opts.APIKey, opts.AuthCode = simAPIKey, simAuthCode
	e := &simEnv{sim: happyfoxsim.New(opts)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			e.mu.Lock()
			e.writes = append(e.writes, time.Now())
			e.mu.Unlock()
		}
		e.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.url = srv.URL + happyfoxsim.BasePath
	return e
}

// reset zeroes the simulator's counters and the write timeline.
func (e *simEnv) reset() {
	e.sim.ResetCounters()
	e.mu.Lock()
	e.writes = nil
	e.mu.Unlock()
}

func (e *simEnv) writeTimes() []time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.writes)
}

// workspace is a folder with one configuration, run by the real CLI with the built provider (dev_overrides).
type workspace struct {
	t    testing.TB
	dir  string
	env  []string
	sim  *simEnv  // in-process simulator, or
	proc *simProc // simulator process
}

// limits are the provider's client-side budgets (requests per minute); zero means the provider's defaults.
type limits struct{ get, write int }

// unlimited budgets, for measurements that must not be paced by the provider.
var unlimited = limits{get: 100_000_000, write: 100_000_000}

func newWorkspace(t testing.TB, sim *simEnv, lim limits, binDir string) *workspace {
	t.Helper()
	url := ""
	if sim != nil {
		url = sim.url
	}
	w := newWorkspaceAt(t, url, lim, binDir)
	w.sim = sim
	return w
}

// newProcWorkspace is a workspace against a simulator process.
func newProcWorkspace(t testing.TB, proc *simProc, lim limits) *workspace {
	t.Helper()
	w := newWorkspaceAt(t, proc.url, lim, "")
	w.proc = proc
	return w
}

func newWorkspaceAt(t testing.TB, url string, lim limits, binDir string) *workspace {
	t.Helper()
	dir := t.TempDir()
	if binDir == "" {
		binDir = filepath.Dir(providerBin)
	}
	floor := ""
	if floorBin != "" {
		floor = fmt.Sprintf("    \"registry.terraform.io/bench/floor\" = %q\n", filepath.Dir(floorBin))
	}
	cli := filepath.Join(dir, "cli.tfrc")
	writeFile(t, cli, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/happyfox-iac/happyfox" = %q
    "registry.opentofu.org/happyfox-iac/happyfox" = %q
%s  }
  direct {}
}
`, binDir, binDir, floor))
	// The shared rate-limit budget file lives in the bench's directory, not in the user's cache.
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"XDG_CACHE_HOME="+filepath.Join(dir, ".cache"))
	if url != "" {
		env = append(env, "HAPPYFOX_BASE_URL="+url, "HAPPYFOX_API_KEY="+simAPIKey,
			"HAPPYFOX_AUTH_CODE="+simAuthCode, "HAPPYFOX_STAFF_ID=1")
	}
	if lim.get > 0 {
		env = append(env, fmt.Sprintf("HAPPYFOX_GET_REQUESTS_PER_MINUTE=%d", lim.get))
	}
	if lim.write > 0 {
		env = append(env, fmt.Sprintf("HAPPYFOX_WRITE_REQUESTS_PER_MINUTE=%d", lim.write))
	}
	return &workspace{t: t, dir: dir, env: env}
}

// setLimits replaces the provider budgets for the next commands.
func (w *workspace) setLimits(lim limits) {
	env := w.env[:0:0]
	for _, kv := range w.env {
		if !strings.HasPrefix(kv, "HAPPYFOX_GET_REQUESTS_PER_MINUTE=") && !strings.HasPrefix(kv, "HAPPYFOX_WRITE_REQUESTS_PER_MINUTE=") {
			env = append(env, kv)
		}
	}
	if lim.get > 0 {
		env = append(env, fmt.Sprintf("HAPPYFOX_GET_REQUESTS_PER_MINUTE=%d", lim.get))
	}
	if lim.write > 0 {
		env = append(env, fmt.Sprintf("HAPPYFOX_WRITE_REQUESTS_PER_MINUTE=%d", lim.write))
	}
	w.env = env
}

// config writes main.tf. Configurations that use the provider get the required_providers block.
func (w *workspace) config(body string) {
	w.t.Helper()
	head := ""
	if strings.Contains(body, "happyfox_") {
		head = "terraform {\n  required_providers {\n    happyfox = { source = \"happyfox-iac/happyfox\" }\n  }\n}\n\n"
	}
	writeFile(w.t, filepath.Join(w.dir, "main.tf"), head+body)
}

// run is the outcome of one terraform command.
type run struct {
	Args    []string
	Output  string
	Elapsed time.Duration
	Stats   happyfoxsim.Stats // requests the command made (counters are reset before it)
	Writes  []time.Time
}

// tf runs terraform with args and fails the test when it fails.
func (w *workspace) tf(args ...string) run {
	w.t.Helper()
	r, err := w.try(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, tail(r.Output, 60))
	}
	return r
}

// try runs terraform with args and returns its error.
func (w *workspace) try(args ...string) (run, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	if w.sim != nil {
		w.sim.reset()
	}
	var procBefore map[string]int
	var procTotal int
	if w.proc != nil {
		procBefore, procTotal = w.proc.snapshot()
	}
	cmd := exec.CommandContext(ctx, tfBinary, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	r := run{Args: args, Output: out.String(), Elapsed: time.Since(start)}
	if w.sim != nil {
		r.Stats = w.sim.sim.Counters()
		r.Writes = w.sim.writeTimes()
	}
	if w.proc != nil {
		r.Stats.Routes, r.Stats.Total = w.proc.since(procBefore, procTotal)
	}
	return r, err
}

// gets and writes count the requests of a run by method.
func (r run) gets() int   { return r.count(func(m string) bool { return m == http.MethodGet }) }
func (r run) writes() int { return r.count(func(m string) bool { return m != http.MethodGet }) }

func (r run) count(method func(string) bool) int {
	n := 0
	for route, c := range r.Stats.Routes {
		if m, _, _ := strings.Cut(route, " "); method(m) {
			n += c
		}
	}
	return n
}

// routes renders the per-route counts, e.g. "1× POST /assets/, 2× GET /asset_custom_fields/".
func (r run) routes() string {
	keys := make([]string, 0, len(r.Stats.Routes))
	for k, v := range r.Stats.Routes {
		if v > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "none"
	}
	slices.SortFunc(keys, func(a, b string) int {
		// Writes first, then by name.
		ag, bg := strings.HasPrefix(a, "GET "), strings.HasPrefix(b, "GET ")
		if ag != bg {
			if ag {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d× `%s`", r.Stats.Routes[k], k))
	}
	return strings.Join(parts, ", ")
}

func (r run) command() string { return "terraform " + strings.Join(r.Args, " ") }

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func tail(s string, lines int) string {
	ls := strings.Split(s, "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}
