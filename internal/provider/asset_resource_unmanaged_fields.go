package provider

import (
	"strconv"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

// Custom fields the configuration does not manage, on asset updates (RELIABILITY.md, "HappyFox resets the custom fields
// a PUT leaves out").
//
// docs/dev/happyfox-api.md §3.4 documents PUT /asset/<id>/ as a partial update but cannot tell ("?") whether HappyFox
// keeps or resets the custom fields that the body's custom_fields object leaves out; for contacts it resets
// them (§2.4). Choice: every update sends back the current value of each field that the configuration does not
// manage, read just before the PUT. If HappyFox keeps omitted fields, this rewrites the same values and
// changes nothing; if it resets them, nothing is lost. The contact resource does the same for the same reason.
// The cost is that a change made in the web interface between that read and the PUT (milliseconds) is
// overwritten with the value read.

// assetHasFieldValues reports whether an asset read from HappyFox has any custom field with a value.
func assetHasFieldValues(got []client.AssetFieldValue) bool {
	for _, f := range got {
		if assetFieldValueString(f.Type, f.Value) != "" {
			return true
		}
	}
	return false
}

// withUnmanagedAssetValues adds to payload (the managed fields, see assetCustomFieldsPayload) the current value
// of every field of the type that neither planned nor prior names and that has a value. A value that its field
// definition would refuse (say, a choice deleted since) is left out rather than sent, so that a field Terraform
// does not manage never fails the update. It returns nil when there is nothing to send.
func withUnmanagedAssetValues(payload map[int64]any, defs map[int64]client.AssetCustomField, current []client.AssetFieldValue, planned, prior map[string]string) map[int64]any {
	for _, f := range current {
		key := strconv.FormatInt(f.ID, 10)
		if _, managed := planned[key]; managed {
			continue
		}
		if _, wasManaged := prior[key]; wasManaged {
			continue // removed from the configuration: cleared by assetCustomFieldsPayload
		}
		def, known := defs[f.ID]
		v := assetFieldValueString(f.Type, f.Value)
		if !known || v == "" {
			continue
		}
		send := f.Value // a type this provider does not know: sent back as HappyFox answered it (§3.1: the answer's
		// value is in the form a write takes, the choice id of a dropdown), the one form that is safe for any type
		if customfield.KindOf(def.Type) != customfield.Other {
			if assetFieldValueProblem(def, v) != "" {
				continue
			}
			send = encodeAssetFieldValue(def.Type, v)
		}
		if payload == nil {
			payload = map[int64]any{}
		}
		payload[f.ID] = send
	}
	if len(payload) == 0 {
		return nil
	}
	return payload
}
