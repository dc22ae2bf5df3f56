package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// 150 contacts applied through the real CLI at Terraform's default parallelism (10) share bulk POST users/
// requests: Terraform runs at most 10 creates at once, so a request holds up to 10 of them, and the whole
// apply takes a fraction of the 150 writes a request per contact would. Each contact is created once, its
// read-back costs no GET of its own, and the next plan is empty (the testing framework checks that).
func TestAccContact_manyCreatesShareBulkRequests(t *testing.T) {
	const n = 150
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact" "many" {
  count = %d
  name  = "Bulk ${count.index}"
  email = "bulk${count.index}@acc.example.com"
}
`, n)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				st := sim.Counters()
				bulk := sim.BulkCounters()
				writes := 0
				for route, k := range st.Routes {
					if !strings.HasPrefix(route, "GET ") {
						writes += k
					}
				}
				t.Logf("%d contacts: %d writes (%d bulk, largest %d items), GET routes %v", n, writes, bulk.Requests, bulk.MaxItems, st.Routes)
				if bulk.ItemsCreated != n || bulk.Items != n {
					return fmt.Errorf("each contact must be sent and created once: %+v", bulk)
				}
				// A request per contact would be 150 writes; with up to 10 creates at once, at least 15. The sender
				// waits for the creates Terraform starts in the slots the last request freed (client/coalesce/batch_fill.go),
				// so requests are full but for a few.
				if writes > n/10+5 {
					return fmt.Errorf("%d writes for %d contacts: creates were not coalesced", writes, n)
				}
				// Single GETs are only the first e-mail checks: 4 in each of plugin-testing's two plans (plan_checks.go)
				// and the apply's first few before listing the pages is cheaper (contacts_email_index.go); 150
				// read-backs and 150 checks must come from pages.
				if got := st.Routes["GET /user/{id}/"]; got > 16 {
					return fmt.Errorf("%d single contact GETs: read-backs and e-mail checks must come from pages", got)
				}
				for i := range n {
					id, err := stateID(s, fmt.Sprintf("happyfox_contact.many.%d", i), "contact")
					if err != nil {
						return err
					}
					if c, ok := sim.Contact(id); !ok || c.Email != fmt.Sprintf("bulk%d@acc.example.com", i) {
						return fmt.Errorf("contact %d: id %d is %+v in HappyFox", i, id, c)
					}
				}
				return nil
			},
		}},
	})
}
