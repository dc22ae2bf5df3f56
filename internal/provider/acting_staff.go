package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// actingStaffID applies the staff id rule for writes that HappyFox records as made by an agent (asset
// created_by, updated_by, deleted_by; docs/dev/happyfox-api.md §3.3-§3.5): the resource's own staff_id if set, else
// the provider's staff_id (or HAPPYFOX_STAFF_ID). known is false while the resource's staff_id is unknown
// (it comes from another resource not created yet); id is 0 when neither is set.
func actingStaffID(resourceStaff types.Int64, data *providerData) (id int64, known bool) {
	switch {
	case resourceStaff.IsUnknown():
		return 0, false
	case !resourceStaff.IsNull():
		return resourceStaff.ValueInt64(), true
	case data != nil:
		return data.StaffID, true
	}
	return 0, true
}

// addMissingStaffError reports, on the resource's staff_id attribute, that no acting staff id is configured.
// action says what needs it, e.g. "create the asset".
func addMissingStaffError(diags *diag.Diagnostics, action string) {
	diags.AddAttributeError(path.Root("staff_id"), "Missing acting staff id",
		fmt.Sprintf("HappyFox needs the id of the agent who makes the change to %s, and neither this resource's staff_id "+
			"nor the provider's staff_id (environment variable HAPPYFOX_STAFF_ID) is set. Set one of them to the numeric id "+
			"of an active agent with the Manage Assets permission (look it up with the happyfox_staff_member data source).",
			action))
}
