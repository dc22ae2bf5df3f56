// Package tfidentity holds what every resource needs for resource identity (Terraform and OpenTofu 1.12 and later):
// every resource is identified by the HappyFox ids that address it, and an import block can name them with
// identity = {...} instead of a string id. The identity attributes have the names and values of the state attributes
// they copy, so one helper keeps the identity in step with the state (Set) and one reads either kind of import request
// (ImportID). Each resource declares its own identity schema (IDSchema for the common one-id case).
package tfidentity

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// IDSchema is the identity of an object addressed by one numeric HappyFox id, "id" (what names it: "contact").
func IDSchema(what string) identityschema.Schema {
	return identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.Int64Attribute{
			RequiredForImport: true,
			Description:       "Numeric HappyFox id of the " + what + ".",
		},
	}}
}

// Set copies the identity attributes from the first of states that holds them all (known, not null).
// Resource methods defer it, so it sees the state they leave behind; Read also passes the prior state, so a
// resource removed from state (deleted outside Terraform) still answers with its identity.
func Set(ctx context.Context, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics, states ...*tfsdk.State) {
	if identity == nil {
		return
	}
	names := names(identity)
	for _, st := range states {
		if st == nil || st.Raw.IsNull() {
			continue
		}
		vals := make(map[string]types.Int64, len(names))
		for _, n := range names {
			var v types.Int64
			if d := st.GetAttribute(ctx, path.Root(n), &v); d.HasError() || v.IsNull() || v.IsUnknown() {
				break
			}
			vals[n] = v
		}
		if len(vals) != len(names) {
			continue
		}
		for _, n := range names {
			diags.Append(identity.SetAttribute(ctx, path.Root(n), vals[n])...)
		}
		return
	}
}

func names(identity *tfsdk.ResourceIdentity) []string {
	names := make([]string, 0, 2)
	for n := range identity.Schema.GetAttributes() {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// ImportID returns the import id of a terraform import or an import block with id, or, for an import block
// with identity = {...}, the identity attributes attrs joined with "/" (the string id of the same object).
func ImportID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics, attrs ...string) string {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		return req.ID
	}
	parts := make([]string, 0, len(attrs))
	for _, a := range attrs {
		var v types.Int64
		diags.Append(req.Identity.GetAttribute(ctx, path.Root(a), &v)...)
		if v.IsNull() || v.IsUnknown() {
			diags.AddAttributeError(path.Root(a), "Missing identity attribute",
				fmt.Sprintf("The import block's identity has no %s. Set identity = { %s = <number> } (the numeric HappyFox id), or import with id = \"...\".",
					a, strings.Join(attrs, " = <number>, ")))
			return ""
		}
		parts = append(parts, fmt.Sprint(v.ValueInt64()))
	}
	return strings.Join(parts, "/")
}
