package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// An asset id is stored, updated or deleted only when the object behind it is the asset Terraform means: a
// create's answer may carry another asset's id (a caching proxy, an answer cut short, a HappyFox bug), and deleting
// by that id would delete an asset Terraform does not manage. "The asset sent" is the client's rule
// (client.AssetMismatch, same_object.go), the same that checks the create's answer and the natural-key lookup.

// verifyCreated returns the asset a create made, and that asset as read back (got, or getErr when reading it
// failed); a nil asset means nothing may be stored, with the reason in diags.
//
// The answer must describe the asset sent, and so must the asset under its id, read back with a GET of its own:
// an answer may carry the content sent with another asset's id, and checking the answer against itself (or against
// a list snapshot read before the create) would prove nothing. When either is another asset, the natural key
// decides (the one asset of the type with this display_id and name, created by the same agent): it is adopted if
// found, and nothing is stored if not. When the read-back fails, the answer's id is kept (it described the asset
// sent), so that the asset is not orphaned; the failure is reported.
func (r *assetResource) verifyCreated(ctx context.Context, diags *diag.Diagnostics, typeID int64, in client.AssetInput, answer *client.Asset) (created, got *client.Asset, getErr error) {
	ctx = client.WithPurpose(ctx, client.ForReadBack)
	m := client.AssetMismatch(typeID, in, answer)
	if m == nil {
		got, getErr = r.data.Client.GetAsset(ctx, answer.ID)
		if getErr != nil {
			return answer, nil, getErr
		}
		if m = client.AssetMismatch(typeID, in, got); m == nil {
			if !client.AssetIncomplete(got) {
				return got, got, nil
			}
			m = &client.AnswerMismatchError{Kind: "asset", ID: got.ID, Field: "name", Answered: "(none)", Sent: "an asset with its name and display_id"}
		}
	}
	problem := fmt.Sprintf("%s %q instead of %q", m.Field, m.Answered, m.Sent)
	found, err := r.findCreated(ctx, typeID, in)
	if err != nil {
		diags.AddError("Could not create the asset: HappyFox answered with another asset",
			fmt.Sprintf("HappyFox answered the create with asset %d, which has %s. That asset was left alone and is not "+
				"managed by Terraform. Looking up the asset with display_id %q and name %q failed: %s\n\nCheck in HappyFox "+
				"whether the asset exists: import it with terraform import if it does, or run terraform apply again if it does not.",
				m.ID, problem, *in.DisplayID, *in.Name, err))
		return nil, nil, nil
	}
	if found == nil {
		diags.AddError("Could not create the asset: HappyFox answered with another asset",
			fmt.Sprintf("HappyFox answered the create with asset %d, which has %s, and no asset of type %d with display_id "+
				"%q and name %q exists. Nothing was stored in the Terraform state and asset %d was left alone. Run terraform "+
				"apply again to create the asset.", m.ID, problem, typeID, *in.DisplayID, *in.Name, m.ID))
		return nil, nil, nil
	}
	diags.AddWarning("HappyFox answered the create with another asset",
		fmt.Sprintf("HappyFox answered the create with asset %d, which has %s. The provider found the asset it created by "+
			"its display_id %q and name %q (asset %d) and manages that one; asset %d was left alone.",
			m.ID, problem, *in.DisplayID, *in.Name, found.ID, m.ID))
	got, getErr = r.data.Client.GetAsset(ctx, found.ID)
	return found, got, getErr
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
	if client.SameText(got.Name, state.Name.ValueString()) || client.SameText(got.DisplayID, state.DisplayID.ValueString()) {
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
