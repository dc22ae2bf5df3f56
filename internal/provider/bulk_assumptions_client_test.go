package provider

// Bulk contact creates under switches of the simulator (docs/dev/assumptions.md) that the CLI workload meets only
// sometimes: each test shows one deterministically with 40 concurrent creates, which share bulk requests.

import (
	"context"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// bulk-failure=400: a bulk create with one refused item answers 400 with the same per-item results. Only the
// refused item may fail; the contacts HappyFox created in the request must reach their callers.
func TestBulkCreate_failedItemAnswered400FailsOnlyItsCaller(t *testing.T) {
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
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{BulkOrder: "reversed"}})
	out := createMany(t, bulkTestClient(t, sim, nil), "order", 40)
	if st := sim.BulkCounters(); st.MaxItems < 2 {
		t.Fatalf("no bulk request carried two items (%+v): the test proves nothing", st)
	}
	checkCreatedOnce(t, sim, "order", out, nil)
}

// bulk-failure=400 for a group's members: update_contacts with one unknown contact answers 400 with the per-item
// results. The known contact is added and reported so; only the unknown one fails.
func TestGroupMembers_failedItemAnswered400FailsOnlyItsItem(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{BulkFailure: "400"}})
	res, err := bulkTestClient(t, sim, nil).UpdateGroupContacts(context.Background(), 2,
		[]client.MembershipChange{{ContactID: 1, AccessTickets: true}, {ContactID: 987654}})
	if err != nil || len(res) != 2 || !res[0].Success || res[1].Success {
		t.Fatalf("results %+v, err %v: want the first added, the second refused", res, err)
	}
	if got := simMembers(sim, 2); !strings.Contains(" "+got+" ", " 1:true ") {
		t.Fatalf("group 2 members %q lack contact 1", got)
	}
}
