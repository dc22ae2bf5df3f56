package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// An asset id is stored, updated or deleted only when the object behind it is the asset Terraform means
// (RELIABILITY.md, "A create is answered with another object's body"): a create's answer may carry another asset's id
// (a caching proxy, an answer cut short, a HappyFox bug), and deleting by that id would delete an asset Terraform does
// not manage.

// assetAnswerMismatch compares what HappyFox answered a create with against what was sent: the same asset
// type (when the answer names one), name and display_id. It returns "" when they match, else what differs.
// An answer without a name or display_id (cut short) cannot be judged: incomplete is then true.
func assetAnswerMismatch(got *client.Asset, typeID int64, in client.AssetInput) (problem string, incomplete bool) {
	var diffs []string
	if got.AssetTypeID != 0 && got.AssetTypeID != typeID {
		diffs = append(diffs, fmt.Sprintf("asset type %d instead of %d", got.AssetTypeID, typeID))
	}
	if in.Name != nil && got.Name != "" && !sameAssetText(got.Name, *in.Name) {
		diffs = append(diffs, fmt.Sprintf("name %q instead of %q", got.Name, *in.Name))
	}
	if in.DisplayID != nil && got.DisplayID != "" && !sameAssetText(got.DisplayID, *in.DisplayID) {
		diffs = append(diffs, fmt.Sprintf("display_id %q instead of %q", got.DisplayID, *in.DisplayID))
	}
	return strings.Join(diffs, ", "), got.Name == "" || got.DisplayID == ""
}

// sameAssetText compares names and display ids as HappyFox stores them (white space at either end trimmed).
func sameAssetText(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }

// verifyCreatedAsset returns the asset a create made, or nil with an error in diags. The answer is trusted
// only when it matches what was sent; an answer cut short is read back by its id and judged the same way.
// Otherwise the natural key decides (the one asset of the type with this display_id and name, created by the
// same agent): it is adopted if found, and nothing is stored if not, so a foreign id never enters the state.
func (r *assetResource) verifyCreated(ctx context.Context, diags *diag.Diagnostics, typeID int64, in client.AssetInput, answer *client.Asset) *client.Asset {
	problem, incomplete := assetAnswerMismatch(answer, typeID, in)
	if problem == "" && !incomplete {
		return answer
	}
	if problem == "" { // cut short: read the id back before trusting it
		got, err := r.data.Client.GetAsset(ctx, answer.ID)
		if err == nil {
			if problem, incomplete = assetAnswerMismatch(got, typeID, in); problem == "" && !incomplete {
				return got
			}
		}
		if problem == "" {
			problem = "an answer without the asset's name or display_id, which could not be checked"
		}
	}
	found, err := r.findCreated(ctx, typeID, in)
	if err != nil {
		diags.AddError("Could not create the asset: HappyFox answered with another asset",
			fmt.Sprintf("HappyFox answered the create with asset %d, which has %s. That asset was left alone and is not "+
				"managed by Terraform. Looking up the asset with display_id %q and name %q failed: %s\n\nCheck in HappyFox "+
				"whether the asset exists: import it with terraform import if it does, or run terraform apply again if it does not.",
				answer.ID, problem, *in.DisplayID, *in.Name, err))
		return nil
	}
	if found == nil {
		diags.AddError("Could not create the asset: HappyFox answered with another asset",
			fmt.Sprintf("HappyFox answered the create with asset %d, which has %s, and no asset of type %d with display_id "+
				"%q and name %q exists. Nothing was stored in the Terraform state and asset %d was left alone. Run terraform "+
				"apply again to create the asset.", answer.ID, problem, typeID, *in.DisplayID, *in.Name, answer.ID))
		return nil
	}
	diags.AddWarning("HappyFox answered the create with another asset",
		fmt.Sprintf("HappyFox answered the create with asset %d, which has %s. The provider found the asset it created by "+
			"its display_id %q and name %q (asset %d) and manages that one; asset %d was left alone.",
			answer.ID, problem, *in.DisplayID, *in.Name, found.ID, answer.ID))
	return found
}

// assetIsStateObject reports whether the asset HappyFox holds under the state's id is still the one in the
// state, loosely, so that a rename made in the web interface still counts: the same asset type (when both are
// known) and the same name or the same display_id. It returns "" when it is, else what differs.
func assetIsStateObject(got *client.Asset, state assetModel) string {
	if got.AssetTypeID != 0 && !state.AssetTypeID.IsNull() && !state.AssetTypeID.IsUnknown() && state.AssetTypeID.ValueInt64() != 0 &&
		got.AssetTypeID != state.AssetTypeID.ValueInt64() {
		return fmt.Sprintf("it is of asset type %d, not %d", got.AssetTypeID, state.AssetTypeID.ValueInt64())
	}
	if state.Name.IsNull() || state.Name.IsUnknown() || state.DisplayID.IsNull() || state.DisplayID.IsUnknown() {
		return "" // nothing recorded to compare with (right after an import)
	}
	if sameAssetText(got.Name, state.Name.ValueString()) || sameAssetText(got.DisplayID, state.DisplayID.ValueString()) {
		return ""
	}
	return fmt.Sprintf("it is named %q with display_id %q, while the state has %q with display_id %q",
		got.Name, got.DisplayID, state.Name.ValueString(), state.DisplayID.ValueString())
}

// checkStateObject reads the asset under the state's id before a write that could destroy data (update,
// delete). gone is true when HappyFox no longer has it; foreign names what differs when the id now belongs
// to an asset that is not the state's.
// current is the asset read (nil when gone or on error).
func (r *assetResource) checkStateObject(ctx context.Context, state assetModel) (current *client.Asset, gone bool, foreign string, err error) {
	got, err := r.data.Client.RefreshAsset(ctx, state.ID.ValueInt64(), state.AssetTypeID.ValueInt64())
	if client.IsNotFound(err) {
		return nil, true, "", nil
	}
	if err != nil {
		return nil, false, "", err
	}
	return got, false, assetIsStateObject(got, state), nil
}

// foreignAssetType reports whether got is of another asset type than the state's asset (both known).
func foreignAssetType(got *client.Asset, state assetModel) bool {
	return got.AssetTypeID != 0 && !state.AssetTypeID.IsNull() && !state.AssetTypeID.IsUnknown() &&
		state.AssetTypeID.ValueInt64() != 0 && got.AssetTypeID != state.AssetTypeID.ValueInt64()
}
