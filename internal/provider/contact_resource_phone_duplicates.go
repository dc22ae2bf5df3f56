package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// validateDistinctPhones rejects the same phone (type and number) listed twice. HappyFox would store two
// phones, and its API cannot delete either (docs/dev/happyfox-api.md §2.4), so the mistake could never be undone from
// Terraform. Numbers are compared by their digits ("+1 (555) 010-0100" and "+1 555 0100100" are the same),
// types by their code ("mobile" is "mo"; unset is "o", the default).
func validateDistinctPhones(phones []phoneModel, diags *diag.Diagnostics) {
	seen := map[string]int{}
	for i, p := range phones {
		if p.Number.IsUnknown() || p.Number.IsNull() || p.Type.IsUnknown() {
			continue
		}
		code := "o"
		if !p.Type.IsNull() {
			c, ok := phoneTypeCode(p.Type.ValueString())
			if !ok {
				continue // reported by the type validator
			}
			code = c
		}
		digits := phoneDigits(p.Number.ValueString())
		if digits == "" {
			continue
		}
		key := code + "/" + digits
		if j, dup := seen[key]; dup {
			diags.AddAttributeError(path.Root("phones").AtListIndex(i).AtName("number"), "Phone listed twice",
				fmt.Sprintf("phones[%d] (%q) is the same phone as phones[%d]: same type and number. HappyFox would store it twice, "+
					"and its API cannot delete a phone, so remove one of the two from phones.", i, p.Number.ValueString(), j))
			continue
		}
		seen[key] = i
	}
}
