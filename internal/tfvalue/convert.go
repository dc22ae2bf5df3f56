// Package tfvalue holds the Terraform values every resource and data source of the provider reads and writes: sets and
// maps of plain values, the spelling of texts HappyFox holds as the same text (keptText), numeric ids given by users,
// and the state setter. It knows the client's one rule for texts (client.SameText), nothing of HTTP.
package tfvalue

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// StringSet returns the elements of a known set of strings (nil for null or unknown).
func StringSet(ctx context.Context, s types.Set, diags *diag.Diagnostics) []string {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	return out
}

// StringSetValue builds a set value; a nil slice gives an empty (not null) set.
func StringSetValue(values []string) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.SetValueMust(types.StringType, elems)
}

// Int64Set returns the elements of a known set of numbers (nil for null or unknown).
func Int64Set(ctx context.Context, s types.Set, diags *diag.Diagnostics) []int64 {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var out []int64
	diags.Append(s.ElementsAs(ctx, &out, false)...)
	return out
}

// Int64SetValue builds a set of numbers; a nil slice gives an empty (not null) set.
func Int64SetValue(values []int64) types.Set {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.Int64Value(v))
	}
	return types.SetValueMust(types.Int64Type, elems)
}
