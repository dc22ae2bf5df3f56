// Package e2e runs the provider binary, built from this checkout, under the real terraform (or tofu) CLI through
// a dev_overrides CLI configuration, against the HappyFox simulator. It covers what in-process acceptance tests
// cannot: the provider's real log output (TF_LOG) and a real interrupt (SIGINT) of terraform.
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

var (
	providerDir string // holds the built terraform-provider-happyfox
	tfBinary    string // terraform or tofu
)

func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		fmt.Println("e2e: skipped (set TF_ACC=1)")
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "happyfox-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		providerDir = filepath.Join(dir, "bin")
		_, self, _, _ := runtime.Caller(0)
		root := filepath.Join(filepath.Dir(self), "..", "..")
		build := exec.Command("go", "build", "-o", filepath.Join(providerDir, "terraform-provider-happyfox"), ".")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building the provider: %v\n%s", err, out)
			return 1
		}
		if tfBinary = os.Getenv("TF_ACC_TERRAFORM_PATH"); tfBinary == "" {
			if tfBinary, err = exec.LookPath("terraform"); err != nil {
				if tfBinary, err = exec.LookPath("tofu"); err != nil {
					fmt.Fprintln(os.Stderr, "e2e: neither terraform nor tofu found (set TF_ACC_TERRAFORM_PATH)")
					return 1
				}
			}
		}
		return m.Run()
	}()
	os.Exit(code)
}

func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to run end-to-end tests")
	}
}

// workspace is a folder holding one configuration, run with the built provider against a simulator.
type workspace struct {
	t   *testing.T
	dir string
	env []string
	sim *happyfoxsim.Server
}

func newWorkspace(t *testing.T, sim *happyfoxsim.Server, apiKey, authCode, config string) *workspace {
	t.Helper()
	return newWorkspaceServing(t, sim, sim, apiKey, authCode, config)
}

// newWorkspaceServing is newWorkspace with the simulator served through handler (a test's middleware around sim).
func newWorkspaceServing(t *testing.T, sim *happyfoxsim.Server, handler http.Handler, apiKey, authCode, config string) *workspace {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	cli := filepath.Join(dir, "cli.tfrc")
	writeFile(t, cli, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/happyfox-iac/happyfox" = %q
    "registry.opentofu.org/happyfox-iac/happyfox" = %q
  }
  direct {}
}
`, providerDir, providerDir))
	writeFile(t, filepath.Join(dir, "main.tf"), `terraform {
  required_providers {
    happyfox = { source = "happyfox-iac/happyfox" }
  }
}
`+config)
	env := append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"HAPPYFOX_BASE_URL="+srv.URL+happyfoxsim.BasePath,
		"HAPPYFOX_API_KEY="+apiKey, "HAPPYFOX_AUTH_CODE="+authCode, "HAPPYFOX_STAFF_ID=1",
		// The shared rate-limit budget file (internal/client/transport/shared_budget.go) lives in the workspace, not in the
		// user's cache: every terraform command of the test shares it, and it goes with the test's directory.
		"XDG_CACHE_HOME="+filepath.Join(dir, ".cache"),
	)
	return &workspace{t: t, dir: dir, env: env, sim: sim}
}

// command prepares a terraform command in the workspace; extraEnv is appended to the environment.
func (w *workspace) command(ctx context.Context, extraEnv []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, tfBinary, args...)
	cmd.Dir = w.dir
	cmd.Env = append(append([]string{}, w.env...), extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// run runs terraform to completion and returns its combined output and error.
func (w *workspace) run(extraEnv []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd, out := w.command(ctx, extraEnv, args...)
	err := cmd.Run()
	return out.String(), err
}

// stateIDs returns the ids of every instance of the given resource type in the workspace's state file.
func (w *workspace) stateIDs(resourceType string) map[int64]bool {
	ids := map[int64]bool{}
	for _, raw := range w.stateRawIDs(resourceType) {
		if id, err := json.Number(raw).Int64(); err == nil && id > 0 {
			ids[id] = true
		}
	}
	return ids
}

// stateRawIDs returns the id attribute of every instance of the given resource type in the workspace's state file,
// as text: a number, or a string such as "4/1" for memberships.
func (w *workspace) stateRawIDs(resourceType string) []string {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatalf("reading state: %v", err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes struct {
					ID json.RawMessage `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		w.t.Fatalf("decoding state: %v", err)
	}
	var ids []string
	for _, r := range st.Resources {
		if r.Type != resourceType {
			continue
		}
		for _, in := range r.Instances {
			ids = append(ids, strings.Trim(string(in.Attributes.ID), `"`))
		}
	}
	return ids
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
