package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// staffIDs checks that a list of agents holds exactly these ids, in this order.
func staffIDs(want ...int64) knownvalue.Check {
	checks := []knownvalue.Check{}
	for _, id := range want {
		checks = append(checks, knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(id)}))
	}
	return knownvalue.ListExact(checks)
}

func TestAccStaffDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_staff" "all" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.happyfox_staff.all", tfjsonpath.New("staff"), staffIDs(1, 2, 3, 4)),
				statecheck.ExpectKnownValue("data.happyfox_staff.all", tfjsonpath.New("staff").AtSliceIndex(1),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
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
				statecheck.ExpectKnownValue("data.happyfox_staff.all", tfjsonpath.New("staff").AtSliceIndex(0).AtMapKey("is_account_admin"),
					knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("data.happyfox_staff.all", tfjsonpath.New("staff").AtSliceIndex(2).AtMapKey("active"),
					knownvalue.Bool(false)),
			},
		}},
	})
}

func TestAccStaffDataSource_filters(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// An agent without categories or permissions: the sets are empty, not null.
	sim.AddStaff(happyfoxsim.Staff{ID: 5, Name: "Eve New", Email: "eve@example.com", Active: true, Role: happyfoxsim.Role{ID: 2, Name: "Agent"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock("") + `
data "happyfox_staff" "active" { active_only = true }
data "happyfox_staff" "everyone" { active_only = false }
data "happyfox_staff" "asset_managers" { permission = "manage_assets" }
data "happyfox_staff" "active_asset_managers" {
  active_only = true
  permission  = "manage_assets"
}
data "happyfox_staff" "nobody" { permission = "manage_everything" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// Cy Former (3) is inactive; Cy and Ada (1) hold manage_assets.
				statecheck.ExpectKnownValue("data.happyfox_staff.active", tfjsonpath.New("staff"), staffIDs(1, 2, 4, 5)),
				statecheck.ExpectKnownValue("data.happyfox_staff.everyone", tfjsonpath.New("staff"), staffIDs(1, 2, 3, 4, 5)),
				statecheck.ExpectKnownValue("data.happyfox_staff.asset_managers", tfjsonpath.New("staff"), staffIDs(1, 3)),
				statecheck.ExpectKnownValue("data.happyfox_staff.active_asset_managers", tfjsonpath.New("staff"), staffIDs(1)),
				statecheck.ExpectKnownValue("data.happyfox_staff.nobody", tfjsonpath.New("staff"), staffIDs()),
				statecheck.ExpectKnownValue("data.happyfox_staff.active", tfjsonpath.New("staff").AtSliceIndex(3).AtMapKey("permissions"),
					knownvalue.SetExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.happyfox_staff.active", tfjsonpath.New("staff").AtSliceIndex(3).AtMapKey("category_ids"),
					knownvalue.SetExact([]knownvalue.Check{})),
			},
		}},
	})
}

func TestAccStaffDataSource_invalidPermission(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	testAccPlanTimeErrors(t, sim, map[string]planTimeErrorCase{
		"display name instead of snake_case": {sim.providerBlock("") + `data "happyfox_staff" "x" { permission = "Manage Assets" }`,
			[]string{`Attribute permission must be a HappyFox permission name in snake_case, e.g. "manage_assets"`}},
	})
}

func TestPermissionPattern(t *testing.T) {
	for _, ok := range []string{"manage_assets", "manage_asset_types", "create_contacts", "admin"} {
		if !permissionPattern.MatchString(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "Manage Assets", "manage-assets", "manage__assets", "_manage", "manage_", "MANAGE_ASSETS"} {
		if permissionPattern.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestToStaffMemberModel(t *testing.T) {
	// An agent without categories or permissions maps to empty sets, never null ones.
	m := toStaffMemberModel(client.Staff{ID: 7, Name: "Eve", Email: "eve@example.com", RoleID: 2, RoleName: "Agent"})
	if m.CategoryIDs.IsNull() || len(m.CategoryIDs.Elements()) != 0 || m.Permissions.IsNull() || len(m.Permissions.Elements()) != 0 {
		t.Fatalf("sets = %v, %v", m.CategoryIDs, m.Permissions)
	}
	if m.ID.ValueInt64() != 7 || m.RoleName.ValueString() != "Agent" || m.Active.ValueBool() {
		t.Fatalf("model = %+v", m)
	}
}
