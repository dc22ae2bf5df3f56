package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const contactAddr = "happyfox_contact.test"

// contactConfig renders one happyfox_contact named "test" with body as its arguments.
func contactConfig(sim *testSim, body string) string {
	return sim.providerBlock("") + "\nresource \"happyfox_contact\" \"test\" {\n" + body + "\n}\n"
}

// contactIDFromState returns the id of contactAddr from Terraform state.
func contactIDFromState(s *terraform.State) (int64, error) { return stateID(s, contactAddr, "contact") }

// simClient is an API client acting "outside Terraform" through the API itself.
func simClient(t *testing.T, sim *testSim) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: sim.URL, APIKey: testAPIKey, AuthCode: testAuthCode})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// flexRE compiles a pattern for an error message that Terraform may have wrapped: every space matches any
// run of white space, and "." matches newlines.
func flexRE(pattern string) *regexp.Regexp {
	return regexp.MustCompile("(?s)" + strings.ReplaceAll(pattern, " ", `\s+`))
}

func phoneIDs(c happyfoxsim.Contact) []int64 {
	var ids []int64
	for _, p := range c.Phones {
		ids = append(ids, p.ID)
	}
	return ids
}

const lifecycleContact = `
  name             = "Grace Hopper"
  email            = "grace@navy.example"
  is_login_enabled = false
  phones = [
    { type = "mo", number = "+1 555 0101", is_primary = true },
    { type = "w", number = "+1 555 0102" },
  ]
  custom_fields = {
    "4" = "NAVY-1"
    "5" = "4"
    "6" = "12.5"
    "7" = "2025-06-30"
    "8" = "10,12"
  }
`

func TestAccContact_lifecycle(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	var firstPhones []int64
	edited := regexp.MustCompile(`"\+1 555 0102"`).ReplaceAllString(lifecycleContact, `"+1 555 0199"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy must leave the contact in HappyFox: the API cannot delete it.
		CheckDestroy: func(*terraform.State) error {
			if c, ok := sim.Contact(id); !ok || c.Name != "Grace Hopper" {
				return fmt.Errorf("contact %d changed or disappeared on destroy: %+v", id, c)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: contactConfig(sim, lifecycleContact),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("created_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("is_login_enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("phones"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.NotNull(), "type": knownvalue.StringExact("mo"),
							"number": knownvalue.StringExact("+1 555 0101"), "is_primary": knownvalue.Bool(true),
						}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"id": knownvalue.NotNull(), "type": knownvalue.StringExact("w"),
							"number": knownvalue.StringExact("+1 555 0102"), "is_primary": knownvalue.Bool(false),
						}),
					})),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					var err error
					if id, err = contactIDFromState(s); err != nil {
						return err
					}
					c, _ := sim.Contact(id)
					if c.Email != "grace@navy.example" || c.IsLoginEnabled || len(c.Phones) != 2 {
						return fmt.Errorf("simulator does not hold the contact as configured: %+v", c)
					}
					if c.Phones[0].Type != "mo" || !c.Phones[0].IsPrimary || c.Phones[1].Type != "w" || c.Phones[1].IsPrimary {
						return fmt.Errorf("phones not stored as configured: %+v", c.Phones)
					}
					want := map[int64]any{4: "NAVY-1", 5: int64(4), 6: 12.5, 7: "2025-06-30", 8: []int64{10, 12}}
					if fmt.Sprint(c.CustomFields) != fmt.Sprint(want) {
						return fmt.Errorf("custom fields stored as %v, want %v", c.CustomFields, want)
					}
					firstPhones = phoneIDs(c)
					return nil
				},
			},
			{
				// Editing a number updates that phone in place: same ids, no third phone.
				Config: contactConfig(sim, edited),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					c, _ := sim.Contact(id)
					if !slices.Equal(phoneIDs(c), firstPhones) {
						return fmt.Errorf("phone ids changed from %v to %v: the edit added a phone instead of updating it", firstPhones, phoneIDs(c))
					}
					if c.Phones[1].Number != "+1 555 0199" {
						return fmt.Errorf("number not updated: %+v", c.Phones)
					}
					return nil
				},
			},
			{
				ResourceName:      contactAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      contactAddr,
				ImportState:       true,
				ImportStateId:     "GRACE@navy.example",
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccContact_phoneTypeWordsAndPrimaryLeftToHappyFox(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := contactConfig(sim, `
  name  = "Words"
  email = "words@example.net"
  phones = [
    { type = "Mobile", number = "(020) 7946-0100" },
    { type = "home", number = "020 7946 0101" },
  ]
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				// The configured spelling stays in state; HappyFox got the codes.
				statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("phones").AtSliceIndex(0).AtMapKey("type"), knownvalue.StringExact("Mobile")),
				statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("phones").AtSliceIndex(1).AtMapKey("type"), knownvalue.StringExact("home")),
				statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("is_login_enabled"), knownvalue.Bool(true)),
			},
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				id, err := contactIDFromState(s)
				if err != nil {
					return err
				}
				c, _ := sim.Contact(id)
				if len(c.Phones) != 2 || c.Phones[0].Type != "mo" || c.Phones[1].Type != "h" {
					return fmt.Errorf("phone types not sent as codes: %+v", c.Phones)
				}
				return nil
			},
		}},
	})
}

func TestAccContact_customFieldSetOutsideTerraformSurvives(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	body := func(name string) string {
		return fmt.Sprintf(`
  name          = %q
  email         = "fields@example.net"
  custom_fields = { "4" = "MANAGED" }
`, name)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: contactConfig(sim, body("Before")), Check: func(s *terraform.State) (err error) { id, err = contactIDFromState(s); return err }},
			{
				// Someone sets two other fields in HappyFox: no diff, since only "4" is managed.
				PreConfig: func() {
					if !sim.SetContactCustomField(id, 6, 42) || !sim.SetContactCustomField(id, 8, []any{11}) {
						t.Fatal("could not set custom fields in the simulator")
					}
				},
				Config: contactConfig(sim, body("Before")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Renaming must send the unmanaged values back: HappyFox resets fields a write leaves out.
				Config: contactConfig(sim, body("After")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					c, _ := sim.Contact(id)
					want := map[int64]any{4: "MANAGED", 6: int64(42), 8: []int64{11}}
					if c.Name != "After" || fmt.Sprint(c.CustomFields) != fmt.Sprint(want) {
						return fmt.Errorf("after the rename the contact is %q with fields %v, want fields %v", c.Name, c.CustomFields, want)
					}
					return nil
				},
			},
			{
				// Leaving custom_fields out of the configuration stops managing it: nothing is cleared.
				Config: contactConfig(sim, `
  name  = "After"
  email = "fields@example.net"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(*terraform.State) error {
					c, _ := sim.Contact(id)
					if want := map[int64]any{4: "MANAGED", 6: int64(42), 8: []int64{11}}; fmt.Sprint(c.CustomFields) != fmt.Sprint(want) {
						return fmt.Errorf("fields %v, want %v", c.CustomFields, want)
					}
					return nil
				},
			},
			{
				// Clearing takes an explicit value: custom_fields = {} clears the field it managed (as the plan
				// shows), and only that field.
				Config: contactConfig(sim, `
  name          = "After"
  email         = "fields@example.net"
  custom_fields = {}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					c, _ := sim.Contact(id)
					if want := map[int64]any{6: int64(42), 8: []int64{11}}; fmt.Sprint(c.CustomFields) != fmt.Sprint(want) {
						return fmt.Errorf("fields %v, want %v", c.CustomFields, want)
					}
					return nil
				},
			},
		},
	})
}

func TestAccContact_emailCaseGivesNoDiff(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	cfg := contactConfig(sim, `
  name  = "Case Person"
  email = "Case.Person@Example.com"
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) (err error) { id, err = contactIDFromState(s); return err }},
			{
				// HappyFox now returns the address in lower case (changed through the API outside Terraform).
				PreConfig: func() {
					if _, err := simClient(t, sim).UpdateContact(context.Background(), id, client.ContactInput{Email: "case.person@example.com"}); err != nil {
						t.Fatal(err)
					}
					if c, _ := sim.Contact(id); c.Email != "case.person@example.com" {
						t.Fatalf("email case not changed in the simulator: %q", c.Email)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(contactAddr, tfjsonpath.New("email"), knownvalue.StringExact("Case.Person@Example.com")),
				},
			},
		},
	})
}

func TestAccContact_existingEmailIsRefused(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	before, _ := sim.Contact(1) // seed: existing@example.com
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: contactConfig(sim, `
  name  = "Impostor"
  email = "EXISTING@example.com"
`),
			ExpectError: flexRE(`Contact already exists.*terraform import <address> 1 `),
		}},
	})
	after, _ := sim.Contact(1)
	if after.Name != before.Name || sim.Counters().Routes["POST /users/"] != 0 {
		t.Fatalf("the existing contact was written to: %+v (POST /users/ %d times)", after, sim.Counters().Routes["POST /users/"])
	}
}

func TestAccContact_ambiguousCreateAdoptsTheContact(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// HappyFox creates the contact but the answer is lost: the provider must find it by e-mail, not POST again.
	sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: "status", Routes: []string{"POST /users/"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: contactConfig(sim, `
  name  = "Lost Answer"
  email = "lost@example.net"
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				id, err := contactIDFromState(s)
				if err != nil {
					return err
				}
				c, ok := sim.ContactByEmail("lost@example.net")
				if !ok || c.ID != id {
					return fmt.Errorf("state id %d does not match the created contact %+v", id, c)
				}
				if n := sim.Counters().Routes["POST /users/"]; n != 1 {
					return fmt.Errorf("POST /users/ sent %d times, want exactly 1", n)
				}
				return nil
			},
		}},
	})
}

func TestAccContact_deletedOutsideTerraform(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var first int64
	cfg := contactConfig(sim, `
  name  = "Ephemeral"
  email = "ephemeral@example.net"
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) (err error) { first, err = contactIDFromState(s); return err }},
			{
				PreConfig: func() {
					if !sim.RemoveContact(first) {
						t.Fatalf("could not remove contact %d", first)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(contactAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					id, err := contactIDFromState(s)
					if err != nil {
						return err
					}
					if id == first {
						return fmt.Errorf("expected a new contact, got the old id %d", id)
					}
					return nil
				},
			},
		},
	})
}

func TestAccContact_removedPhoneIsRefusedUntilDeletedInHappyFox(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	two := contactConfig(sim, `
  name   = "Two Phones"
  email  = "two@example.net"
  phones = [{ number = "111 111" }, { number = "222 222" }]
`)
	one := contactConfig(sim, `
  name   = "Two Phones"
  email  = "two@example.net"
  phones = [{ number = "111 111" }]
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: two, Check: func(s *terraform.State) (err error) { id, err = contactIDFromState(s); return err }},
			{
				PreConfig:   sim.ResetCounters,
				Config:      one,
				ExpectError: flexRE(`Phone cannot be removed.*"222 222".*HappyFox web interface`),
			},
			{
				// Nothing was sent; an admin deletes the phone in the web interface, and the configuration applies.
				PreConfig: func() {
					if n := sim.Counters().Routes["POST /user/{id}/"]; n != 0 {
						t.Fatalf("the refused plan sent %d updates", n)
					}
					c, _ := sim.Contact(id)
					c.Phones = c.Phones[:1]
					sim.RemoveContact(id)
					sim.AddContact(c)
				},
				Config: one,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				// Without phones in the configuration, phones are not managed: no error and no diff.
				Config: contactConfig(sim, `
  name  = "Two Phones"
  email = "two@example.net"
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
}

func TestAccContact_planTimeValidation(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	for name, tc := range map[string]struct{ body, want string }{
		"bad phone type": {`
  name   = "X"
  email  = "x@example.com"
  phones = [{ type = "cell", number = "123" }]`, `phones\[0\].type.*"cell" is not a HappyFox phone type`},
		"two primary phones": {`
  name   = "X"
  email  = "x@example.com"
  phones = [{ number = "123", is_primary = true }, { number = "456", is_primary = true }]`, `More than one primary phone.*phones\[0\], phones\[1\]`},
		"bad email": {`
  name  = "X"
  email = "not an email"`, `email.*"not an email" is not an e-mail address`},
		"letters in number": {`
  name   = "X"
  email  = "x@example.com"
  phones = [{ number = "call me" }]`, `phones\[0\].number.*not a phone number`},
		"neither email nor phone": {`
  name = "X"`, `E-mail or phone required`},
		"blank name": {`
  name  = " "
  email = "x@example.com"`, `name.*only white space`},
		"custom field key": {`
  name          = "X"
  email         = "x@example.com"
  custom_fields = { "Region" = "APAC" }`, `custom_fields.*must be a custom field id`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: contactConfig(sim, tc.body), PlanOnly: true, ExpectError: flexRE(tc.want)}},
			})
		})
	}
	if n := sim.Counters().Total; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d requests", n)
	}
}

func TestAccContact_customFieldValuesCheckedAtPlanTime(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	req := sim.AddUserCustomField(happyfoxsim.UserCustomField{Name: "Customer Code", Type: "text", Required: true})
	for name, tc := range map[string]struct{ fields, want string }{
		"unknown field":  {fmt.Sprintf(`{ "%d" = "C1", "999" = "x" }`, req.ID), `custom_fields\["999"\].*no contact custom field with id 999.*4 \("Account Number", text\)`},
		"unknown choice": {fmt.Sprintf(`{ "%d" = "C1", "5" = "99" }`, req.ID), `custom_fields\["5"\] = "99" is not a choice of field 5.*3 \(APAC\)`},
		"bad multi":      {fmt.Sprintf(`{ "%d" = "C1", "8" = "10,Chat" }`, req.ID), `custom_fields\["8"\] = "10,Chat" is not a list of choice ids.*\("Chat" is not a choice id\)`},
		"bad date":       {fmt.Sprintf(`{ "%d" = "C1", "7" = "30/06/2025" }`, req.ID), `custom_fields\["7"\] = "30/06/2025" is not a valid date.*YYYY-MM-DD`},
		"bad number":     {fmt.Sprintf(`{ "%d" = "C1", "6" = "1.234" }`, req.ID), `custom_fields\["6"\].*at most two decimals`},
		"required":       {`{ "4" = "A" }`, fmt.Sprintf(`requires a value for contact custom field %d \("Customer Code"\)`, req.ID)},
	} {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      contactConfig(sim, "  name = \"X\"\n  email = \"x@example.com\"\n  custom_fields = "+tc.fields),
					PlanOnly:    true,
					ExpectError: flexRE(tc.want),
				}},
			})
		})
	}
	if st := sim.Counters(); st.Routes["POST /users/"]+st.Routes["POST /user/{id}/"] != 0 {
		t.Fatalf("invalid custom field values reached a write endpoint: %v", st.Routes)
	}
}
