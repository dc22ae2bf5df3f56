package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// fieldPaths maps HappyFox field names (as they appear in the API's error bodies) to Terraform attribute paths.
type fieldPaths map[string]path.Path

// addAPIError turns a client error into diagnostics a Terraform user can act on. Field errors that name a
// known HappyFox field are attached to the matching attribute; everything else becomes a general error.
// action says what the provider was doing, e.g. "create the contact group".
func addAPIError(diags *diag.Diagnostics, action string, err error, fields fieldPaths) {
	summary := "Could not " + action
	var rl *client.RateLimitError
	switch {
	case errors.As(err, &rl):
		diags.AddError(summary+": HappyFox rate limit", err.Error()+
			"\n\nEverything created before this point is saved in the Terraform state. Wait until the lockout ends "+
			"and run terraform apply again (or raise rate_limit_max_wait to wait it out); to avoid it, lower "+
			"get_requests_per_minute / write_requests_per_minute.")
		return
	case client.IsUnauthorized(err):
		diags.AddError(summary+": HappyFox rejected the credentials", err.Error()+
			"\n\nCheck api_key and auth_code (HAPPYFOX_API_KEY / HAPPYFOX_AUTH_CODE).")
		return
	case client.IsStillRunning(err):
		diags.AddError(summary+": outcome unknown", err.Error()+
			"\n\nBefore the next apply, check in HappyFox whether the object exists (it may appear after this "+
			"error): if it does, import it with terraform import, so that it is not created twice. Run the apply "+
			"again only once you are sure it does not exist; a larger request_timeout makes this less likely.")
		return
	case client.IsAmbiguous(err):
		diags.AddError(summary+": outcome unknown", err.Error()+
			"\n\nHappyFox may or may not have carried the request out, and the provider could not tell which. Run "+
			"terraform plan: it reads the current state from HappyFox and shows what is left to do. If a new object "+
			"appears in HappyFox but not in the state, bring it under Terraform with terraform import instead of creating it again.")
		return
	}

	attached := false
	for _, fe := range client.FieldErrors(err) {
		p, ok := fields[fe.Field]
		if !ok {
			continue
		}
		addAttributeRefusal(diags, p, summary, fmt.Sprintf("HappyFox rejected this value: %s", strings.Join(fe.Messages, " ")))
		attached = true
	}
	if !attached {
		diags.AddError(summary, err.Error())
	}
}

// addNotAppliedError reports a write that HappyFox accepted but did not carry out, so that the plan would
// never converge. It names the attribute and both values.
func addNotAppliedError(diags *diag.Diagnostics, attr path.Path, object string, want, got any) {
	addAttributeRefusal(diags, attr, notAppliedSummary,
		fmt.Sprintf("HappyFox accepted the update of the %s but reading it back shows %s = %v instead of %v. "+
			"The HappyFox API may not support changing this attribute; change it in the HappyFox web interface, or set the "+
			"configuration back to %v.", object, attr, got, want, got))
}
