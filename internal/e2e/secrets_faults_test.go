package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// The provider's error paths log too: retries after 5xx pages and dropped connections, the lookup that follows
// a create with an unknown outcome, and the wait for a rate-limit lockout. An apply that goes through all of
// them at TF_LOG=trace still writes neither the API key nor the auth code anywhere, and completes.
func TestSecretsNeverInTraceLogUnderFaultsAndLockouts(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{
		APIKey: secretKey, AuthCode: secretCode,
		WriteLimit: 6, LimitWindow: time.Minute, Lockout: time.Second, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"},
	})
	sim.SetFaults(happyfoxsim.Faults{ErrorRate: 0.1, DropRate: 0.1, ProcessedThenFailRate: 0.15, Seed: 7})
	w := newWorkspace(t, sim, secretKey, secretCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  count = 12
  name  = "Faulty secrets ${count.index}"
}
resource "happyfox_asset" "a" {
  count             = 12
  asset_type_id     = 1
  name              = "Faulty asset ${count.index}"
  display_id        = "FSA-${count.index}"
  contact_group_ids = [happyfox_contact_group.g[count.index].id]
}
`)
	logPath := filepath.Join(w.dir, "trace.log")
	out, err := w.run([]string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath,
		"HAPPYFOX_MAX_RETRIES=8", "HAPPYFOX_WRITE_REQUESTS_PER_MINUTE=100000"},
		"apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	logText := string(raw)
	// Prove every error path ran and logged, so that the check below can fail.
	st := sim.Counters()
	if st.FaultErrors+st.FaultDrops == 0 || st.FaultProcessedThenFail == 0 || st.RateLimited == 0 {
		t.Fatalf("not every fault happened: %+v", st)
	}
	for _, want := range []string{"Retrying HappyFox request", "unknown outcome", "rate-limit lockout"} {
		if !strings.Contains(logText, want) {
			t.Errorf("the trace log has no %q entry; the test would prove nothing for that path", want)
		}
	}
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	secrets := forms(secretKey, secretCode)
	assertNoSecrets(t, "the TF_LOG=trace log", logText, secrets)
	assertNoSecrets(t, "the CLI output", out, secrets)
	assertNoSecrets(t, "the state", string(state), secrets)
	if ids := w.stateIDs("happyfox_asset"); len(ids) != 12 {
		t.Errorf("%d assets in state, want 12", len(ids))
	}
}
