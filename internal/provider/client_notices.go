package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// addClientNotices turns what the client wants the user to know (for example that it slowed down after an
// unexpected rate-limit lockout, client.Notice) into warnings, each once. It is called from configuredData,
// that is from the Configure of every resource and data source operation, so a notice raised during one
// operation is shown with the next one.
func addClientNotices(data *providerData, diags *diag.Diagnostics) {
	if data == nil || data.Client == nil {
		return
	}
	for _, n := range data.Client.TakeNotices() {
		diags.AddWarning(n.Summary, n.Detail)
	}
}
