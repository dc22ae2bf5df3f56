package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// A rate-limit lockout (HTTP 429 for every request, GETs included, until it ends) that starts in the middle of
// a mixed apply is waited out, and the apply finishes: every object is created once, tracked in state, and the
// next plan is empty. The provider's write budget is set far above what the simulator allows, so the account
// is locked out several times during the apply; each lockout lasts 2 s and is announced with Retry-After.
func TestAccReliability_lockoutMidApplyIsWaitedOut(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{WriteLimit: 6, LimitWindow: time.Minute, Lockout: 2 * time.Second, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"}})
	cfg := sim.providerBlock(`write_requests_per_minute = 100000`) + `
resource "happyfox_contact" "c" {
  count = 3
  name  = "Locked Contact ${count.index}"
  email = "locked-${count.index}@lockout.example"
}

resource "happyfox_contact_group" "g" {
  count    = 3
  name     = "Locked Group ${count.index}"
  contacts = [{ contact_id = happyfox_contact.c[count.index].id }]
}

resource "happyfox_contact_group_membership" "m" {
  count      = 3
  group_id   = 2
  contact_id = happyfox_contact.c[count.index].id
}

resource "happyfox_asset" "a" {
  count             = 4
  asset_type_id     = 1
  name              = "Locked Asset ${count.index}"
  display_id        = "LCK-${count.index}"
  contact_ids       = [happyfox_contact.c[count.index % 3].id]
  contact_group_ids = [happyfox_contact_group.g[count.index % 3].id]
}

resource "happyfox_ticket_custom_field_choices" "f" {
  field_id = 64
  choices  = [{ text = "North" }, { text = "South" }, { text = "Locked" }]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(s *terraform.State) error {
				st := sim.Counters()
				if st.RateLimited == 0 {
					return fmt.Errorf("the simulator never answered 429: no lockout happened, the test proves nothing")
				}
				// At the simulator's 6 writes per window, 13 writes need at least two lockouts mid-apply (contact creates
				// share bulk requests and memberships of one group share calls, so the apply makes about 15).
				if w := writes(sim); w < 13 {
					return fmt.Errorf("only %d writes", w)
				}
				return lockoutOutcome(sim, s)
			},
		}},
	})
}

// lockoutOutcome checks that each declared object exists once in HappyFox and is tracked in state.
func lockoutOutcome(sim *testSim, s *terraform.State) error {
	count := func(typ string) int {
		n := 0
		for _, r := range s.RootModule().Resources {
			if r.Type == typ && r.Primary.ID != "" {
				n++
			}
		}
		return n
	}
	contacts, groups, assets := 0, 0, 0
	for _, c := range sim.Contacts() {
		if strings.HasSuffix(c.Email, "@lockout.example") {
			contacts++
		}
	}
	for _, g := range sim.ContactGroups() {
		if strings.HasPrefix(g.Name, "Locked Group ") {
			groups++
			if len(g.Members) != 1 {
				return fmt.Errorf("group %q has %d members, want 1", g.Name, len(g.Members))
			}
		}
	}
	for _, a := range sim.Assets() {
		if strings.HasPrefix(a.DisplayID, "LCK-") {
			assets++
		}
	}
	g2, _ := sim.ContactGroup(2)
	f, _ := sim.TicketCustomField(64)
	switch {
	case contacts != 3 || groups != 3 || assets != 4:
		return fmt.Errorf("HappyFox holds %d contacts, %d groups, %d assets; want 3, 3, 4", contacts, groups, assets)
	case count("happyfox_contact") != 3 || count("happyfox_contact_group") != 3 || count("happyfox_asset") != 4 ||
		count("happyfox_contact_group_membership") != 3 || count("happyfox_ticket_custom_field_choices") != 1:
		return fmt.Errorf("state is incomplete: %d contacts, %d groups, %d assets, %d memberships, %d choice lists",
			count("happyfox_contact"), count("happyfox_contact_group"), count("happyfox_asset"),
			count("happyfox_contact_group_membership"), count("happyfox_ticket_custom_field_choices"))
	case len(g2.Members) != 3:
		return fmt.Errorf("group 2 has %d members, want 3", len(g2.Members))
	case len(f.Choices) != 3 || f.Choices[2].Text != "Locked":
		return fmt.Errorf("ticket field 64 has choices %v", f.Choices)
	}
	return nil
}
