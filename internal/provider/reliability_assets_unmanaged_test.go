package provider

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// RELIABILITY.md, "An asset attribute left out of the configuration": an attribute left out of the configuration is not
// managed and never cleared; clearing takes an explicit value.

const bareAsset = `
  asset_type_id = 2
  name          = "Bare laptop"
  display_id    = "LAP-8001"`

// Links and custom field values made in HappyFox survive an apply of a configuration that leaves
// contact_ids, contact_group_ids and custom_fields out; an explicit [] / {} then clears them.
func TestAccReliabilityAssets_leftOutMeansNotManaged(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	renamed := `
  asset_type_id = 2
  name          = "Bare laptop (renamed)"
  display_id    = "LAP-8001"`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:           assetResourceConfig(sim, bareAsset),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: func(s *terraform.State) error {
					var err error
					id, err = assetIDFromState(s)
					return err
				},
			},
			{
				// Someone links a contact and a group and fills in a field in the web interface: nothing to do.
				PreConfig: func() {
					a, _ := sim.Asset(id)
					a.ContactIDs, a.ContactGroupIDs = []int64{3}, []int64{2}
					sim.ReplaceAssetOutside(a)
					sim.SetAssetCustomField(id, 46, "Spare")
				},
				Config:           assetResourceConfig(sim, bareAsset),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// An update of a managed attribute leaves them alone.
				Config: assetResourceConfig(sim, renamed),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					a, _ := sim.Asset(id)
					if a.Name != "Bare laptop (renamed)" || !slices.Equal(a.ContactIDs, []int64{3}) || !slices.Equal(a.ContactGroupIDs, []int64{2}) ||
						a.CustomFields[46] != "Spare" {
						return fmt.Errorf("unmanaged links or values changed by the update: %+v", a)
					}
					return nil
				},
			},
			{
				// Clearing takes an explicit value.
				Config: assetResourceConfig(sim, renamed+"\n  contact_ids = []\n  contact_group_ids = []\n  custom_fields = { \"46\" = \"\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					a, _ := sim.Asset(id)
					if len(a.ContactIDs)+len(a.ContactGroupIDs) != 0 || a.CustomFields[46] != nil {
						return fmt.Errorf("explicit [] and \"\" did not clear: %+v", a)
					}
					return nil
				},
			},
		},
	})
}

// An asset imported under a configuration written without custom_fields (or contact_ids) imports as a no-op:
// the values HappyFox holds are not planned away.
func TestAccReliabilityAssets_importWithoutCustomFieldsInConfigurationIsNoOp(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	sim.ReplaceAssetOutside(happyfoxsim.Asset{ID: 900, Name: "Imported laptop", DisplayID: "LAP-900", AssetTypeID: 2,
		ContactIDs: []int64{1, 2}, CreatedBy: 1})
	sim.SetAssetCustomField(900, 45, "SER-900")
	sim.SetAssetCustomField(900, 50, []any{4, 6})
	cfg := assetResourceConfig(sim, `
  asset_type_id = 2
  name          = "Imported laptop"
  display_id    = "LAP-900"`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ResourceName:    assetAddr,
				ImportState:     true,
				ImportStateId:   "900",
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
	if n := writes(sim); n != 0 {
		t.Errorf("import made %d writes: %v", n, sim.Counters().Routes)
	}
	if a, _ := sim.Asset(900); a.CustomFields[45] != "SER-900" || len(a.ContactIDs) != 2 {
		t.Errorf("imported asset changed: %+v", a)
	}
}
