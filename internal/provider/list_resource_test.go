package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// List resources and `terraform query` need Terraform >= 1.14; older CLIs (and OpenTofu) skip these tests.
var queryMinVersion = version.Must(version.NewVersion("1.14.0"))

// gets counts the GET requests to a route (e.g. "GET /users/").
func gets(sim *testSim, route string) int { return sim.Counters().Routes[route] }

// TestAccListResources_query lists an account big enough to need several pages of every paged kind (125
// contacts: 3 pages; 60 assets: 2 pages), checks what each list returns, that limit stops paging early, and
// that no object is fetched on its own.
func TestAccListResources_query(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	acc := sim.SeedAdoptionAccount(120, 30, 60)
	firstGroup := acc.GroupIDs[0]
	members := 0
	for i := 1; i <= 120; i++ {
		if acc.GroupIDs[i%len(acc.GroupIDs)] == firstGroup {
			members++
		}
	}
	perDomain := 40 // person-NNNN@<domain>, domains in rotation
	// Query files hold only list blocks: the provider block comes from the configuration of the first step.
	query := fmt.Sprintf(`
list "happyfox_contact" "all" {
  provider = happyfox
  limit    = 1000
}
list "happyfox_contact" "beta" {
  provider         = happyfox
  include_resource = true
  limit            = 1000
  config {
    email_domain = "beta.example"
  }
}
list "happyfox_contact" "search" {
  provider = happyfox
  config {
    search = "name:person 001"
  }
}
list "happyfox_contact" "in_group" {
  provider = happyfox
  config {
    contact_group_id = %[1]d
  }
}
list "happyfox_contact_group" "first_nine" {
  provider = happyfox
  config {
    name_contains = "adopted GROUP 00"
  }
}
list "happyfox_contact_group" "all" {
  provider         = happyfox
  include_resource = true
  limit            = 1000
}
list "happyfox_contact_group_membership" "first" {
  provider         = happyfox
  include_resource = true
  config {
    group_id = %[1]d
  }
}
list "happyfox_asset" "adopted" {
  provider         = happyfox
  include_resource = true
  limit            = 1000
  config {
    asset_type_id = %[2]d
  }
}
list "happyfox_ticket_custom_field_choices" "all" {
  provider         = happyfox
  include_resource = true
}
`, firstGroup, acc.AssetTypeID)

	limited := `
list "happyfox_contact" "first60" {
  provider = happyfox
  limit    = 60
}
`
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(queryMinVersion)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sim.providerBlock("")},
			{
				PreConfig: func() { sim.ResetCounters() },
				Query:     true,
				Config:    query,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("happyfox_contact.all", 125), // 5 seed contacts + 120
					querycheck.ExpectLength("happyfox_contact.beta", perDomain),
					querycheck.ExpectLength("happyfox_contact.search", 11), // "001" in the name: Person 0001, 0010 … 0019
					querycheck.ExpectLength("happyfox_contact_group.all", 32),
					querycheck.ExpectLength("happyfox_contact.in_group", members),
					querycheck.ExpectLength("happyfox_contact_group.first_nine", 9), // Adopted group 001 … 009
					querycheck.ExpectLength("happyfox_contact_group_membership.first", members),
					querycheck.ExpectLength("happyfox_asset.adopted", 60),
					querycheck.ExpectLengthAtLeast("happyfox_ticket_custom_field_choices.all", 1),
					querycheck.ExpectIdentity("happyfox_contact_group.all", map[string]knownvalue.Check{"id": knownvalue.Int64Exact(firstGroup)}),
					querycheck.ExpectIdentity("happyfox_ticket_custom_field_choices.all", map[string]knownvalue.Check{"field_id": knownvalue.Int64Exact(productFieldID)}),
					querycheck.ExpectResourceDisplayName("happyfox_contact_group.all",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(firstGroup)}),
						knownvalue.StringExact("Adopted group 001")),
					querycheck.ExpectResourceKnownValues("happyfox_contact.beta",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(acc.ContactIDs[0])}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("email"), KnownValue: knownvalue.StringExact("person-0001@beta.example")},
							{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact("Person 0001")},
						}),
					querycheck.ExpectResourceKnownValues("happyfox_asset.adopted",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(acc.AssetIDs[0])}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("display_id"), KnownValue: knownvalue.StringExact("AD-0001")},
							{Path: tfjsonpath.New("asset_type_id"), KnownValue: knownvalue.Int64Exact(acc.AssetTypeID)},
						}),
					querycheck.ExpectResourceKnownValues("happyfox_contact_group_membership.first",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"group_id": knownvalue.Int64Exact(firstGroup), "contact_id": knownvalue.Int64Exact(acc.ContactIDs[29]),
						}),
						[]querycheck.KnownValueCheck{{Path: tfjsonpath.New("access_tickets"), KnownValue: knownvalue.Bool(false)}}),
				},
			},
			{
				// The GET budget of that query: whole pages, never one object at a time, and no writes.
				PreConfig: func() {
					r := sim.Counters().Routes
					var problems []string
					if n := writes(sim); n != 0 {
						problems = append(problems, fmt.Sprintf("%d write(s)", n))
					}
					for route, n := range r {
						if strings.HasPrefix(route, "GET /user/") || strings.HasPrefix(route, "GET /asset/") {
							problems = append(problems, fmt.Sprintf("%d %s", n, route))
						}
					}
					if len(problems) > 0 {
						t.Fatalf("query made per-object requests or writes: %s (routes %v)", strings.Join(problems, ", "), r)
					}
					sim.ResetCounters()
				},
				Query:             true,
				Config:            limited,
				QueryResultChecks: []querycheck.QueryResultCheck{querycheck.ExpectLength("happyfox_contact.first60", 60)},
			},
			{
				// limit = 60 stops after page 2 of 3 (50 a page).
				Config: sim.providerBlock(""),
				Check: func(*terraform.State) error {
					if n := gets(sim, "GET /users/"); n != 2 {
						return fmt.Errorf("a query with limit 60 made %d GET users/ requests, want 2 (pages of 50): %v", n, sim.Counters().Routes)
					}
					return nil
				},
			},
		},
	})
}
