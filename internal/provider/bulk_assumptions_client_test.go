package provider

// Bulk contact creates under switches of the simulator that are known failures of the assumption matrix
// (docs/dev/assumptions.md): each test reproduces one deterministically with 40 concurrent creates, which share
// bulk requests. They are skipped, naming the finding, unless HAPPYFOX_KNOWN_FAILURES=1.

import (
	"os"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func knownFailure(t *testing.T, finding string) {
	t.Helper()
	if os.Getenv("HAPPYFOX_KNOWN_FAILURES") != "1" {
		t.Skipf("known failure (docs/dev/assumptions.md): %s (HAPPYFOX_KNOWN_FAILURES=1 runs it)", finding)
	}
}

// bulk-failure=400: a bulk create with one refused item answers 400 with the same per-item results. Only the
// refused item may fail; the contacts HappyFox created in the request must reach their callers.
func TestBulkCreate_failedItemAnswered400FailsOnlyItsCaller(t *testing.T) {
	knownFailure(t, "the whole bulk request is taken as refused, and the contacts HappyFox created in it are left untracked")
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{BulkFailure: "400"}})
	sim.SetBulkFaults(happyfoxsim.BulkFaults{RejectItems: map[string]happyfoxsim.BulkItemError{
		"fail7@bulk.example.com": {Field: "name", Message: "Ensure this value has at most 100 characters."},
	}})
	out := createMany(t, bulkTestClient(t, sim, nil), "fail", 40)
	if st := sim.BulkCounters(); st.MaxItems < 2 {
		t.Fatalf("no bulk request carried two items (%+v): the test proves nothing", st)
	}
	checkCreatedOnce(t, sim, "fail", out, map[int]bool{7: true})
}

// bulk-order=reversed: the per-item results come in another order than the payload. Each carries its e-mail, so
// each caller must get its own contact's id, never another's.
func TestBulkCreate_resultsInAnotherOrderReachTheirCallers(t *testing.T) {
	knownFailure(t, "results are matched to the items by position only, so callers get each other's ids")
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{BulkOrder: "reversed"}})
	out := createMany(t, bulkTestClient(t, sim, nil), "order", 40)
	if st := sim.BulkCounters(); st.MaxItems < 2 {
		t.Fatalf("no bulk request carried two items (%+v): the test proves nothing", st)
	}
	checkCreatedOnce(t, sim, "order", out, nil)
}
