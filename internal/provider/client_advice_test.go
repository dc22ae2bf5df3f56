package provider

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// The client says what happened at HappyFox in neutral words; the provider's diagnostic adds what a Terraform
// user should do. A create that timed out and may still be running must not invite a second create.
func TestStillRunningCreateDiagnosticCarriesTheAdvice(t *testing.T) {
	err := &client.StillRunningError{Err: &client.AmbiguousError{Method: http.MethodPost, Path: "assets/",
		Err: &client.APIError{Method: http.MethodPost, Path: "assets/", StatusCode: http.StatusGatewayTimeout}}}
	var diags diag.Diagnostics
	addAPIError(&diags, "create the asset", err, nil)
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
	}
	detail := diags[0].Detail()
	for _, want := range []string{"may still appear in HappyFox", "terraform import", "only once you are sure it does not exist"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the diagnostic does not say %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, "or run the apply again if it does not") {
		t.Errorf("the advice invites an apply that may create the object twice:\n%s", detail)
	}
}

// A slow-down notice names the provider attribute of the budget that was hit, with its configured value.
func TestClientNoticeNamesTheBudgetAttribute(t *testing.T) {
	for budget, attr := range map[string]string{client.BudgetGet: "get_requests_per_minute", client.BudgetWrite: "write_requests_per_minute"} {
		got := noticeAdvice(client.Notice{Budget: budget, Configured: 300})
		if !strings.Contains(got, attr+" (now "+attr+" = 300) lower") {
			t.Errorf("budget %s: advice %q does not name %s", budget, got, attr)
		}
	}
	if got := noticeAdvice(client.Notice{Summary: "other"}); got != "" {
		t.Errorf("a notice without a budget got advice %q", got)
	}
}
