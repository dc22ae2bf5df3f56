package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
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
		diags.AddWarning(n.Summary, n.Detail+noticeAdvice(n))
	}
}

// budgetAttributes names the provider attribute that sets each client request budget.
var budgetAttributes = map[string]string{
	client.BudgetGet:   "get_requests_per_minute",
	client.BudgetWrite: "write_requests_per_minute",
}

// noticeAdvice is what the user can do about a client notice, in the provider's words.
func noticeAdvice(n client.Notice) string {
	attr, ok := budgetAttributes[n.Budget]
	if !ok {
		return ""
	}
	return fmt.Sprintf(" To avoid this, set %s (now %s = %d) lower, to what is left for Terraform; requests wait "+
		"for a lockout up to rate_limit_max_wait.", attr, attr, n.Configured)
}
