package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// HappyFox, or a proxy in front of it, echoes the Authorization header and the credentials in its JSON error
// bodies (Faults.EchoCredentials). Applies that meet a 400 (an asset linked to a contact
// that does not exist), a 404 (a group that does
// not exist) and a 401 (a wrong auth code) fail with Terraform's error output and the TF_LOG=trace log free of
// the API key, the auth code and their Basic form.
func TestSecretsNeverInOutputWhenHappyFoxEchoesThem(t *testing.T) {
	skipUnlessAcc(t)
	const wrongCode = "ACwrong77ee55"
	for name, tc := range map[string]struct {
		code, config, want string
		status             int
	}{
		// A contact id only HappyFox can find missing. The plan checks an asset's contacts, so a proxy in front of
		// HappyFox (listedButGone) answers the plan's read of contact 987654 as if it existed; the asset create then
		// reaches HappyFox, which refuses it with a 400.
		"400 unknown contact": {code: secretCode, status: 400, want: "does not exist", config: `
provider "happyfox" {}
resource "happyfox_asset" "a" {
  asset_type_id = 1
  name          = "Echo laptop"
  display_id    = "ECHO-1"
  contact_ids   = [987654]
}
`},
		"404 missing group": {code: secretCode, status: 404, want: "not found", config: `
provider "happyfox" {}
data "happyfox_contact_group" "g" {
  id = 987654
}
`},
		"401 wrong auth code": {code: wrongCode, status: 401, want: "rejected the credentials", config: `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  name = "Never created"
}
`},
	} {
		t.Run(name, func(t *testing.T) {
			sim := happyfoxsim.New(happyfoxsim.Options{APIKey: secretKey, AuthCode: secretCode})
			sim.SetFaults(happyfoxsim.Faults{EchoCredentials: true})
			w := newWorkspaceServing(t, sim, listedButGone(sim, 987654), secretKey, tc.code, tc.config)
			logPath := filepath.Join(w.dir, "trace.log")
			out, err := w.run([]string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath}, "apply", "-auto-approve", "-input=false", "-no-color")
			if err == nil {
				t.Fatalf("apply succeeded:\n%s", out)
			}
			if !strings.Contains(strings.ToLower(out), tc.want) {
				t.Fatalf("the error does not say %q:\n%s", tc.want, out)
			}
			if n := sim.Counters().Statuses[tc.status]; n == 0 {
				t.Fatalf("the simulator answered no HTTP %d; the test proves nothing", tc.status)
			}
			logText, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			// Prove the echo reached the provider, so that the checks below can fail.
			if !strings.Contains(string(logText), "Request headers: Authorization") {
				t.Fatalf("the trace log holds no echoed error body; the test would prove nothing")
			}
			secrets := append(forms(secretKey, tc.code), secretCode)
			assertNoSecrets(t, "the error output", out, secrets)
			assertNoSecrets(t, "the TF_LOG=trace log", string(logText), secrets)
		})
	}
}

// listedButGone serves sim, except that GET user/<id>/ answers a contact for id (which sim does not have): a read
// that is wrong about the account, so that a write HappyFox refuses gets past the plan's checks.
func listedButGone(sim http.Handler, id int64) http.Handler {
	path := fmt.Sprintf("%suser/%d/", happyfoxsim.BasePath, id)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == path && r.Header.Get("Authorization") != "" {
			w.Header().Set("Content-Type", "application/json")
			_, _ = fmt.Fprintf(w, `{"id": %d, "name": "Listed But Gone", "email": "gone@example.com", "phones": [], `+
				`"primary_phone": null, "custom_fields": [], "contact_groups": []}`, id)
			return
		}
		sim.ServeHTTP(w, r)
	})
}
