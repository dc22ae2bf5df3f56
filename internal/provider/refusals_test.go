package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// After a create, a refusal stays an error and anything else becomes a warning, whatever the diagnostics say: the
// type decides, never the wording (rewording a message must not change what happens).
func TestSettleCreateTellsRefusalsByTheirType(t *testing.T) {
	fallback := tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.String}},
		map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.String, "7")})
	for _, tc := range []struct {
		name    string
		add     func(*diag.Diagnostics)
		refused bool
	}{
		{"a refusal worded like nothing else", func(d *diag.Diagnostics) { addRefusal(d, "Something odd", "It did not take.") }, true},
		{"an attribute refusal", func(d *diag.Diagnostics) {
			addAttributeRefusal(d, path.Root("name"), notAppliedSummary, "reading it back shows another name")
		}, true},
		{"the old wording of a refusal, as a plain error", func(d *diag.Diagnostics) {
			d.AddError(notAppliedSummary, "HappyFox refused 1 of 1 contact(s). HappyFox rejected this value: no.")
		}, false},
		{"a lockout", func(d *diag.Diagnostics) {
			d.AddError("Could not read the contact back: HappyFox rate limit", "locked out")
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var follow diag.Diagnostics
			tc.add(&follow)
			resp := &resource.CreateResponse{}
			settleCreate(resp, fallback, follow, createdObject{kind: "contact", id: "7"})
			if got := resp.Diagnostics.HasError(); got != tc.refused {
				t.Fatalf("error after the create: %v, want %v (%v)", got, tc.refused, resp.Diagnostics)
			}
			if !tc.refused && (len(resp.Diagnostics.Warnings()) != 1 || !resp.State.Raw.Equal(fallback)) {
				t.Fatalf("want one warning and the fallback state: %v, %v", resp.Diagnostics, resp.State.Raw)
			}
		})
	}
}
