package provider

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// One way to save what a Create made, for every resource. Once HappyFox holds the object, its id and the planned
// values go to state at once, and what fails afterwards (the read-back hits a long lockout, the apply is interrupted,
// a 5xx) is a warning on a tracked object: the next refresh reads it from HappyFox, so the next plan shows exactly
// what is left to do. A tainted object would be replaced by the next apply: for the objects HappyFox cannot
// delete (contacts, contact groups) the destroy only forgets them and the create refuses because the e-mail or
// name is taken; for the others (assets, memberships, choice lists) it would be removed and made again for
// nothing. Only HappyFox's refusals (refusals.go: a value it rejected, a change it did not store) stay errors, so
// that the apply fails and says what to fix.

// createdObject is what a Create made.
type createdObject struct {
	kind string // "contact", "contact group", "asset", ...
	id   string // its Terraform id
	// deletable: HappyFox can delete it, so the replacement the next apply plans after a refusal removes it and
	// creates it again. When it cannot (contacts, groups), the replacement adopts this same object
	// (forgottenObjects) instead of creating another one or refusing because it exists.
	deletable bool
}

// saveCreated saves a Create of obj: the plan with every value it left unknown taken from answer (a model of the
// object as the create's answer describes it; nil for none) goes to state at once, then follow runs the steps
// after the create (read-back, members, phones), saving what they reach to st and reporting to diags, and
// settleCreate turns their failures into warnings.
func saveCreated(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse, obj createdObject, answer any,
	follow func(st tfvalue.StateSetter, diags *diag.Diagnostics)) {
	var raw tftypes.Value
	if answer != nil {
		raw = answerState(ctx, resp.State, answer)
	} else {
		raw = tftypes.NewValue(resp.State.Schema.Type().TerraformType(ctx), nil)
	}
	fallback := createdFallback(req.Plan, raw)
	resp.State.Raw = fallback
	var diags diag.Diagnostics
	if follow != nil {
		follow(&resp.State, &diags)
	}
	settleCreate(resp, fallback, diags, obj)
}

// settleCreate finishes a Create of an object HappyFox holds. fallback is the state saved when the steps after
// the create failed: the plan with the id, and every value the plan left unknown taken from the create's answer
// (or null). follow holds the diagnostics of those steps; their errors become warnings, but for refusals.
func settleCreate(resp *resource.CreateResponse, fallback tftypes.Value, follow diag.Diagnostics, obj createdObject) {
	if !follow.HasError() {
		resp.Diagnostics.Append(follow...)
		return
	}
	if refusedByHappyFox(follow) {
		// HappyFox judged the configuration wrong: that stays an error, so the apply fails and says what to fix.
		// State holds what HappyFox has; Terraform marks the object tainted (see createdObject.deletable).
		resp.Diagnostics.Append(follow...)
		return
	}
	resp.State.Raw = fallback
	tail := fmt.Sprintf("\n\nHappyFox has the %s (id %s) and it is saved in the Terraform state, so nothing is orphaned and "+
		"nothing will be created twice. The next terraform plan reads it from HappyFox and shows what is left to do; "+
		"terraform apply finishes it.", obj.kind, obj.id)
	for _, d := range follow {
		if d.Severity() != diag.SeverityError {
			resp.Diagnostics.Append(d)
			continue
		}
		summary := fmt.Sprintf("The %s was created, but: %s", obj.kind, d.Summary())
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			resp.Diagnostics.AddAttributeWarning(wp.Path(), summary, d.Detail()+tail)
			continue
		}
		resp.Diagnostics.AddWarning(summary, d.Detail()+tail)
	}
}

// refusedByHappyFox reports whether diags hold a refusal (refusals.go).
func refusedByHappyFox(diags diag.Diagnostics) bool {
	return slices.ContainsFunc(diags.Errors(), isRefusal)
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

// has reports whether the object was forgotten in this run, without clearing the mark.
func (f *forgottenObjects) has(kind string, id int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.ids[fmt.Sprintf("%s/%d", kind, id)]
}
