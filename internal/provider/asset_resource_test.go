package provider

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Seed data used below (internal/happyfoxsim/seed.go): asset types 1 General, 2 Laptop (fields 45 text,
// 46 textarea, 47 number, 48 date, 49 dropdown with choices 1-3, 50 multi_option with choices 4-6), 3 Licence;
// contacts 1-5; contact groups 1-2; staff 1 (admin), 2 and 4 (no Manage Assets), 3 (inactive).

const assetAddr = "happyfox_asset.test"

// assetResourceConfig renders the test asset with the given attribute lines.
func assetResourceConfig(sim *testSim, attrs string) string {
	return sim.providerBlock("") + "\nresource \"happyfox_asset\" \"test\" {\n" + attrs + "\n}\n"
}

// assetIDFromState returns the id of assetAddr from Terraform state.
func assetIDFromState(s *terraform.State) (int64, error) { return stateID(s, assetAddr, "asset") }

// expectErrorRegexp compiles an ExpectError pattern in which a space matches any white space, since
// Terraform wraps long error lines.
func expectErrorRegexp(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// writes counts the requests that could change HappyFox.
func writes(sim *testSim) int {
	n := 0
	for route, c := range sim.Counters().Routes {
		if !strings.HasPrefix(route, "GET ") {
			n += c
		}
	}
	return n
}

// addAssetAgent adds an active agent with the Manage Assets permission (the seed has only staff 1).
func addAssetAgent(sim *testSim) int64 {
	return sim.AddStaff(happyfoxsim.Staff{Name: "Asset Manager", Email: "assets@example.com", Active: true,
		Permissions: []string{"manage_assets"}}).ID
}

func TestAccAsset_lifecycle(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	agent := addAssetAgent(sim)
	var id int64
	var putsBefore int
	created := `
  asset_type_id     = 2
  name              = "MacBook Pro 14"
  display_id        = "LAP-0001"
  contact_ids       = [2, 1]
  contact_group_ids = [1]
  custom_fields = {
    "45" = "C02XYZ"
    "47" = "16"
    "48" = "2024-03-01"
    "49" = "1"
    "50" = "5,4"
  }`
	updated := func(staff int64) string {
		return fmt.Sprintf(`
  asset_type_id     = 2
  name              = "MacBook Pro 16"
  display_id        = "LAP-0002"
  contact_ids       = [5]
  contact_group_ids = [2]
  staff_id          = %d
  custom_fields = {
    "45" = "C02ABC"
    "46" = "Dented lid"
    "47" = "32"
    "49" = "3"
    "50" = "6"
  }`, staff)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := sim.Asset(id); ok {
				return fmt.Errorf("asset %d still exists in HappyFox after destroy", id)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: assetResourceConfig(sim, created),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("updated_at"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("contact_ids"),
						knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(1), knownvalue.Int64Exact(2)})),
					// The configured spelling is kept although HappyFox returns [4, 5].
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("custom_fields").AtMapKey("50"), knownvalue.StringExact("5,4")),
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("staff_id"), knownvalue.Null()),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					var err error
					if id, err = assetIDFromState(s); err != nil {
						return err
					}
					a, ok := sim.Asset(id)
					if !ok {
						return fmt.Errorf("asset %d not in the simulator", id)
					}
					want := map[int64]any{45: "C02XYZ", 47: int64(16), 48: "2024-03-01", 49: int64(1), 50: []int64{5, 4}}
					if a.Name != "MacBook Pro 14" || a.DisplayID != "LAP-0001" || a.AssetTypeID != 2 || a.CreatedBy != 1 ||
						!reflect.DeepEqual(a.ContactGroupIDs, []int64{1}) || len(a.ContactIDs) != 2 || !sameFieldValues(a.CustomFields, want) {
						return fmt.Errorf("simulator does not hold the asset as configured: %+v", a)
					}
					if n := sim.Counters().Routes["POST /assets/"]; n != 1 {
						return fmt.Errorf("%d creates sent, want 1", n)
					}
					return nil
				},
			},
			{
				// Every attribute but the type changes; custom field 48 leaves the configuration, so it is cleared.
				Config: assetResourceConfig(sim, updated(agent)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("staff_id"), knownvalue.Int64Exact(agent)),
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("custom_fields"), knownvalue.MapExact(map[string]knownvalue.Check{
						"45": knownvalue.StringExact("C02ABC"), "46": knownvalue.StringExact("Dented lid"), "47": knownvalue.StringExact("32"),
						"49": knownvalue.StringExact("3"), "50": knownvalue.StringExact("6"),
					})),
				},
				Check: func(s *terraform.State) error {
					if got, err := assetIDFromState(s); err != nil || got != id {
						return fmt.Errorf("asset id changed from %d to %d (%w): expected an in-place update", id, got, err)
					}
					a, _ := sim.Asset(id)
					want := map[int64]any{45: "C02ABC", 46: "Dented lid", 47: int64(32), 49: int64(3), 50: []int64{6}}
					if a.Name != "MacBook Pro 16" || a.DisplayID != "LAP-0002" || !reflect.DeepEqual(a.ContactIDs, []int64{5}) ||
						!reflect.DeepEqual(a.ContactGroupIDs, []int64{2}) || !sameFieldValues(a.CustomFields, want) {
						return fmt.Errorf("simulator does not hold the update: %+v", a)
					}
					if a.UpdatedBy == nil || *a.UpdatedBy != agent {
						return fmt.Errorf("update not made as staff %d: updated_by %v", agent, a.UpdatedBy)
					}
					return nil
				},
			},
			{
				// Only staff_id changes: Terraform records it, HappyFox gets nothing.
				PreConfig: func() { putsBefore = sim.Counters().Routes["PUT /asset/{id}/"] },
				Config:    assetResourceConfig(sim, updated(1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("staff_id"), knownvalue.Int64Exact(1)),
				},
				Check: func(*terraform.State) error {
					if n := sim.Counters().Routes["PUT /asset/{id}/"] - putsBefore; n != 0 {
						return fmt.Errorf("a staff_id change sent %d updates to HappyFox", n)
					}
					return nil
				},
			},
			{
				ResourceName:      assetAddr,
				ImportState:       true,
				ImportStateVerify: true,
				// staff_id is who Terraform writes as; HappyFox does not store it, so an import cannot know it.
				ImportStateVerifyIgnore: []string{"staff_id"},
			},
		},
	})
}

// sameFieldValues compares the simulator's stored custom field values, multi-option lists as sets.
func sameFieldValues(got, want map[int64]any) bool {
	if len(got) != len(want) {
		return false
	}
	for id, w := range want {
		g := got[id]
		if wl, isList := w.([]int64); isList {
			gl, ok := g.([]int64)
			if !ok || len(gl) != len(wl) {
				return false
			}
			for _, x := range wl {
				if !strings.Contains(fmt.Sprint(gl), fmt.Sprint(x)) {
					return false
				}
			}
			continue
		}
		if !reflect.DeepEqual(g, w) {
			return false
		}
	}
	return true
}

func TestAccAsset_replaceOnTypeChange(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var first int64
	cfg := func(typeID int) string {
		return assetResourceConfig(sim, fmt.Sprintf(`
  asset_type_id = %d
  name          = "Shared licence"
  display_id    = "LIC-7"
`, typeID))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg(1), Check: func(s *terraform.State) (err error) { first, err = assetIDFromState(s); return err }},
			{
				Config: cfg(3),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(s *terraform.State) error {
					id, err := assetIDFromState(s)
					if err != nil {
						return err
					}
					if _, ok := sim.Asset(first); ok || id == first {
						return fmt.Errorf("old asset %d should be deleted and a new one created (got %d)", first, id)
					}
					if a, ok := sim.Asset(id); !ok || a.AssetTypeID != 3 {
						return fmt.Errorf("new asset not of type 3: %+v", a)
					}
					return nil
				},
			},
		},
	})
}

func TestAccAsset_deletedOutsideTerraform(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var first int64
	cfg := assetResourceConfig(sim, `
  asset_type_id = 1
  name          = "Ephemeral"
  display_id    = "EPH-1"
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) (err error) { first, err = assetIDFromState(s); return err }},
			{
				PreConfig: func() {
					if !sim.RemoveAsset(first) {
						t.Fatalf("could not remove asset %d in the simulator", first)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					id, err := assetIDFromState(s)
					if err != nil {
						return err
					}
					if _, ok := sim.Asset(id); !ok || id == first {
						return fmt.Errorf("expected a new asset, got %d (old %d)", id, first)
					}
					return nil
				},
			},
		},
	})
}

// A custom field that HappyFox has but the configuration does not set is not managed: no diff. A managed
// field changed outside Terraform is set back.
func TestAccAsset_customFieldsOutsideTerraform(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	cfg := assetResourceConfig(sim, `
  asset_type_id = 2
  name          = "Laptop 3"
  display_id    = "LAP-0003"
  custom_fields = { "45" = "SN-3" }
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) (err error) { id, err = assetIDFromState(s); return err }},
			{
				PreConfig: func() {
					if !sim.SetAssetCustomField(id, 47, 64) || !sim.SetAssetCustomField(id, 50, []int64{4, 6}) {
						t.Fatal("could not set custom fields in the simulator")
					}
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: false,
			},
			{
				PreConfig: func() {
					if !sim.SetAssetCustomField(id, 45, "changed in the UI") {
						t.Fatal("could not set custom field 45 in the simulator")
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					a, _ := sim.Asset(id)
					if a.CustomFields[45] != "SN-3" || a.CustomFields[47] != int64(64) {
						return fmt.Errorf("expected 45 set back and 47 left alone: %+v", a.CustomFields)
					}
					return nil
				},
			},
		},
	})
}

func TestAccAsset_planTimeValidation(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	laptop := func(name, fields string) string {
		return assetResourceConfig(sim, fmt.Sprintf(`
  asset_type_id = 2
  name          = %q
  display_id    = "LAP-9"
  custom_fields = {%s}
`, name, fields))
	}
	noStaff := fmt.Sprintf(`
provider "happyfox" {
  base_url  = %q
  api_key   = %q
  auth_code = %q
}
resource "happyfox_asset" "test" {
  asset_type_id = 1
  name          = "No agent"
  display_id    = "NA-1"
}
`, sim.URL, testAPIKey, testAuthCode)
	t.Setenv("HAPPYFOX_STAFF_ID", "")

	for name, tc := range map[string]struct {
		cfg, want string
		noCalls   bool // rejected before any request, metadata included
	}{
		"name too long":         {laptop(strings.Repeat("x", 201), ""), `name must be at most 200 characters long; it has 201`, true},
		"name 201 runes":        {laptop(strings.Repeat("é", 201), ""), `at most 200 characters long; it has 201`, true},
		"name padded":           {laptop(" Laptop", ""), `name is " Laptop". HappyFox would store "Laptop"`, true},
		"field id not a number": {laptop("L", `"serial" = "x"`), `must be a custom field id such as "45"`, true},
		"missing staff id":      {noStaff, `(?s)Missing acting staff id.*HAPPYFOX_STAFF_ID`, true},
		"bad date":              {laptop("L", `"48" = "2024-02-30"`), `custom_fields\["48"\] = "2024-02-30" is not a valid date`, false},
		"number not numeric":    {laptop("L", `"47" = "sixteen"`), `custom_fields\["47"\] = "sixteen" is not a whole number`, false},
		"unknown choice id":     {laptop("L", `"49" = "9"`), `(?s)custom_fields\["49"\] = "9" is not a choice of field 49.*1 \(macOS\), 2 \(Windows\), 3 \(Linux\)`, false},
		"choice text, not id":   {laptop("L", `"50" = "Dock,Mouse"`), `custom_fields\["50"\] = "Dock,Mouse" is not a list of choice ids`, false},
		"unknown field id":      {laptop("L", `"99" = "x"`), `(?s)custom_fields\["99"\]: asset type 2 has no custom field with id 99.*45 \("Serial Number", text\)`, false},
		"field of another type": {assetResourceConfig(sim, `
  asset_type_id = 1
  name          = "General"
  display_id    = "G-1"
  custom_fields = { "45" = "x" }
`), `asset type 1 has no custom field with id 45\. It has no custom fields`, false},
		"unknown asset type": {assetResourceConfig(sim, `
  asset_type_id = 77
  name          = "Nowhere"
  display_id    = "N-1"
  custom_fields = { "45" = "x" }
`), `HappyFox has no asset type with id 77`, false},
	} {
		t.Run(name, func(t *testing.T) {
			before := sim.Counters().Total
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: expectErrorRegexp(tc.want)}},
			})
			if n := sim.Counters().Total - before; tc.noCalls && n != 0 {
				t.Fatalf("rejected configuration made %d requests", n)
			}
		})
	}
	if n := writes(sim); n != 0 {
		t.Fatalf("invalid configurations reached the API with %d writes", n)
	}
	// The limit is in characters, not bytes: 200 two-byte characters are fine.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps:                    []resource.TestStep{{Config: laptop(strings.Repeat("é", 200), `"48" = "2024-02-29"`), PlanOnly: true, ExpectNonEmptyPlan: true}},
	})
}

// Errors HappyFox reports on a field land on the matching attribute: the source line of that attribute is
// quoted in the error, which Terraform does only for attribute errors. The staff list is made to say that agents
// 3 and 4 may change assets (lying_lists_test.go), so that the plan-time check lets the write through to HappyFox.
func TestAccAsset_happyFoxFieldErrors(t *testing.T) {
	sim := newLyingTestSim(t, happyfoxsim.Options{}, listLies{staffAllowed: []int64{3, 4}})
	required := sim.AddAssetCustomField(3, happyfoxsim.AssetCustomField{Name: "Licence key", Type: "text", Required: true})
	cfg := func(staff int, extra string) string {
		return assetResourceConfig(sim, fmt.Sprintf(`
  asset_type_id = 1
  name          = "Printer"
  display_id    = "PRN-9"
  staff_id      = %d
  %s
`, staff, extra))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Staff 4 is active but lacks the Manage Assets permission.
				Config:      cfg(4, ""),
				ExpectError: expectErrorRegexp(`(?s)Could not create the asset.*staff_id\s+= 4.*HappyFox rejected this value: Staff 4 does not have the Manage Assets permission`),
			},
			{Config: cfg(1, "")},
			{
				// Staff 3 has the permission but is inactive: the update is refused, on staff_id.
				Config:      cfg(3, `contact_ids = [1]`),
				ExpectError: expectErrorRegexp(`(?s)Could not update the asset.*staff_id\s+= 3.*Staff 3 is not active`),
			},
			{
				// A field HappyFox requires but the configuration does not set: reported on custom_fields, by id.
				Config: assetResourceConfig(sim, `
  asset_type_id = 3
  name          = "Office licence"
  display_id    = "LIC-9"
  custom_fields = {}
`),
				ExpectError: expectErrorRegexp(fmt.Sprintf(`(?s)custom_fields = \{\}.*HappyFox rejected custom field %d, which custom_fields does not set: This field is required`, required.ID)),
			},
		},
	})
}

func TestAccAsset_legacyAssetShape(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{AssetShape: "2025"}})
	cfg := func(groups string) string {
		return assetResourceConfig(sim, fmt.Sprintf(`
  asset_type_id = 1
  name          = "Old API printer"
  display_id    = "OLD-1"
  contact_ids   = [1]
  %s
`, groups))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// No contact_groups in the answers: the (empty) configured set is kept, no diff.
				Config: cfg(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(assetAddr, tfjsonpath.New("contact_group_ids"), knownvalue.SetSizeExact(0)),
				},
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{ResourceName: assetAddr, ImportState: true, ImportStateVerify: true},
			{
				// The account is known to lack contact groups on assets: rejected at plan time, nothing sent.
				Config:      cfg(`contact_group_ids = [1]`),
				PlanOnly:    true,
				ExpectError: expectErrorRegexp(`(?s)Contact groups on assets not supported.*earlier asset API`),
			},
			{
				Config: cfg(""),
				Check: func(*terraform.State) error {
					if n := sim.Counters().Routes["PUT /asset/{id}/"]; n != 0 {
						return fmt.Errorf("%d updates sent", n)
					}
					return nil
				},
			},
		},
	})

	// On a new asset the account's API is not known yet: the create succeeds in HappyFox, then fails with the
	// same explanation; the asset is in the state (tainted), never orphaned, and is replaced once fixed.
	sim2 := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{AssetShape: "2025"}})
	cfg2 := func(groups string) string {
		return assetResourceConfig(sim2, fmt.Sprintf(`
  asset_type_id = 1
  name          = "New on old API"
  display_id    = "OLD-2"
  %s
`, groups))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg2(`contact_group_ids = [1]`), ExpectError: expectErrorRegexp(`Contact groups on assets not supported`)},
			{
				Config: cfg2(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: func(*terraform.State) error {
					n := 0
					for _, a := range sim2.Assets() {
						if a.DisplayID == "OLD-2" {
							n++
						}
					}
					if n != 1 {
						return fmt.Errorf("%d assets OLD-2 in HappyFox, want exactly 1", n)
					}
					return nil
				},
			},
		},
	})
}

// HappyFox creates the asset but the answer is lost (502 after processing): the provider must adopt the
// asset it finds instead of creating a second one.
func TestAccAsset_ambiguousCreateAdoptsAsset(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: "status", Routes: []string{"POST /assets/"}})
			},
			Config: assetResourceConfig(sim, `
  asset_type_id = 2
  name          = "Lost answer"
  display_id    = "LAP-LOST"
  custom_fields = { "45" = "SN-LOST" }
`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			Check: func(s *terraform.State) error {
				id, err := assetIDFromState(s)
				if err != nil {
					return err
				}
				var found []int64
				for _, a := range sim.Assets() {
					if a.DisplayID == "LAP-LOST" {
						found = append(found, a.ID)
					}
				}
				st := sim.Counters()
				if len(found) != 1 || found[0] != id || st.Routes["POST /assets/"] != 1 || st.FaultProcessedThenFail != 1 {
					return fmt.Errorf("assets %v, state id %d, creates %d, faults %d: want one asset, adopted, one POST",
						found, id, st.Routes["POST /assets/"], st.FaultProcessedThenFail)
				}
				return nil
			},
		}},
	})
}
