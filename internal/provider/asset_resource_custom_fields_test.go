package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// HappyFox's field-keyed errors (shape B, docs/dev/happyfox-api.md §1.2), as the client flattens them, land on the
// matching attributes: a configured custom field on its own map key, the agent fields on staff_id.
func TestAddAssetAPIErrorPaths(t *testing.T) {
	err := &client.APIError{Method: "POST", Path: "assets/", StatusCode: 400, Fields: []client.FieldError{
		{Field: "custom_fields.45", Messages: []string{"Provide a valid choice. 5 is not one of the available choices."}},
		{Field: "custom_fields.46", Messages: []string{"This field is required."}},
		{Field: "created_by", Messages: []string{"Staff 4 is not active."}},
		{Field: "contact_ids", Messages: []string{"Enter a list of values."}},
	}}
	var diags diag.Diagnostics
	addAssetAPIError(&diags, "create the asset", err, map[string]string{"45": "5"})
	want := map[string]bool{
		path.Root("custom_fields").AtMapKey("45").String(): true,
		path.Root("custom_fields").String():                true, // 46 is not configured: on the map, naming the field
		path.Root("staff_id").String():                     true,
		path.Root("contact_ids").String():                  true,
	}
	if len(diags) != len(want) {
		t.Fatalf("got %d diagnostics, want %d: %v", len(diags), len(want), diags)
	}
	for _, d := range diags {
		wp, ok := d.(diag.DiagnosticWithPath)
		if !ok || !want[wp.Path().String()] {
			t.Errorf("diagnostic not on an expected attribute: %v", d)
		}
	}
}

func TestAssetCustomFieldsState(t *testing.T) {
	got := []client.AssetFieldValue{
		{ID: 45, Type: "text", Value: "SN"},
		{ID: 47, Type: "number", Value: float64(16)},
		{ID: 50, Type: "multi_option", Value: []any{float64(4), float64(5)}},
		{ID: 48, Type: "date", Value: nil},
	}
	prior := types.MapValueMust(types.StringType, map[string]attr.Value{
		"47": types.StringValue("016"),  // same number: spelling kept
		"50": types.StringValue("5"),    // changed in HappyFox: canonical new value
		"48": types.StringValue(""),     // empty means unset: kept
		"99": types.StringValue("gone"), // field deleted from the type: dropped so that the plan shows it
	})
	want := types.MapValueMust(types.StringType, map[string]attr.Value{
		"47": types.StringValue("016"), "50": types.StringValue("4,5"), "48": types.StringValue(""),
	})
	if m := assetCustomFieldsState(got, prior, false); !m.Equal(want) {
		t.Fatalf("state = %v, want %v (45 is not configured and must not appear)", m, want)
	}
	if m := assetCustomFieldsState(got, types.MapNull(types.StringType), false); !m.IsNull() {
		t.Fatalf("no custom_fields configured: got %v, want null", m)
	}
	imported := types.MapValueMust(types.StringType, map[string]attr.Value{
		"45": types.StringValue("SN"), "47": types.StringValue("16"), "50": types.StringValue("4,5"),
	})
	if m := assetCustomFieldsState(got, types.MapNull(types.StringType), true); !m.Equal(imported) {
		t.Fatalf("import: %v, want %v", m, imported)
	}
}
