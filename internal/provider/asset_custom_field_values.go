package provider

import (
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

// Asset custom field values live in Terraform as strings (custom_fields is a map of string) in the spellings of
// package customfield, the one model for contacts and assets; the asset specifics (whole numbers only, §3.3;
// choice ids checked only when the definition lists choices, §3.6) are customfield.Asset. A blank string means
// "no value" (sent as null, which HappyFox stores as unset). These are the asset resource's names for it.

// assetFieldDef is an asset custom field definition in the terms of package customfield.
func assetFieldDef(f client.AssetCustomField) customfield.Def {
	return customfield.Def{ID: f.ID, Name: f.Name, Type: f.Type, Choices: fieldChoices(f.Choices)}
}

// assetFieldValueProblem checks a configured value against the field's definition. It returns "" when the
// value is acceptable, or the end of a sentence that starts with the attribute and the value.
func assetFieldValueProblem(f client.AssetCustomField, v string) string {
	return customfield.Asset.Problem(assetFieldDef(f), v)
}

// encodeAssetFieldValue converts a checked value to what the API takes in the custom_fields object of an
// asset create or update (§3.3 H): string, integer, choice id or list of choice ids; null clears. A value that
// does not fit (refused at plan time) is sent as written.
func encodeAssetFieldValue(fieldType, v string) any {
	out, err := customfield.Asset.Encode(customfield.KindOf(fieldType), v)
	if err != nil {
		return v
	}
	return out
}

// assetFieldValueString renders a value read from HappyFox (JSON-decoded: float64, string, []any, nil) in
// the canonical spelling stored in Terraform state.
func assetFieldValueString(fieldType string, v any) string {
	return customfield.ValueString(customfield.KindOf(fieldType), v)
}

// assetFieldValueEqual reports whether a configured value and a value read from HappyFox mean the same:
// "0042" and 42, "5,4" and [4, 5], "" and null.
func assetFieldValueEqual(fieldType, configured string, stored any) bool {
	k := customfield.KindOf(fieldType)
	return customfield.Canonical(k, configured) == customfield.ValueString(k, stored)
}
