package provider

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

// Acceptance tests run the real terraform (or tofu) CLI against the simulator served in-process on loopback.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"happyfox": providerserver.NewProtocol6WithError(New("test")()),
}

const (
	testAPIKey   = "acc-api-key-6f1d2c"
	testAuthCode = "acc-auth-code-9b8e7a"
)

func TestMain(m *testing.M) {
	// The CLI only warns about a missing CLI config file, but OpenTofu prints the warning where
	// terraform-plugin-testing parses its version; point it at an empty file (see toolchain notes).
	if p := os.Getenv("TF_CLI_CONFIG_FILE"); p == "" || !fileExists(p) {
		dir, err := os.MkdirTemp("", "happyfox-tfcli")
		if err == nil {
			empty := filepath.Join(dir, "empty.tfrc")
			if os.WriteFile(empty, nil, 0o600) == nil {
				os.Setenv("TF_CLI_CONFIG_FILE", empty)
			}
			defer os.RemoveAll(dir)
		}
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	os.Exit(code)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// testSim is a simulator served on loopback for one test.
type testSim struct {
	*happyfoxsim.Server
	URL string // API base URL, ending in /api/1.1/json/
}

func newTestSim(t *testing.T, opts happyfoxsim.Options) *testSim {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testAPIKey
	}
	if opts.AuthCode == "" {
		opts.AuthCode = testAuthCode
	}
	sim := happyfoxsim.New(opts)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	ts := &testSim{Server: sim, URL: srv.URL + "/api/1.1/json/"}
	t.Cleanup(ts.forgetSharedBudget) // shared_budget_test.go
	return ts
}

// providerBlock renders a provider configuration pointing at the simulator; extra is appended inside the block.
func (s *testSim) providerBlock(extra string) string {
	return fmt.Sprintf(`
provider "happyfox" {
  base_url  = %q
  api_key   = %q
  auth_code = %q
  staff_id  = 1
  %s
}
`, s.URL, testAPIKey, testAuthCode, extra)
}

// stateID returns the numeric HappyFox id of the resource at addr in Terraform state; what names its kind for errors.
func stateID(s *terraform.State, addr, what string) (int64, error) {
	rs, ok := s.RootModule().Resources[addr]
	if !ok {
		return 0, fmt.Errorf("%s not in state", addr)
	}
	return tfvalue.ParseID(rs.Primary.ID, what)
}
