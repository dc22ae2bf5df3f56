package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

// The custom_fields attribute of happyfox_asset: a map from field id (as a string) to value (see
// asset_custom_field_values.go for the spellings). Only the keys in the configuration are managed.

func assetCustomFieldPath(key string) path.Path { return path.Root("custom_fields").AtMapKey(key) }

// loadAssetFieldDefinitions returns the custom field definitions of an asset type by id (every page;
// ListAssetCustomFields is memoized per client, so one plan or apply asks once per type). An unknown asset
// type is reported on asset_type_id.
func loadAssetFieldDefinitions(ctx context.Context, c *client.Client, diags *diag.Diagnostics, typeID int64) (map[int64]client.AssetCustomField, bool) {
	defs, err := c.ListAssetCustomFields(ctx, typeID)
	if err != nil {
		if unknownAssetType(err) {
			diags.AddAttributeError(path.Root("asset_type_id"), "Unknown asset type",
				fmt.Sprintf("HappyFox has no asset type with id %d. Look the ids up with the happyfox_asset_types or "+
					"happyfox_asset_type data source.", typeID))
			return nil, false
		}
		addAPIError(diags, fmt.Sprintf("read the custom fields of asset type %d", typeID), err, nil)
		return nil, false
	}
	out := make(map[int64]client.AssetCustomField, len(defs))
	for _, d := range defs {
		out[d.ID] = d
	}
	return out, true
}

// unknownAssetType recognizes HappyFox's answer to an asset_type query parameter that names no type (a field
// error on asset_type, docs/dev/happyfox-api.md §3.2/§3.6 L) or a plain not-found.
func unknownAssetType(err error) bool {
	if client.IsNotFound(err) {
		return true
	}
	for _, fe := range client.FieldErrors(err) {
		if fe.Field == client.AssetTypeField {
			return true
		}
	}
	return false
}

func describeAssetFields(defs map[int64]client.AssetCustomField) string {
	if len(defs) == 0 {
		return "It has no custom fields."
	}
	ids := make([]int64, 0, len(defs))
	for id := range defs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("%d (%q, %s)", id, defs[id].Name, defs[id].Type))
	}
	return "Its custom fields are: " + strings.Join(parts, ", ") + "."
}

// checkAssetCustomFieldValues reports every configured key that is not a field of the asset type and every
// value that does not fit its field, each on its own custom_fields["<id>"] path. Unknown values are skipped.
func checkAssetCustomFieldValues(diags *diag.Diagnostics, typeID int64, defs map[int64]client.AssetCustomField, values types.Map) {
	elems := values.Elements()
	keys := make([]string, 0, len(elems))
	for k := range elems {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		id, err := strconv.ParseInt(k, 10, 64)
		def, known := defs[id]
		if err != nil || !known {
			diags.AddAttributeError(assetCustomFieldPath(k), "Unknown asset custom field",
				fmt.Sprintf("custom_fields[%q]: asset type %d has no custom field with id %s. %s Look the ids up with the "+
					"happyfox_asset_custom_fields data source.", k, typeID, k, describeAssetFields(defs)))
			continue
		}
		v, isString := elems[k].(types.String)
		if !isString || v.IsUnknown() || v.IsNull() {
			continue
		}
		if problem := assetFieldValueProblem(def, v.ValueString()); problem != "" {
			diags.AddAttributeError(assetCustomFieldPath(k), "Invalid asset custom field value",
				fmt.Sprintf("custom_fields[%q] = %q %s.", k, v.ValueString(), problem))
		} else if problem := tfvalidate.FieldTextProblem(assetCustomFieldPath(k), def.Type, v.ValueString()); problem != "" {
			diags.AddAttributeError(assetCustomFieldPath(k), tfvalidate.TextCleaningSummary, problem)
		}
	}
}

// removedAssetFieldKeys lists the keys of prior that planned no longer has, sorted.
func removedAssetFieldKeys(planned, prior map[string]string) []string {
	var out []string
	for k := range prior {
		if _, still := planned[k]; !still {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// assetCustomFieldsPayload builds the custom_fields object of a create or update (§3.3: keyed by field id):
// every configured value encoded for its field's type, and null for every key that was managed before (in
// prior) but is no longer configured, which clears that field in HappyFox. Removed keys whose field no longer
// exists are skipped (HappyFox would reject them). It returns nil when there is nothing to send.
func assetCustomFieldsPayload(defs map[int64]client.AssetCustomField, planned, prior map[string]string) map[int64]any {
	out := map[int64]any{}
	for k, v := range planned {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue // rejected by the schema's key validator
		}
		out[id] = encodeAssetFieldValue(defs[id].Type, v)
	}
	for _, k := range removedAssetFieldKeys(planned, prior) {
		id, err := strconv.ParseInt(k, 10, 64)
		if _, exists := defs[id]; err == nil && exists {
			out[id] = nil
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// assetFieldValueByID finds a field's value in an asset read from HappyFox.
func assetFieldValueByID(got []client.AssetFieldValue, key string) (client.AssetFieldValue, bool) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return client.AssetFieldValue{}, false
	}
	i := slices.IndexFunc(got, func(v client.AssetFieldValue) bool { return v.ID == id })
	if i < 0 {
		return client.AssetFieldValue{}, false
	}
	return got[i], true
}

// assetCustomFieldsState maps what HappyFox returned to the custom_fields attribute. Only the keys of prior
// are kept: a field that has a value in HappyFox but is not in the configuration is not managed and never
// makes a diff. A value that means the same as the prior one keeps the prior spelling ("5,4" stays "5,4" when
// HappyFox returns [4, 5]). A key whose field no longer exists is dropped, so the next plan shows it. With
// all (after an import), every field that has a value is included, and the map is null when none has.
func assetCustomFieldsState(got []client.AssetFieldValue, prior types.Map, all bool) types.Map {
	out := map[string]attr.Value{}
	if all {
		for _, f := range got {
			if s := assetFieldValueString(f.Type, f.Value); s != "" {
				out[strconv.FormatInt(f.ID, 10)] = types.StringValue(s)
			}
		}
		if len(out) == 0 {
			return types.MapNull(types.StringType)
		}
		return types.MapValueMust(types.StringType, out)
	}
	if prior.IsNull() || prior.IsUnknown() {
		return types.MapNull(types.StringType)
	}
	for k, raw := range prior.Elements() {
		f, found := assetFieldValueByID(got, k)
		if !found {
			continue
		}
		if p, isString := raw.(types.String); isString && !p.IsUnknown() && !p.IsNull() && assetFieldValueEqual(f.Type, p.ValueString(), f.Value) {
			out[k] = p
			continue
		}
		out[k] = types.StringValue(assetFieldValueString(f.Type, f.Value))
	}
	return types.MapValueMust(types.StringType, out)
}

// checkAssetCustomFieldsApplied compares the configured values (and the cleared keys) with what HappyFox
// stored after a write.
func checkAssetCustomFieldsApplied(diags *diag.Diagnostics, got []client.AssetFieldValue, planned, prior map[string]string) {
	keys := make([]string, 0, len(planned))
	for k := range planned {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f, found := assetFieldValueByID(got, k)
		switch {
		case !found:
			addAttributeRefusal(diags, assetCustomFieldPath(k), notAppliedSummary,
				fmt.Sprintf("HappyFox accepted the asset but its answer has no custom field %s, so custom_fields[%q] was not "+
					"stored. Check that the field still belongs to the asset type (happyfox_asset_custom_fields data source).", k, k))
		case !assetFieldValueEqual(f.Type, planned[k], f.Value):
			addNotAppliedError(diags, assetCustomFieldPath(k), "asset", strconv.Quote(planned[k]), strconv.Quote(assetFieldValueString(f.Type, f.Value)))
		}
	}
	for _, k := range removedAssetFieldKeys(planned, prior) {
		if f, found := assetFieldValueByID(got, k); found && assetFieldValueString(f.Type, f.Value) != "" {
			addAttributeRefusal(diags, path.Root("custom_fields"), notAppliedSummary,
				fmt.Sprintf("custom_fields[%q] was removed from the configuration, so the provider cleared that field, but "+
					"HappyFox still has the value %q. Clear it in the HappyFox web interface, or add it back to custom_fields.",
					k, assetFieldValueString(f.Type, f.Value)))
		}
	}
}

// assetHasAllFields reports whether an asset returned by a write lists every given field, i.e. whether it is the
// full object (§3.4 H: it is) and can stand for a read-back.
func assetHasAllFields(got []client.AssetFieldValue, keys ...map[string]string) bool {
	for _, m := range keys {
		for k := range m {
			if _, found := assetFieldValueByID(got, k); !found {
				return false
			}
		}
	}
	return true
}

// assetStringMap returns the values of a known map of strings as plain strings (nil for a null or unknown map;
// an unknown element gives "").
func assetStringMap(ctx context.Context, m types.Map, diags *diag.Diagnostics) map[string]string {
	typed := tfvalue.StringMap(ctx, m, diags)
	if typed == nil {
		return nil
	}
	out := make(map[string]string, len(typed))
	for k, v := range typed {
		out[k] = v.ValueString()
	}
	return out
}
