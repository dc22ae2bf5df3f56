package provider

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const concurrentMembers = 50

// HappyFox does not support concurrent calls on one object. Fifty happyfox_contact_group_membership resources on
// one group, applied and destroyed at Terraform's default parallelism (10), all write and read that one group;
// the simulator holds each call on the group for a while (ObjectHold) so that any overlap would be caught and
// answered 409. None may happen: the client runs one request at a time per object.
//
// The test can fail: before the apply, the same simulator is sent ten overlapping membership calls directly,
// bypassing the provider, and must detect the overlap (Counters().Concurrency > 0). So the zero that the
// apply and destroy must keep is a measurement, not a detector that never fires.
func TestAccReliability_concurrentWritesToOneGroupNeverOverlap(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{ObjectHold: 15 * time.Millisecond, GetLimit: -1, WriteLimit: -1})
	group := sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Busy Group"})
	var contactIDs []int64
	for i := range concurrentMembers {
		c := sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("member-%d@busy.example", i), IsLoginEnabled: true})
		contactIDs = append(contactIDs, c.ID)
	}

	// The control: overlapping calls on the group, sent without the provider's client, are detected.
	if n := overlappingCalls(t, sim, group.ID, contactIDs[:10]); n == 0 {
		t.Fatal("ten simultaneous calls on one group were not detected as concurrent: the detector cannot catch an overlap")
	}
	for _, id := range contactIDs[:10] {
		sim.RemoveContactFromGroupOutside(group.ID, id)
	}
	sim.ResetCounters()

	noOverlap := func(*terraform.State) error {
		st := sim.Counters()
		if st.Concurrency != 0 {
			return fmt.Errorf("HappyFox saw %d concurrent calls on one object", st.Concurrency)
		}
		// Concurrent changes of the group share requests (client memberships_batched.go), but Terraform's 10 at a
		// time still make several requests, each of which overlaps GETs of the group.
		if st.Routes["POST /contact_group/{id}/update_contacts/"] < 2 {
			return fmt.Errorf("only %d membership writes: the test did not exercise the group", st.Routes["POST /contact_group/{id}/update_contacts/"])
		}
		return nil
	}
	cfg := sim.providerBlock(`
  get_requests_per_minute   = 600000
  write_requests_per_minute = 600000
`) + fmt.Sprintf(`
variable "contacts" {
  type    = list(number)
  default = %s
}

resource "happyfox_contact_group_membership" "m" {
  count          = length(var.contacts)
  group_id       = %d
  contact_id     = var.contacts[count.index]
  access_tickets = count.index %% 3 == 0
}
`, hclNumbers(contactIDs), group.ID)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := noOverlap(s); err != nil {
				return err
			}
			if st := sim.Counters(); st.Routes["POST /contact_group/{id}/delete_contacts/"] < 2 {
				return fmt.Errorf("only %d membership removals on destroy", st.Routes["POST /contact_group/{id}/delete_contacts/"])
			}
			if g, _ := sim.ContactGroup(group.ID); len(g.Members) != 0 {
				return fmt.Errorf("%d members left after destroy", len(g.Members))
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(s *terraform.State) error {
				if err := noOverlap(s); err != nil {
					return err
				}
				if g, _ := sim.ContactGroup(group.ID); len(g.Members) != concurrentMembers {
					return fmt.Errorf("the group has %d members, want %d", len(g.Members), concurrentMembers)
				}
				return nil
			},
		}},
	})
}

// overlappingCalls sends one update_contacts call per contact, all at once, straight to the simulator, and
// returns how many of them it detected as concurrent.
func overlappingCalls(t *testing.T, sim *testSim, groupID int64, contactIDs []int64) int {
	t.Helper()
	var wg sync.WaitGroup
	for _, id := range contactIDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`[{"contact": %d}]`, id)
			req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%scontact_group/%d/update_contacts/", sim.URL, groupID), bytes.NewBufferString(body))
			if err != nil {
				t.Error(err)
				return
			}
			req.SetBasicAuth(testAPIKey, testAuthCode)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}()
	}
	wg.Wait()
	return sim.Counters().Concurrency
}

// hclNumbers renders ids as an HCL list.
func hclNumbers(ids []int64) string {
	var b bytes.Buffer
	b.WriteString("[")
	for i, id := range ids {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, id)
	}
	b.WriteString("]")
	return b.String()
}
