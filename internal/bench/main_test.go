package bench

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

var (
	repoRoot    string // the repository checkout
	providerBin string // terraform-provider-happyfox built from it
	floorBin    string // terraform-provider-floor (floorprovider), built for the benchmark only
	simBin      string // cmd/happyfoxsim, built for the benchmark only
	tfBinary    string // terraform (or tofu)
)

func benchEnabled() bool { return os.Getenv("HAPPYFOX_BENCH") != "" }
func accEnabled() bool   { return os.Getenv("TF_ACC") != "" }

// TestMain builds the provider once when the benchmark or the end-to-end tests are enabled.
func TestMain(m *testing.M) {
	_, self, _, _ := runtime.Caller(0)
	repoRoot = filepath.Clean(filepath.Join(filepath.Dir(self), "..", ".."))
	if !benchEnabled() && !accEnabled() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "happyfox-bench")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		providerBin = filepath.Join(dir, "bin", "terraform-provider-happyfox")
		build := exec.Command("go", "build", "-trimpath", "-o", providerBin, ".")
		build.Dir = repoRoot
		if other := os.Getenv("HAPPYFOX_BENCH_PROVIDER"); other != "" {
			// Measure another build of the provider (how testdata/before.json was made): copied, so that the
			// dev_overrides folder holds nothing else.
			build = exec.Command("cp", other, providerBin)
			if err := os.MkdirAll(filepath.Dir(providerBin), 0o755); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building the provider: %v\n%s", err, out)
			return 1
		}
		if benchEnabled() {
			floorBin = filepath.Join(dir, "floor", "terraform-provider-floor")
			simBin = filepath.Join(dir, "sim", "happyfoxsim")
			for out, pkg := range map[string]string{floorBin: "./internal/bench/floorprovider", simBin: "./cmd/happyfoxsim"} {
				build := exec.Command("go", "build", "-trimpath", "-o", out, pkg)
				build.Dir = repoRoot
				if msg, err := build.CombinedOutput(); err != nil {
					fmt.Fprintf(os.Stderr, "building %s: %v\n%s", pkg, err, msg)
					return 1
				}
			}
		}
		if tfBinary = os.Getenv("TF_ACC_TERRAFORM_PATH"); tfBinary == "" {
			if tfBinary, err = exec.LookPath("terraform"); err != nil {
				if tfBinary, err = exec.LookPath("tofu"); err != nil {
					fmt.Fprintln(os.Stderr, "bench: neither terraform nor tofu found (set TF_ACC_TERRAFORM_PATH)")
					return 1
				}
			}
		}
		return m.Run()
	}()
	os.Exit(code)
}
