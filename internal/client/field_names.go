package client

import "strings"

// HappyFox's names of fields, as they appear in request bodies and in the field errors of an *APIError
// (FieldError.Field). Callers that map field errors to their own attributes build the names here, so that the
// wire format stays in the client.

// AssetTypeField is the name of an asset's type in asset field errors (§3.3: the asset_type of the request).
const AssetTypeField = "asset_type"

// AssetCustomFieldsField is the name of an asset's custom field values as a whole in asset field errors.
const AssetCustomFieldsField = "custom_fields"

// ContactCustomFieldName is the name of contact custom field id (a decimal id) in contact request bodies and
// field errors: "c-cf-<id>" (§2.4, H; shape A of §1.2 keeps it verbatim).
func ContactCustomFieldName(id string) string { return "c-cf-" + id }

// AssetCustomFieldName is the name of asset custom field id in asset field errors: shape B of §1.2 nests
// them under custom_fields, which FieldErrors joins as "custom_fields.<id>".
func AssetCustomFieldName(id string) string { return AssetCustomFieldsField + "." + id }

// AssetCustomFieldID is the inverse of AssetCustomFieldName: the custom field id a field error names, if it
// names one.
func AssetCustomFieldID(field string) (string, bool) {
	return strings.CutPrefix(field, AssetCustomFieldsField+".")
}
