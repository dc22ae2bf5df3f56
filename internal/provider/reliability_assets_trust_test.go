package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// RELIABILITY.md, "A create is answered with another object's body": a create whose answer carries another asset's id.
// The seed's asset 1 ("Reception Printer", PRN-001, type 1) is not managed by Terraform and must survive every step.

const trustAssetConfig = `
  asset_type_id = 2
  name          = "MacBook Air 13"
  display_id    = "LAP-7001"
  custom_fields = { "45" = "SER-7001" }`

func checkSeedAssetUntouched(sim *testSim) error {
	a, ok := sim.Asset(1)
	if !ok {
		return fmt.Errorf("unmanaged asset 1 was deleted")
	}
	if a.Name != "Reception Printer" || a.DisplayID != "PRN-001" || a.AssetTypeID != 1 {
		return fmt.Errorf("unmanaged asset 1 was changed: %+v", a)
	}
	return nil
}

func TestAccReliabilityAssets_createAnswerCarriesAnotherAssetsID(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Routes: []string{"POST /assets/"}, Count: 1, ObjectID: 1})
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := sim.Asset(id); ok {
				return fmt.Errorf("asset %d still exists after destroy", id)
			}
			return checkSeedAssetUntouched(sim)
		},
		Steps: []resource.TestStep{
			{
				Config: assetResourceConfig(sim, trustAssetConfig),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					var err error
					if id, err = assetIDFromState(s); err != nil {
						return err
					}
					if id == 1 {
						return fmt.Errorf("the state holds the foreign asset 1 from the create's answer")
					}
					a, ok := sim.Asset(id)
					if !ok || a.Name != "MacBook Air 13" || a.DisplayID != "LAP-7001" {
						return fmt.Errorf("the state's asset %d is not the created one: %+v", id, a)
					}
					if n := sim.Counters().Routes["POST /assets/"]; n != 1 {
						return fmt.Errorf("%d creates sent, want 1 (the created asset is adopted, not created again)", n)
					}
					return checkSeedAssetUntouched(sim)
				},
			},
			{
				// The next apply converges: nothing to do, nothing written.
				Config: assetResourceConfig(sim, trustAssetConfig),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := writes(sim); n != 1 {
						return fmt.Errorf("%d writes in all, want the 1 create", n)
					}
					return checkSeedAssetUntouched(sim)
				},
			},
		},
	})
}

// An id that now names an asset of another type (reused id, a proxy serving another object) is not adopted:
// the refresh drops it from the state, the plan creates the asset, and the foreign asset is neither updated
// nor deleted.
func TestAccReliabilityAssets_stateIDNowNamesAnotherAsset(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: assetResourceConfig(sim, trustAssetConfig),
				Check: func(s *terraform.State) error {
					var err error
					id, err = assetIDFromState(s)
					return err
				},
			},
			{
				PreConfig: func() {
					sim.ReplaceAssetOutside(happyfoxsim.Asset{ID: id, Name: "Lobby Kiosk", DisplayID: "KSK-001", AssetTypeID: 1, CreatedBy: 1})
				},
				Config: assetResourceConfig(sim, trustAssetConfig),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionCreate)},
				},
				Check: func(s *terraform.State) error {
					newID, err := assetIDFromState(s)
					if err != nil {
						return err
					}
					if newID == id {
						return fmt.Errorf("the state still holds the foreign asset %d", id)
					}
					a, ok := sim.Asset(id)
					if !ok || a.Name != "Lobby Kiosk" || a.AssetTypeID != 1 {
						return fmt.Errorf("the foreign asset %d was changed or deleted: %+v (found %v)", id, a, ok)
					}
					if n := sim.Counters().Routes["PUT /asset/{id}/"] + sim.Counters().Routes["DELETE /asset/{id}/"]; n != 0 {
						return fmt.Errorf("%d updates or deletes sent, want none", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAssetIsStateObject(t *testing.T) {
	state := assetModel{AssetTypeID: types.Int64Value(2), Name: types.StringValue("MacBook"), DisplayID: types.StringValue("LAP-1")}
	cases := []struct {
		got     client.Asset
		foreign bool
	}{
		{client.Asset{Name: "MacBook", DisplayID: "LAP-1", AssetTypeID: 2}, false},
		{client.Asset{Name: "MacBook Pro", DisplayID: "LAP-1", AssetTypeID: 2}, false}, // renamed in the web interface
		{client.Asset{Name: "MacBook", DisplayID: "LAP-9", AssetTypeID: 2}, false},
		{client.Asset{Name: "Printer", DisplayID: "PRN-1", AssetTypeID: 2}, true},
		{client.Asset{Name: "MacBook", DisplayID: "LAP-1", AssetTypeID: 1}, true}, // HappyFox cannot change the type
	}
	for _, c := range cases {
		if got := assetIsStateObject(&c.got, state) != ""; got != c.foreign {
			t.Errorf("%+v: foreign = %v, want %v", c.got, got, c.foreign)
		}
	}
}

// RELIABILITY.md, "HappyFox resets the custom fields a PUT leaves out": with a HappyFox that does (§3.4 cannot rule it
// out), an update of a managed attribute keeps the values of the fields the configuration does not manage.
func TestAccReliabilityAssets_updateKeepsUnmanagedCustomFieldsWhenPUTResetsThem(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	sim.SetAssumptions(happyfoxsim.Assumptions{AssetPutOmittedFields: "reset"})
	var id int64
	renamed := strings.Replace(trustAssetConfig, "MacBook Air 13", "MacBook Air 15", 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: assetResourceConfig(sim, trustAssetConfig),
				Check: func(s *terraform.State) error {
					var err error
					id, err = assetIDFromState(s)
					return err
				},
			},
			{
				// An agent fills in fields that Terraform does not manage.
				PreConfig: func() {
					sim.SetAssetCustomField(id, 46, "Dented lid")
					sim.SetAssetCustomField(id, 49, 2)
					sim.SetAssetCustomField(id, 50, []any{5, 4})
				},
				Config: assetResourceConfig(sim, renamed),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(assetAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					a, _ := sim.Asset(id)
					if a.Name != "MacBook Air 15" {
						return fmt.Errorf("the update was not applied: %+v", a)
					}
					want := map[int64]any{45: "SER-7001", 46: "Dented lid", 49: int64(2), 50: []int64{4, 5}}
					if !sameFieldValues(a.CustomFields, want) {
						return fmt.Errorf("custom fields after the update are %v, want %v (unmanaged values lost)", a.CustomFields, want)
					}
					return nil
				},
			},
		},
	})
}
