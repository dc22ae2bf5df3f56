package client

import "testing"

// The names built for callers are the names HappyFox's field errors carry, decoded by the real error path.
func TestFieldNamesMatchDecodedFieldErrors(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "users/", 400, `{"error": [{"field": "c-cf-13", "errors": ["bad"]}]}`)
	api.reply("POST", "assets/", 400, `{"errors": {"custom_fields": {"45": ["bad"]}, "asset_type": ["bad"]}}`)
	c := api.client()
	_, err := c.CreateContact(t.Context(), ContactInput{Name: "n", Email: "n@example.com"})
	if !fieldErrorNamed(err, ContactCustomFieldName("13")) {
		t.Errorf("contact field errors %+v do not name %q", FieldErrors(err), ContactCustomFieldName("13"))
	}
	name := "A"
	_, err = c.CreateAsset(t.Context(), 2, AssetInput{Name: &name, ActingStaffID: 1})
	if !fieldErrorNamed(err, AssetCustomFieldName("45")) || !fieldErrorNamed(err, AssetTypeField) {
		t.Errorf("asset field errors %+v do not name %q and %q", FieldErrors(err), AssetCustomFieldName("45"), AssetTypeField)
	}
	if id, ok := AssetCustomFieldID(AssetCustomFieldName("45")); !ok || id != "45" {
		t.Errorf("AssetCustomFieldID = %q, %v", id, ok)
	}
	if _, ok := AssetCustomFieldID(AssetTypeField); ok {
		t.Error("asset_type taken for a custom field")
	}
}

func fieldErrorNamed(err error, name string) bool {
	for _, f := range FieldErrors(err) {
		if f.Field == name {
			return true
		}
	}
	return false
}
