package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// A plan must predict its apply: a configuration that only creates fails terraform plan when HappyFox rejects
// the credentials, or when a contact's e-mail or a group's name is already taken (on the attribute). Nothing is
// written.
func TestAccReliability_planPredictsCreateFailures(t *testing.T) {
	skipUnlessAcc(t)
	sim := newTestSim(t, happyfoxsim.Options{})
	badCreds := fmt.Sprintf(`
provider "happyfox" {
  base_url  = %q
  api_key   = "wrong-key"
  auth_code = "wrong-code"
  staff_id  = 1
}
`, sim.URL)
	for _, tc := range []struct{ name, config, want string }{
		{"bad credentials, contact create only", badCreds + `
resource "happyfox_contact" "c" {
  name   = "New"
  phones = [{ number = "+1 555 0199" }]
}`, `HappyFox rejected the credentials`},
		{"bad credentials, group create only", badCreds + `
resource "happyfox_contact_group" "g" {
  name = "New group"
}`, `HappyFox rejected the credentials`},
		{"e-mail already taken", sim.providerBlock("") + `
resource "happyfox_contact" "c" {
  name  = "Someone Else"
  email = "Existing@Example.com"
}`, `Contact already exists(?s:.*)email = "Existing@Example.com"(?s:.*)contact 1 \("Existing Person"\)`},
		{"group name already taken", sim.providerBlock("") + `
resource "happyfox_contact_group" "g" {
  name = "VIP"
}`, `Contact group already exists(?s:.*)name = "VIP"(?s:.*)already exists in HappyFox \(id 2\)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if n := writes(sim); n != 0 {
		t.Fatalf("plans made %d writes: %v", n, sim.Counters().Routes)
	}
	if sim.Counters().Unauthorized == 0 {
		t.Fatal("the bad credentials never reached HappyFox: the credential cases prove nothing")
	}
}

// The plan-time checks of many creates stay within the GET budget: 200 new contacts cost the pages of the
// contact list plus a few lookups, not one GET (or two) per contact.
func TestAccReliability_planChecksOfManyCreatesArePaged(t *testing.T) {
	skipUnlessAcc(t)
	sim := newTestSim(t, happyfoxsim.Options{})
	for i := range 120 { // the account holds 125 contacts: 3 pages of 50
		sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Other %d", i), Email: fmt.Sprintf("other%d@example.com", i)})
	}
	const n = 200
	var cfg strings.Builder
	cfg.WriteString(sim.providerBlock(""))
	fmt.Fprintf(&cfg, `
resource "happyfox_contact" "c" {
  count = %d
  name  = "Planned ${count.index}"
  email = "planned${count.index}@example.com"
}
`, n)
	sim.ResetCounters()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: cfg.String(), PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
	gets := 0
	for route, c := range sim.Counters().Routes {
		if strings.HasPrefix(route, "GET ") {
			gets += c
		}
	}
	// planLookupSingles is how many e-mails the client checks one by one before it reads the list (probeAfter in
	// internal/client/readpath.go).
	const planLookupSingles = 4
	// Per plan: 3 pages + 4 single lookups (2 GETs each at most) + the credential check + the custom field
	// definitions (required fields); plugin-testing plans twice.
	const budget = 2 * (3 + 2*planLookupSingles + 2)
	if gets > budget {
		t.Fatalf("planning %d new contacts cost %d GETs (%v), want at most %d", n, gets, sim.Counters().Routes, budget)
	}
	if gets == 0 {
		t.Fatal("no lookup was made: the test proves nothing")
	}
	t.Logf("planning %d new contacts cost %d GETs", n, gets)
}

// A contact created without custom_fields still has HappyFox's required fields checked at plan time (leaving
// custom_fields out means "not managed", but the create sends no value, which HappyFox refuses).
func TestAccReliability_requiredFieldCheckedWithoutCustomFields(t *testing.T) {
	skipUnlessAcc(t)
	sim := newTestSim(t, happyfoxsim.Options{})
	f := sim.AddUserCustomField(happyfoxsim.UserCustomField{Name: "Contract", Type: "text", Required: true})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
resource "happyfox_contact" "c" {
  name  = "No Fields"
  email = "no.fields@example.com"
}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(fmt.Sprintf(`Required contact custom field missing(?s:.*)custom field %d \("Contract"\)`, f.ID)),
		}},
	})
}
