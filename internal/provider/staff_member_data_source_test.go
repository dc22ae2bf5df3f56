package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccStaffMemberDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_staff_member" "by_email" { email = "BEN@Example.COM" }
data "happyfox_staff_member" "by_name" { name = "Dee Viewer" }
data "happyfox_staff_member" "by_id" { id = 3 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Email matching ignores case; the attribute then holds the address as HappyFox stores it.
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_email", tfjsonpath.Path{}, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":               knownvalue.Int64Exact(2),
					"name":             knownvalue.StringExact("Ben Agent"),
					"email":            knownvalue.StringExact("ben@example.com"),
					"active":           knownvalue.Bool(true),
					"is_account_admin": knownvalue.Bool(false),
					"role_id":          knownvalue.Int64Exact(2),
					"role_name":        knownvalue.StringExact("Agent"),
					"category_ids":     knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(3)}),
					"permissions": knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("manage_contacts"), knownvalue.StringExact("manage_contact_groups"),
					}),
				})),
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_name", tfjsonpath.New("id"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_name", tfjsonpath.New("role_name"), knownvalue.StringExact("Viewer")),
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_id", tfjsonpath.New("email"), knownvalue.StringExact("cy@example.com")),
				statecheck.ExpectKnownValue("data.happyfox_staff_member.by_id", tfjsonpath.New("active"), knownvalue.Bool(false)),
			},
		}},
	})
}

func TestAccStaffMemberDataSource_noSingleMatch(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := func(selector string) string {
		return sim.providerBlock("") + `data "happyfox_staff_member" "x" { ` + selector + ` }`
	}
	seedAgents := `"Ada Admin" <ada@example.com> (id 1), "Ben Agent" <ben@example.com> (id 2), ` +
		`"Cy Former" <cy@example.com> (id 3), "Dee Viewer" <dee@example.com> (id 4).`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(`name = "ada admin"`),
				ExpectError: errorPattern(`No single HappyFox agent matches`, `no staff member with name "ada admin" exists`,
					`Available: `+seedAgents, `Matching is exact`),
			},
			{
				Config: cfg(`email = "nobody@example.com"`),
				ExpectError: errorPattern(`no staff member with email "nobody@example.com" (compared case-insensitively) exists`,
					`Available: `+seedAgents, `Check the address, or select by id or name`),
			},
			{
				Config:      cfg(`id = 99`),
				ExpectError: errorPattern(`no staff member with id 99 exists`, `Available: `+seedAgents),
			},
			{
				// Two agents share a name, and another one's address differs from Ada's only by case.
				PreConfig: func() {
					sim.AddStaff(happyfoxsim.Staff{ID: 8, Name: "Ben Agent", Email: "ben.two@example.com", Active: true})
					sim.AddStaff(happyfoxsim.Staff{ID: 9, Name: "Ada Again", Email: "ADA@example.com", Active: true})
				},
				Config: cfg(`name = "Ben Agent"`),
				ExpectError: errorPattern(`name "Ben Agent" is ambiguous: 2 HappyFox staff member objects match it:`,
					`"Ben Agent" <ben@example.com> (id 2), "Ben Agent" <ben.two@example.com> (id 8).`, `Select by id`),
			},
			{
				Config: cfg(`email = "ada@example.com"`),
				ExpectError: errorPattern(`email "ada@example.com" is ambiguous: 2 HappyFox staff member objects match it:`,
					`"Ada Admin" <ada@example.com> (id 1), "Ada Again" <ADA@example.com> (id 9).`),
			},
			{
				Config: cfg(`email = "ben.two@example.com"`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_staff_member.x", tfjsonpath.New("id"), knownvalue.Int64Exact(8)),
				},
			},
		},
	})
}

func TestAccStaffMemberDataSource_selectorValidation(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	block := func(body string) string {
		return sim.providerBlock("") + "data \"happyfox_staff_member\" \"x\" {\n" + body + "\n}\n"
	}
	missing := []string{"Missing selector", "exactly one of `id`, `name`, `email`: set one of them"}
	both := []string{"Conflicting selectors", "are both set"}
	testAccPlanTimeErrors(t, sim, map[string]planTimeErrorCase{
		"no selector":    {block(``), missing},
		"id and email":   {block("id = 1\nemail = \"ada@example.com\""), both},
		"name and email": {block("name = \"Ada Admin\"\nemail = \"ada@example.com\""), both},
		"not an email":   {block(`email = "ada"`), []string{`Attribute email must be an email address`}},
		"id zero":        {block(`id = 0`), []string{`Attribute id value must be at least 1`}},
		"empty name":     {block(`name = ""`), []string{`Attribute name string length must be at least 1`}},
	})
}

func TestStaffEmailPattern(t *testing.T) {
	for _, ok := range []string{"ada@example.com", "ADA@Example.COM", "a.b+c@sub.example.org"} {
		if !staffEmailPattern.MatchString(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "ada", "ada@", "@example.com", "a da@example.com", "a@b@c"} {
		if staffEmailPattern.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
