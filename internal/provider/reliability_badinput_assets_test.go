package provider

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Assets, contacts' multi-choice values and ticket field choices (RELIABILITY.md, the row of choices that differ only
// in case and multi-choice values with a repeat): invalid values that used to be silently changed (repeats reduced)
// or only refused by HappyFox are rejected by terraform plan, with the attribute path, before any write (the
// metadata cases read field definitions, never write), in the pattern of reliability_badinput_test.go.
func assetsBadInputCatalogue() []badInput {
	choices := func(list string) string {
		return fmt.Sprintf("\nresource \"happyfox_ticket_custom_field_choices\" \"x\" {\n  field_id = 62\n  choices  = %s\n}\n", list)
	}
	return []badInput{
		{name: "choices: texts that differ only in case", path: "choices[2].text", config: choices(`[{ text = "Widget" }, { text = "Gadget" }, { text = "widget" }]`),
			want: `Choice texts differ only in case.*choices\[2\] is "widget" and choices\[0\] is "Widget"`},
		{name: "choices: upper-case repeat of a later text", path: "choices[1].text", config: choices(`[{ text = "NORTH" }, { text = "North" }]`),
			want: `choices\[1\] is "North" and choices\[0\] is "NORTH"`},
		{name: "asset: multi-option value with a repeated choice", path: `custom_fields["50"]`, reads: true, config: `
resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Laptop"
  display_id    = "LAP-BAD"
  custom_fields = { "50" = "4,4" }
}
`, want: `custom_fields\["50"\] = "4,4" lists choice 4 twice`},
		{name: "asset: multi-option value with a repeat among others", path: `custom_fields["50"]`, reads: true, config: `
resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Laptop"
  display_id    = "LAP-BAD"
  custom_fields = { "50" = "5, 4, 5" }
}
`, want: `custom_fields\["50"\] = "5, 4, 5" lists choice 5 twice`},
		{name: "contact: multiple-choice value with a repeated choice", path: `custom_fields["8"]`, reads: true, config: `
resource "happyfox_contact" "x" {
  name          = "Jane"
  email         = "jane@example.com"
  custom_fields = { "8" = "10,10" }
}
`, want: `custom_fields\["8"\].*"10,10" lists choice 10 twice`},
	}
}

func TestAccReliabilityAssets_badInputRejectedAtPlanTime(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1 to run it (the counter checks below need the subtests to run)", resource.EnvTfAcc)
	}
	clearHappyFoxEnv(t)
	quiet := newTestSim(t, happyfoxsim.Options{}) // must see no request at all
	meta := newTestSim(t, happyfoxsim.Options{})  // may be read, never written
	runBadInputs(t, quiet, meta, assetsBadInputCatalogue())
}

// The asset name limit is 200 characters, not bytes (§3.3): a name of 200 two-byte characters (400 bytes) is
// accepted at plan time and stored by HappyFox as is.
func TestAccReliabilityAssets_nameOf200NonASCIICharacters(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	name := strings.Repeat("é", 200)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: assetResourceConfig(sim, fmt.Sprintf("  asset_type_id = 1\n  name = %q\n  display_id = \"UNI-200\"", name)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionCreate)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.TestCheckResourceAttr(assetAddr, "name", name),
		}},
	})
}
