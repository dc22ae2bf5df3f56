package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Another integration uses part of the account's budget, so a 429 comes although the provider paces itself under
// its own budget. The apply completes after one lockout, slows both budgets down to what the minute before the
// lockout held, and says so in a warning that reaches the user (RELIABILITY.md, "Other integrations use the
// account's budget"). The 60- and 160-request cases run on a virtual clock in internal/client
// (TestOtherIntegrationsSharingTheBudgetCostOneLockout, TestUnexpected429SlowsDownSoOneRunTripsOneLockout); this
// test proves the warning's way out.
func TestUnexpectedRateLimitIsAWarningAndSlowsDown(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{
		// A lockout of 30 s, announced by Retry-After: long enough that the provider slows down after it.
		WriteLimit: 8, OtherWrites: 3, LimitWindow: time.Minute, Lockout: 30 * time.Second, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"},
	})
	w := newWorkspace(t, sim, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  count = 7
  name  = "Shared budget ${count.index}"
}
`)
	out, err := w.run(nil, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=1")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	if n := sim.Counters().RateLimited; n != 1 {
		t.Fatalf("%d answers 429, want exactly 1 (one lockout, met by one request)", n)
	}
	if !strings.Contains(out, "Warning: HappyFox rate limit reached: slowing down") {
		t.Fatalf("no warning about the rate limit:\n%s", out)
	}
	// 5 writes fitted in the minute before the lockout: the provider goes on at 60% of that.
	if !regexp.MustCompile(`(?s)took\s+\d+\s+GET\s+and\s+5\s+write\s+requests.*at\s+most\s+\d+\s+GET\s+and\s+3\s+write\s+requests\s+per\s+minute.*write_requests_per_minute\s+=\s+300\)\s+lower`).MatchString(out) {
		t.Errorf("the warning does not say the budget and the new rate:\n%s", out)
	}
	if ids := w.stateIDs("happyfox_contact_group"); len(ids) != 7 {
		t.Errorf("%d groups in state, want 7", len(ids))
	}
}
