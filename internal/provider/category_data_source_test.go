package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAccCategoryDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_category" "by_name" { name = "Support" }
data "happyfox_category" "by_id" { id = 4 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_category.by_name", tfjsonpath.Path{}, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                   knownvalue.Int64Exact(3),
					"name":                 knownvalue.StringExact("Support"),
					"description":          knownvalue.StringExact("Customer support"),
					"public":               knownvalue.Bool(true),
					"time_spent_mandatory": knownvalue.Bool(false),
					"prepopulate_cc":       knownvalue.StringExact(""),
				})),
				statecheck.ExpectKnownValue("data.happyfox_category.by_id", tfjsonpath.New("name"), knownvalue.StringExact("Billing")),
				statecheck.ExpectKnownValue("data.happyfox_category.by_id", tfjsonpath.New("prepopulate_cc"), knownvalue.StringExact("BIL")),
			},
		}},
	})
}

func TestAccCategoryDataSource_noSingleMatch(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := func(selector string) string {
		return sim.providerBlock("") + `data "happyfox_category" "x" { ` + selector + ` }`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(`name = "Support "`),
				ExpectError: errorPattern(`No single HappyFox category matches`, `no category with name "Support " exists`,
					`Available: "Support" (id 3), "Billing" (id 4), "Internal" (id 5).`, `Matching is exact`),
			},
			{
				Config:      cfg(`id = 42`),
				ExpectError: errorPattern(`no category with id 42 exists`, `"Support" (id 3), "Billing" (id 4), "Internal" (id 5)`),
			},
			{
				PreConfig: func() { sim.AddCategory(happyfoxsim.Category{ID: 9, Name: "Billing", Public: true}) },
				Config:    cfg(`name = "Billing"`),
				ExpectError: errorPattern(`name "Billing" is ambiguous: 2 HappyFox category objects match it: "Billing" (id 4), "Billing" (id 9).`,
					`Select by id`),
			},
			{
				Config: cfg(`id = 9`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.happyfox_category.x", tfjsonpath.New("public"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccCategoryDataSource_selectorValidation(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	block := func(body string) string {
		return sim.providerBlock("") + "data \"happyfox_category\" \"x\" {\n" + body + "\n}\n"
	}
	missing := []string{"Missing selector", "exactly one of `id`, `name`: set one of them"}
	both := []string{"Conflicting selectors", "are both set"}
	testAccPlanTimeErrors(t, sim, map[string]planTimeErrorCase{
		"no selector":   {block(``), missing},
		"two selectors": {block("id = 3\nname = \"Support\""), both},
		"negative id":   {block(`id = -1`), []string{`Attribute id value must be at least 1`}},
		"empty name":    {block(`name = ""`), []string{`Attribute name string length must be at least 1`}},
	})
}

func TestSelectByID(t *testing.T) {
	type item struct {
		id   int64
		name string
	}
	items := []item{{3, "Support"}, {4, "Billing"}}
	idOf := func(i item) int64 { return i.id }
	label := func(i item) string { return fmt.Sprintf("%q (id %d)", i.name, i.id) }
	if got, err := selectByID(items, 4, idOf, label, "category"); err != nil || got.name != "Billing" {
		t.Fatalf("got %+v, %v", got, err)
	}
	_, err := selectByID(items, 5, idOf, label, "category")
	want := `no category with id 5 exists in HappyFox. Available: "Support" (id 3), "Billing" (id 4). Check the id, or select by name`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if _, err := selectByID(nil, 1, idOf, label, "category"); err == nil || !strings.Contains(err.Error(), "Available: none.") {
		t.Fatalf("empty list: %v", err)
	}
}
