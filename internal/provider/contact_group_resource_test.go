package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func contactGroupConfig(sim *testSim, name, desc string, domains ...string) string {
	list := ""
	for _, d := range domains {
		list += fmt.Sprintf("%q, ", d)
	}
	return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact_group" "test" {
  name           = %q
  description    = %q
  tagged_domains = [%s]
}
`, name, desc, list)
}

// groupIDFromState returns the id of happyfox_contact_group.test from Terraform state.
func groupIDFromState(s *terraform.State) (int64, error) {
	return stateID(s, "happyfox_contact_group.test", "contact group")
}

func TestAccContactGroup_lifecycle(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy must leave the group in HappyFox: the API cannot delete it.
		CheckDestroy: func(s *terraform.State) error {
			g, ok := sim.ContactGroup(id)
			if !ok {
				return fmt.Errorf("contact group %d disappeared from HappyFox on destroy", id)
			}
			if g.Name != "Platform Customers" {
				return fmt.Errorf("unexpected group after destroy: %+v", g)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: contactGroupConfig(sim, "Platform Customers", "Managed by Terraform", "example.org", "acme.io"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("id"), knownvalue.NotNull()),
					// Members not configured: not managed and not in the state, so that a refresh reads the group list only.
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("contacts"), knownvalue.Null()),
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("description"), knownvalue.StringExact("Managed by Terraform")),
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("tagged_domains"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("example.org"), knownvalue.StringExact("acme.io")})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					var err error
					if id, err = groupIDFromState(s); err != nil {
						return err
					}
					g, ok := sim.ContactGroup(id)
					if !ok || g.Description != "Managed by Terraform" {
						return fmt.Errorf("simulator does not hold the group as configured: %+v", g)
					}
					if g.TaggedDomains != "example.org,acme.io" && g.TaggedDomains != "acme.io,example.org" {
						return fmt.Errorf("tagged domains not sent as one comma-joined string: %q", g.TaggedDomains)
					}
					return nil
				},
			},
			{
				// Same domains in another order: a set, so no diff.
				Config:   contactGroupConfig(sim, "Platform Customers", "Managed by Terraform", "acme.io", "example.org"),
				PlanOnly: true,
			},
			{
				Config: contactGroupConfig(sim, "Platform Customers", "", "acme.io"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact_group.test", plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("description"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("tagged_domains"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("acme.io")})),
				},
			},
			{
				ResourceName:      "happyfox_contact_group.test",
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccContactGroup_deletedOutsideTerraform(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var first int64
	cfg := contactGroupConfig(sim, "Ephemeral", "gone soon")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) (err error) {
					first, err = groupIDFromState(s)
					return err
				},
			},
			{
				PreConfig: func() {
					if !sim.RemoveContactGroup(first) {
						t.Fatalf("could not remove group %d in the simulator", first)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact_group.test", plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					id, err := groupIDFromState(s)
					if err != nil {
						return err
					}
					if id == first {
						return fmt.Errorf("expected a new group, got the old id %d", id)
					}
					return nil
				},
			},
		},
	})
}

func TestAccContactGroup_driftIsCorrected(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	cfg := contactGroupConfig(sim, "Drifting", "as configured", "example.net")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) (err error) { id, err = groupIDFromState(s); return err }},
			{
				PreConfig: func() {
					d, tags := "changed in the UI", "other.net"
					sim.UpdateContactGroupOutside(id, &d, &tags)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact_group.test", plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					g, _ := sim.ContactGroup(id)
					if g.Description != "as configured" || g.TaggedDomains != "example.net" {
						return fmt.Errorf("drift not corrected: %+v", g)
					}
					return nil
				},
			},
		},
	})
}

func TestAccContactGroup_renameNotSupported(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{}) // like the documented API: edits ignore name
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: contactGroupConfig(sim, "Before", "")},
			{
				Config:      contactGroupConfig(sim, "After", ""),
				ExpectError: regexp.MustCompile(`(?s)HappyFox did not apply the change.*name`),
			},
		},
	})
}

func TestAccContactGroup_renameWhereSupported(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{GroupRename: "allowed"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: contactGroupConfig(sim, "Before", "")},
			{
				Config: contactGroupConfig(sim, "After", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("name"), knownvalue.StringExact("After")),
				},
			},
		},
	})
}

func TestAccContactGroup_existingNameSuggestsImport(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	existing := sim.ContactGroups()[0]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      contactGroupConfig(sim, existing.Name, ""),
			ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)already exists.*terraform import\s+<address>\s+%d`, existing.ID)),
		}},
	})
}

func TestAccContactGroup_planTimeValidation(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	for name, tc := range map[string]struct{ cfg, want string }{
		"domain with comma": {contactGroupConfig(sim, "X", "", "a.com,b.com"), `tagged_domains.*"a.com,b.com" is not a domain`},
		"domain with space": {contactGroupConfig(sim, "X", "", "a .com"), `tagged_domains.*"a .com" is not a domain`},
		"blank name":        {contactGroupConfig(sim, "   ", ""), `name.*only white space`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)` + tc.want)}},
			})
		})
	}
	if n := sim.Counters().Total; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d requests", n)
	}
}

func TestAccContactGroup_waitsOutRateLimitLockout(t *testing.T) {
	// HappyFox answers 429 for a while once the write budget is exceeded. The provider is configured with a larger
	// budget than the simulator allows, so it trips the limit; it must wait the lockout out and finish.
	sim := newTestSim(t, happyfoxsim.Options{WriteLimit: 2, LimitWindow: time.Minute, Lockout: 2 * time.Second, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"}})
	cfg := sim.providerBlock(`write_requests_per_minute = 10000`) + `
resource "happyfox_contact_group" "g" {
  count = 4
  name  = "Locked out ${count.index}"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				if sim.Counters().RateLimited == 0 {
					return fmt.Errorf("the simulator never answered 429; the test proves nothing")
				}
				return nil
			},
		}},
	})
}

func TestAccContactGroup_lockoutLongerThanMaxWait(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{WriteLimit: 1, LimitWindow: time.Hour, Lockout: time.Hour, Assume: happyfoxsim.Assumptions{RetryAfter: "seconds"}})
	cfg := sim.providerBlock(`
  write_requests_per_minute = 10000
  rate_limit_max_wait       = "1s"
`) + `
resource "happyfox_contact_group" "first" {
  name = "Created before the lockout"
}
resource "happyfox_contact_group" "second" {
  name       = "Hits the lockout"
  depends_on = [happyfox_contact_group.first]
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)rate limit.*locked out until.*run terraform apply\s+again.*lower\s+get_requests_per_minute\s+/\s+write_requests_per_minute`),
			},
			{
				// Once the lockout is over, the next plan must know the first group (it is in state) and create
				// only the second one.
				PreConfig: sim.ResetRateLimit,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("happyfox_contact_group.first", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("happyfox_contact_group.second", plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// membersConfig renders happyfox_contact_group.test with the given contacts expression (HCL) and extra arguments.
func membersConfig(sim *testSim, name, contacts, extra string) string {
	return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact_group" "test" {
  name     = %q
  contacts = %s
  %s
}
`, name, contacts, extra)
}

// simMembers renders a group's members as "id:access" in id order, e.g. "3:true 4:false".
func simMembers(sim *testSim, id int64) string {
	g, ok := sim.ContactGroup(id)
	if !ok {
		return "group missing"
	}
	ms := slices.Clone(g.Members)
	slices.SortFunc(ms, func(a, b happyfoxsim.GroupMember) int { return int(a.ContactID - b.ContactID) })
	parts := []string{}
	for _, m := range ms {
		parts = append(parts, fmt.Sprintf("%d:%t", m.ContactID, m.AccessTickets))
	}
	return strings.Join(parts, " ")
}

func TestAccContactGroup_membersAddChangeRemove(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	expectMembers := func(want string) resource.TestCheckFunc {
		return func(s *terraform.State) (err error) {
			if id, err = groupIDFromState(s); err != nil {
				return err
			}
			if got := simMembers(sim, id); got != want {
				return fmt.Errorf("members in HappyFox: %q, want %q", got, want)
			}
			return nil
		}
	}
	empty := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// remove_members_on_destroy defaults to false: destroy leaves the members.
		CheckDestroy: func(*terraform.State) error {
			if got := simMembers(sim, id); got != "3:false 5:true" {
				return fmt.Errorf("destroy changed the members: %q", got)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config:           membersConfig(sim, "Members", `[{ contact_id = 3, access_tickets = true }, { contact_id = 4 }]`, ""),
				ConfigPlanChecks: empty,
				Check:            expectMembers("3:true 4:false"),
			},
			{
				// Flag change and an addition.
				Config:           membersConfig(sim, "Members", `[{ contact_id = 3 }, { contact_id = 4 }, { contact_id = 5, access_tickets = true }]`, ""),
				ConfigPlanChecks: empty,
				Check:            expectMembers("3:false 4:false 5:true"),
			},
			{
				// A removal, plus a member added outside Terraform (as a membership resource would): contacts is
				// authoritative, so both go.
				PreConfig: func() {
					if !sim.AddContactToGroupOutside(id, 1, true) {
						t.Fatal("could not add a member in the simulator")
					}
				},
				Config: membersConfig(sim, "Members", `[{ contact_id = 3 }, { contact_id = 5, access_tickets = true }]`, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("happyfox_contact_group.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("happyfox_contact_group.test", tfjsonpath.New("contacts"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"contact_id": knownvalue.Int64Exact(3), "access_tickets": knownvalue.Bool(false)}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"contact_id": knownvalue.Int64Exact(5), "access_tickets": knownvalue.Bool(true)}),
					})),
				},
				Check: expectMembers("3:false 5:true"),
			},
			{
				// An import does not know whether the configuration manages the members, so it leaves contacts null
				// (membersShown): its refresh then reads the group list only. Configuring contacts after an import
				// plans an update that reads them (TestAccContactGroup_importThenManageMembers).
				ResourceName:            "happyfox_contact_group.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"contacts"},
			},
		},
	})
}

func TestAccContactGroup_moreThan100MembersInBatches(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var ids []string
	for i := range 120 {
		c := sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Bulk %03d", i), Email: fmt.Sprintf("bulk%03d@example.org", i), IsLoginEnabled: true})
		ids = append(ids, fmt.Sprint(c.ID))
	}
	var id int64
	cfg := sim.providerBlock("") + fmt.Sprintf(`
locals {
  ids = [%s]
}
resource "happyfox_contact_group" "test" {
  name                      = "Bulk"
  contacts                  = [for id in local.ids : { contact_id = id }]
  remove_members_on_destroy = true
}
`, strings.Join(ids, ", "))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// remove_members_on_destroy: the group stays but is emptied, again in batches of at most 100.
		CheckDestroy: func(*terraform.State) error {
			g, ok := sim.ContactGroup(id)
			if !ok || len(g.Members) != 0 {
				return fmt.Errorf("destroy should leave group %d empty: %+v", id, g)
			}
			if n := sim.Counters().Routes["POST /contact_group/{id}/delete_contacts/"]; n != 2 {
				return fmt.Errorf("delete_contacts called %d times for 120 members, want 2", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:           cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) (err error) {
				if id, err = groupIDFromState(s); err != nil {
					return err
				}
				g, _ := sim.ContactGroup(id)
				if len(g.Members) != 120 {
					return fmt.Errorf("group has %d members, want 120", len(g.Members))
				}
				if n := sim.Counters().Routes["POST /contact_group/{id}/update_contacts/"]; n != 2 {
					return fmt.Errorf("update_contacts called %d times for 120 contacts, want 2 (batches of at most 100)", n)
				}
				return nil
			},
		}},
	})
}

// A member HappyFox refuses although the plan found it (GET user/99999/ is made to answer, lying_lists_test.go):
// the error names it by id, the valid member is added, and the group is tracked. (An id that is surely no contact
// is refused at plan time: the bad-input catalogue.)
func TestAccContactGroup_unknownMemberIsReportedByID(t *testing.T) {
	sim := newLyingTestSim(t, happyfoxsim.Options{}, listLies{contacts: []int64{99999}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      membersConfig(sim, "Typo", `[{ contact_id = 3 }, { contact_id = 99999 }]`, ""),
			ExpectError: regexp.MustCompile(`(?s)refused 1 of 2 contact\(s\).*contact 99999: .*no such contact`),
		}},
	})
	// The valid contact was still added, and the group is tracked (it was saved to state before the failure).
	for _, g := range sim.ContactGroups() {
		if g.Name == "Typo" {
			if got := simMembers(sim, g.ID); got != "3:false" {
				t.Fatalf("members %q, want the valid contact only", got)
			}
			return
		}
	}
	t.Fatal("group not created")
}

func TestAccContactGroup_memberListedTwiceIsRejectedAtPlanTime(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      membersConfig(sim, "Twice", `[{ contact_id = 3, access_tickets = true }, { contact_id = 3 }]`, ""),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Contact listed twice.*Contact 3 appears more than once`),
		}},
	})
	if n := sim.Counters().Total; n != 0 {
		t.Fatalf("an invalid configuration reached the API: %d requests", n)
	}
}

// An internationalized tagged domain is accepted in Unicode and in punycode, and a description on several lines
// (inner line breaks and runs of spaces are kept: only white space at either end is refused); HappyFox stores
// both as sent and the next plan is empty.
func TestAccContactGroup_internationalDomainsAndMultiLineDescription(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:           contactGroupConfig(sim, "Bücher", "Line one\n\nLine  two", "bücher.example", "xn--bcher-kva.example", "例え.テスト"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				id, err := groupIDFromState(s)
				if err != nil {
					return err
				}
				g, _ := sim.ContactGroup(id)
				stored := strings.Split(g.TaggedDomains, ",")
				for _, d := range []string{"bücher.example", "xn--bcher-kva.example", "例え.テスト"} {
					if !slices.Contains(stored, d) {
						return fmt.Errorf("tagged domains %q lack %q", g.TaggedDomains, d)
					}
				}
				if g.Description != "Line one\n\nLine  two" {
					return fmt.Errorf("description %q", g.Description)
				}
				return nil
			},
		}},
	})
}
