package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Objects HappyFox cannot delete (contacts, contact groups) must never be left tainted: Terraform taints an
// object whose Create returns an error after saving state, the next apply "replaces" it (destroy only forgets
// it) and the create then refuses because the e-mail or name is taken. So once HappyFox has the object,
// whatever fails afterwards (the read-back hits a long lockout, the apply is interrupted, a 5xx, HappyFox
// stored another value) is reported as a warning, and the state holds the planned values with the id. The
// next refresh reads the object from HappyFox, so the next plan shows exactly what is left to do. Memberships
// can be removed, but a tainted one would be removed and added again by the next apply for nothing, so they are
// settled the same way.

// settleCreate finishes a Create of an object HappyFox holds. fallback is the state saved when the steps after
// the create failed: the plan with the id, and every value the plan left unknown taken from the create's answer
// (or null). follow holds the diagnostics of those steps; their errors become warnings. id is the object's
// Terraform id.
func settleCreate(resp *resource.CreateResponse, fallback tftypes.Value, follow diag.Diagnostics, object string, id string) {
	if !follow.HasError() {
		resp.Diagnostics.Append(follow...)
		return
	}
	if refusedByHappyFox(follow) {
		// HappyFox judged the configuration wrong (a member it refused, a value it did not store): that stays an
		// error, so the apply fails and says what to fix. State holds what HappyFox has; Terraform marks the object
		// tainted, and the replacement the next apply plans adopts this same object (forgottenObjects) instead
		// of creating another one or refusing because it exists.
		resp.Diagnostics.Append(follow...)
		return
	}
	resp.State.Raw = fallback
	tail := fmt.Sprintf("\n\nHappyFox has the %s (id %s) and it is saved in the Terraform state, so nothing is orphaned and "+
		"nothing will be created twice. The next terraform plan reads it from HappyFox and shows what is left to do; "+
		"terraform apply finishes it.", object, id)
	for _, d := range follow {
		if d.Severity() != diag.SeverityError {
			resp.Diagnostics.Append(d)
			continue
		}
		summary := fmt.Sprintf("The %s was created, but: %s", object, d.Summary())
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			resp.Diagnostics.AddAttributeWarning(wp.Path(), summary, d.Detail()+tail)
			continue
		}
		resp.Diagnostics.AddWarning(summary, d.Detail()+tail)
	}
}

// refusedByHappyFox reports whether diags hold an error in which HappyFox refused part of the configuration
// (addItemFailures, addNotAppliedError, a field error from addAPIError), as opposed to a request that could not
// be carried out (a lockout, a 5xx, a lost connection, an interrupt), which the next apply simply finishes.
func refusedByHappyFox(diags diag.Diagnostics) bool {
	for _, d := range diags.Errors() {
		if d.Summary() == notAppliedSummary || strings.Contains(d.Detail(), "HappyFox refused ") ||
			strings.HasPrefix(d.Detail(), "HappyFox rejected this value") {
			return true
		}
	}
	return false
}

// createdFallback returns plan with every unknown value replaced by the value at the same path in answer
// (the state built from the create's answer) when that is known, and by null otherwise. Known plan values
// are kept, so the result is always a valid outcome of the plan.
func createdFallback(plan tfsdk.Plan, answer tftypes.Value) tftypes.Value {
	out, err := tftypes.Transform(plan.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if !answer.IsNull() {
			if got, _, err := tftypes.WalkAttributePath(answer, p); err == nil {
				if gv, ok := got.(tftypes.Value); ok && gv.IsFullyKnown() && gv.Type().Equal(v.Type()) {
					return gv, nil
				}
			}
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		return plan.Raw
	}
	return out
}

// answerState renders model (built from a create's answer) as a raw state value of schema, or a null value
// when it cannot be rendered.
func answerState(ctx context.Context, st tfsdk.State, model any) tftypes.Value {
	s := tfsdk.State{Schema: st.Schema, Raw: tftypes.NewValue(st.Schema.Type().TerraformType(ctx), nil)}
	if d := s.Set(ctx, model); d.HasError() {
		return tftypes.NewValue(st.Schema.Type().TerraformType(ctx), nil)
	}
	return s.Raw
}

// forgottenObjects remembers the objects HappyFox cannot delete that this provider instance removed from
// state during the current run. When such an object is being replaced (it was tainted, or terraform apply
// -replace), its destroy only forgets it; the create that follows then finds it by e-mail or name and adopts
// it instead of refusing because it already exists.
type forgottenObjects struct {
	mu  sync.Mutex
	ids map[string]bool
}

func (f *forgottenObjects) add(kind string, id int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ids == nil {
		f.ids = map[string]bool{}
	}
	f.ids[fmt.Sprintf("%s/%d", kind, id)] = true
}

// take reports whether the object was forgotten in this run, and clears the mark: one adoption per destroy.
func (f *forgottenObjects) take(kind string, id int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := fmt.Sprintf("%s/%d", kind, id)
	ok := f.ids[k]
	delete(f.ids, k)
	return ok
}

// privateSetter is the private state of a Create or Update response.
type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// notAppliedSummary is the summary of addNotAppliedError.
const notAppliedSummary = "HappyFox did not apply the change"

// has reports whether the object was forgotten in this run, without clearing the mark.
func (f *forgottenObjects) has(kind string, id int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ids[fmt.Sprintf("%s/%d", kind, id)]
}
