package tfvalue

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// StateSetter is tfsdk.State (Create/Update/Read responses).
type StateSetter interface {
	Set(ctx context.Context, v any) diag.Diagnostics
}

// StringMap returns the elements of a known map of strings (nil for null or unknown).
func StringMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]types.String {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	out := map[string]types.String{}
	diags.Append(m.ElementsAs(ctx, &out, false)...)
	return out
}

// StringValues turns plain strings into the elements of a types.Map.
func StringValues(m map[string]string) map[string]attr.Value {
	out := make(map[string]attr.Value, len(m))
	for k, v := range m {
		out[k] = types.StringValue(v)
	}
	return out
}

// KeptText is the state value of a text HappyFox holds as got (a name, a display id): prior's spelling when prior is
// known and HappyFox's is the same text (client.SameText: HappyFox's cleaning and case do not count), else got. So a
// change HappyFox or something in between makes only to case or white space is neither a perpetual diff nor taken
// for another object; any other change shows in the plan.
func KeptText(prior types.String, got string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && client.SameText(prior.ValueString(), got) {
		return prior
	}
	return types.StringValue(got)
}

// KeptFreeText is KeptText for a multi-line text (a description): prior's spelling when HappyFox's differs from it
// only in white space (client.SameFreeText: runs of spaces and line breaks HappyFox may collapse), else got. Case
// counts: a description whose case changed shows in the plan.
func KeptFreeText(prior types.String, got string) types.String {
	if !prior.IsNull() && !prior.IsUnknown() && client.SameFreeText(prior.ValueString(), got) {
		return prior
	}
	return types.StringValue(got)
}
