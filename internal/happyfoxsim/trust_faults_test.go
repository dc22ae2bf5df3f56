package happyfoxsim_test

import (
	"fmt"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAssetPutResetsOmittedCustomFields(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	id := num(h.post("assets/?asset_type=2", map[string]any{"name": "L", "display_id": "L-1", "created_by": 1,
		"custom_fields": map[string]any{"45": "SN", "46": "note"}}, 200).obj(t)["id"])
	path := fmt.Sprintf("asset/%d/", int64(id))
	// Default: omitted fields are kept.
	h.put(path, map[string]any{"updated_by": 1, "custom_fields": map[string]any{"45": "SN2"}}, 200)
	if a, _ := h.sim.Asset(int64(id)); a.CustomFields[46] != "note" {
		t.Fatalf("default PUT dropped field 46: %v", a.CustomFields)
	}
	h.sim.SetAssetPutResetsOmittedCustomFields(true)
	h.put(path, map[string]any{"updated_by": 1, "custom_fields": map[string]any{"45": "SN3"}}, 200)
	if a, _ := h.sim.Asset(int64(id)); a.CustomFields[46] != nil || a.CustomFields[45] != "SN3" {
		t.Fatalf("with the switch, PUT kept field 46 or lost 45: %v", a.CustomFields)
	}
}
