package provider

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// The mixed configuration of the flaky-network test: 103 objects of every resource type.
const (
	flakyContacts    = 30 // happyfox_contact
	flakyGroups      = 10 // happyfox_contact_group, each with an authoritative member list of 2 of those contacts
	flakyMemberships = 20 // happyfox_contact_group_membership on one more group
	flakyAssets      = 40 // happyfox_asset, half of them laptops with custom fields, linked to contacts and groups
	// plus 3 happyfox_ticket_custom_field_choices (seed fields 61, 62 and 64)
)

// flakyFaults fails about 10% of all calls, deterministically (fixed seed): 5xx pages and dropped connections
// that HappyFox did not process, and requests it processed before the answer was lost; 5% more answer slowly.
var flakyFaults = happyfoxsim.Faults{
	ErrorRate: 0.04, DropRate: 0.03, ProcessedThenFailRate: 0.03,
	SlowRate: 0.05, SlowLatency: 300 * time.Millisecond,
	Seed: 20260107,
}

// flakyConfig renders the configuration at version v: version 2 changes something in every object (names,
// descriptions, member access, custom field values, choice order), so that applying it updates all of them.
func flakyConfig(sim *testSim, v int) string {
	return sim.providerBlock(`
  max_retries               = 8
  request_timeout           = "10s"
  get_requests_per_minute   = 600000
  write_requests_per_minute = 600000
`) + fmt.Sprintf(`
locals {
  v = %[5]d
}

resource "happyfox_contact" "c" {
  count = %[1]d
  name  = "Flaky Contact ${count.index} v${local.v}"
  email = "flaky-${count.index}@flaky.example"
}

resource "happyfox_contact_group" "g" {
  count       = %[2]d
  name        = "Flaky Group ${count.index}"
  description = "group ${count.index} v${local.v}"
  contacts = [
    { contact_id = happyfox_contact.c[count.index].id, access_tickets = local.v == 1 },
    { contact_id = happyfox_contact.c[count.index + %[2]d].id },
  ]
}

resource "happyfox_contact_group" "shared" {
  name = "Flaky Shared Group"
}

resource "happyfox_contact_group_membership" "m" {
  count          = %[3]d
  group_id       = happyfox_contact_group.shared.id
  contact_id     = happyfox_contact.c[count.index].id
  access_tickets = count.index %% 2 == local.v %% 2
}

resource "happyfox_asset" "a" {
  count             = %[4]d
  asset_type_id     = count.index %% 2 == 0 ? 2 : 1
  name              = "Flaky Asset ${count.index} v${local.v}"
  display_id        = "FLK-${count.index}"
  contact_ids       = [happyfox_contact.c[count.index %% %[1]d].id]
  contact_group_ids = [happyfox_contact_group.g[count.index %% %[2]d].id]
  custom_fields     = count.index %% 2 == 0 ? { "45" = "SN-${count.index}", "49" = tostring(local.v + 1) } : {}
}

resource "happyfox_ticket_custom_field_choices" "survey" {
  field_id = 61
  choices  = local.v == 1 ? [{ text = "Yes" }, { text = "No" }, { text = "Maybe" }] : [{ text = "Maybe" }, { text = "Yes" }, { text = "No" }]
}

resource "happyfox_ticket_custom_field_choices" "product" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }, { text = "Doohickey" }]
}

resource "happyfox_ticket_custom_field_choices" "regions" {
  field_id = 64
  choices  = [{ text = "North" }, { text = "South" }, { text = "East" }, { text = "West" }]
}
`, flakyContacts, flakyGroups, flakyMemberships, flakyAssets, v)
}

// With about 10% of all calls failing (5xx, dropped connections, answers lost after HappyFox processed the
// request) and some slow answers, an apply of 103 mixed objects completes. Afterwards HappyFox holds exactly the
// declared objects (no duplicate from a repeated create, nothing orphaned, every member and choice as
// configured), state tracks each of them, and the next plan is empty. A second apply then changes every object
// under the same faults and converges the same way. The faults stay on throughout, refresh, plan and destroy
// included.
func TestAccReliability_flakyNetworkApplyConverges(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	sim.SetFaults(flakyFaults)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{flakyStep(t, sim, 1), flakyStep(t, sim, 2)},
	})
}

// flakyStep applies version v of the configuration (step 1 creates everything, step 2 updates everything).
func flakyStep(t *testing.T, sim *testSim, v int) resource.TestStep {
	return resource.TestStep{
		PreConfig: sim.ResetCounters, // the checks below count this step's faults only
		Config:    flakyConfig(sim, v),
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
		Check: func(s *terraform.State) error {
			st := sim.Counters()
			t.Logf("after version %d: requests %d, injected faults %d (5xx %d, dropped %d, processed then failed %d), slow %d",
				v, st.Total, st.Faults, st.FaultErrors, st.FaultDrops, st.FaultProcessedThenFail, st.Slow)
			if st.FaultErrors == 0 || st.FaultDrops == 0 || st.FaultProcessedThenFail == 0 || st.Slow == 0 {
				return fmt.Errorf("every kind of fault must have happened for the test to prove anything: %+v", st)
			}
			return flakyOutcome(sim, s, v)
		},
	}
}

// flakyOutcome compares HappyFox's objects with the configuration and with state.
func flakyOutcome(sim *testSim, s *terraform.State, v int) error {
	var problems []string
	fail := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	inState := func(typ string) map[string]bool {
		ids := map[string]bool{}
		for _, r := range s.RootModule().Resources {
			if r.Type == typ {
				ids[r.Primary.ID] = true
			}
		}
		return ids
	}

	// Contacts: exactly one per declared e-mail, each tracked in state.
	contactIDs := map[string]int64{}
	stateContacts := inState("happyfox_contact")
	for _, c := range sim.Contacts() {
		if !strings.HasSuffix(c.Email, "@flaky.example") {
			continue
		}
		if _, dup := contactIDs[c.Email]; dup {
			fail("contact %s exists twice", c.Email)
		}
		contactIDs[c.Email] = c.ID
		if !strings.HasSuffix(c.Name, fmt.Sprintf(" v%d", v)) {
			fail("contact %s is named %q", c.Email, c.Name)
		}
		if !stateContacts[fmt.Sprint(c.ID)] {
			fail("contact %d (%s) is not in state: orphaned", c.ID, c.Email)
		}
	}
	if len(contactIDs) != flakyContacts || len(stateContacts) != flakyContacts {
		fail("%d contacts in HappyFox and %d in state, want %d", len(contactIDs), len(stateContacts), flakyContacts)
	}
	contact := func(i int) int64 { return contactIDs[fmt.Sprintf("flaky-%d@flaky.example", i)] }

	// Groups: one per declared name, with exactly the declared members.
	groupIDs := map[string]int64{}
	stateGroups := inState("happyfox_contact_group")
	for _, g := range sim.ContactGroups() {
		if !strings.HasPrefix(g.Name, "Flaky ") {
			continue
		}
		if _, dup := groupIDs[g.Name]; dup {
			fail("group %q exists twice", g.Name)
		}
		groupIDs[g.Name] = g.ID
		if g.Name != "Flaky Shared Group" && !strings.HasSuffix(g.Description, fmt.Sprintf(" v%d", v)) {
			fail("group %q has description %q", g.Name, g.Description)
		}
		if !stateGroups[fmt.Sprint(g.ID)] {
			fail("group %d (%q) is not in state: orphaned", g.ID, g.Name)
		}
	}
	if len(groupIDs) != flakyGroups+1 || len(stateGroups) != flakyGroups+1 {
		fail("%d groups in HappyFox and %d in state, want %d", len(groupIDs), len(stateGroups), flakyGroups+1)
	}
	members := func(name string) string {
		g, _ := sim.ContactGroup(groupIDs[name])
		var out []string
		for _, m := range g.Members {
			out = append(out, fmt.Sprintf("%d:%t", m.ContactID, m.AccessTickets))
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	for i := range flakyGroups {
		want := []string{fmt.Sprintf("%d:%t", contact(i), v == 1), fmt.Sprintf("%d:false", contact(i+flakyGroups))}
		sort.Strings(want)
		if got := members(fmt.Sprintf("Flaky Group %d", i)); got != strings.Join(want, " ") {
			fail("group %d members %q, want %q", i, got, strings.Join(want, " "))
		}
	}
	var wantShared []string
	for i := range flakyMemberships {
		wantShared = append(wantShared, fmt.Sprintf("%d:%t", contact(i), i%2 == v%2))
	}
	sort.Strings(wantShared)
	if got := members("Flaky Shared Group"); got != strings.Join(wantShared, " ") {
		fail("shared group members %q, want %q", got, strings.Join(wantShared, " "))
	}
	if n := len(inState("happyfox_contact_group_membership")); n != flakyMemberships {
		fail("%d memberships in state, want %d", n, flakyMemberships)
	}

	// Assets: one per display id, linked and filled in as declared.
	stateAssets := inState("happyfox_asset")
	seen := map[string]bool{}
	for _, a := range sim.Assets() {
		if !strings.HasPrefix(a.DisplayID, "FLK-") {
			continue
		}
		if seen[a.DisplayID] {
			fail("asset %s exists twice", a.DisplayID)
		}
		seen[a.DisplayID] = true
		if !stateAssets[fmt.Sprint(a.ID)] {
			fail("asset %d (%s) is not in state: orphaned", a.ID, a.DisplayID)
		}
		i, err := strconv.Atoi(strings.TrimPrefix(a.DisplayID, "FLK-"))
		if err != nil {
			fail("unexpected asset %s", a.DisplayID)
			continue
		}
		wantGroup := groupIDs[fmt.Sprintf("Flaky Group %d", i%flakyGroups)]
		if !slices.Equal(a.ContactIDs, []int64{contact(i % flakyContacts)}) || !slices.Equal(a.ContactGroupIDs, []int64{wantGroup}) {
			fail("asset %s links contacts %v and groups %v", a.DisplayID, a.ContactIDs, a.ContactGroupIDs)
		}
		if a.Name != fmt.Sprintf("Flaky Asset %d v%d", i, v) {
			fail("asset %s is named %q", a.DisplayID, a.Name)
		}
		if i%2 == 0 && (fmt.Sprint(a.CustomFields[45]) != fmt.Sprintf("SN-%d", i) || fmt.Sprint(a.CustomFields[49]) != fmt.Sprint(v+1)) {
			fail("asset %s custom fields %v", a.DisplayID, a.CustomFields)
		}
	}
	if len(seen) != flakyAssets || len(stateAssets) != flakyAssets {
		fail("%d assets in HappyFox and %d in state, want %d", len(seen), len(stateAssets), flakyAssets)
	}

	// Ticket field choices: exactly the declared texts, in order, none twice.
	survey := "Yes No Maybe"
	if v == 2 {
		survey = "Maybe Yes No"
	}
	for id, want := range map[int64]string{61: survey, 62: "Widget Gadget Gizmo Doohickey", 64: "North South East West"} {
		f, _ := sim.TicketCustomField(id)
		var texts []string
		for _, c := range f.Choices {
			texts = append(texts, c.Text)
		}
		if got := strings.Join(texts, " "); got != want {
			fail("ticket field %d choices %q, want %q", id, got, want)
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("after the flaky apply of version %d:\n  %s", v, strings.Join(problems, "\n  "))
	}
	return nil
}
