package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	Client *client.Client
	// StaffID is the agent writes are made as; 0 when neither staff_id nor HAPPYFOX_STAFF_ID is set.
	StaffID int64
	// forgotten lists the contacts and groups destroyed (forgotten) in this run, for adoption on replacement.
	forgotten forgottenObjects
	// planChecks memoizes the plan-time checks of creates (plan_checks.go).
	planChecks planChecks
}

// configuredData extracts providerData in a resource's or data source's Configure. It returns nil (and no
// error) while the provider is not configured yet, which happens during validation.
func configuredData(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	addClientNotices(data, diags)
	return data
}
