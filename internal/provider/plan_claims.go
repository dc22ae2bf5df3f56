package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Claims: what the resources of one plan will hold after the apply, so that two of them asking for the same unique
// value (a contact's e-mail, a group's name, one contact's membership of one group) are refused at plan time, when
// otherwise the apply would create one and refuse the other.
//
// Each resource's ModifyPlan runs on its own, but all of them run in one provider process, configured once for the
// plan (and once more for the apply, with a fresh registry: Configure builds a new providerData), so a registry
// there sees every resource of the plan. Each non-destroy plan claims its planned value; a plan that moves its object
// away from a value (an update that changes it, a destroy) records that it leaves it. The rule, for one value:
//
//   - Two claims by different owners conflict: after the apply both objects would hold the value, and HappyFox keeps
//     it unique (e-mails ignoring case, §2.3; group names, §2.8). This is two new contacts whose e-mails differ only
//     in case, or a new contact with the e-mail of a managed one.
//   - A claim by one owner and a leave by another conflict too: the value moves from one object to another within
//     one apply, and Terraform orders the two changes only when one resource depends on the other, which a plan
//     cannot see. Applied the wrong way round, HappyFox still holds the value on the first object and refuses the
//     second, or the create adopts the object being forgotten. So a move is refused with the advice to apply it in
//     two steps, or to use a moved block when the same object only changes its resource address.
//   - A claim and a leave by one owner never conflict, nor do two leaves.
//
// The owner is what keeps a resource from conflicting with itself:
//   - a resource with prior state is the object in that state ("contact 12");
//   - a create is a new owner, numbered in this plan: Terraform plans each create once per plan;
//   - the create half of a replacement requested with -replace (or forced by a changed attribute) is the object being
//     replaced: the first half, planned with the prior state, writes that object in the planned private state, and
//     Terraform hands that private state to the second half as its prior one (privatePlannedFor);
//   - a tainted object's replacement is planned as a create only (no plan with the prior state, no leave), so its
//     claim meets nothing of its own; the plan-time lookups let it adopt its object (planChecks.seen).
//
// A second plan in the same process (the plan and the apply of one terraform apply, a test harness serving the
// provider in its own process) starts from a new registry, so nothing is compared with its own earlier claims.

// privatePlannedFor is the planned-private-state key in which a plan with prior state names its object (JSON), so
// that the create half of a replacement claims for the same owner.
const privatePlannedFor = "planned_for"

type claimKey struct {
	kind string // claimEmail, claimGroupName, claimMembership
	key  string // the value compared as HappyFox compares it
}

const (
	claimEmail      = "e-mail"
	claimGroupName  = "contact group name"
	claimMembership = "membership"
)

type claim struct {
	owner string // "contact 12", "new contact 3"
	shown string // the value as configured
	how   string // for a leave: what the plan does with the object, e.g. "changes it to \"b@example.com\""
}

type planClaims struct {
	mu     sync.Mutex
	next   int
	claims map[claimKey]claim
	leaves map[claimKey]claim
}

// owner returns the owner of a plan of kind (e.g. "contact"): stateID when the plan has prior state (and then it
// writes privatePlannedFor for a possible second half), the id the first half of a replacement left otherwise, or
// a new owner.
func (c *planClaims) owner(ctx context.Context, kind, stateID string, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) string {
	if stateID != "" {
		b, _ := json.Marshal(stateID)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, privatePlannedFor, b)...)
		return kind + " " + stateID
	}
	if req.Private != nil {
		if b, d := req.Private.GetKey(ctx, privatePlannedFor); !d.HasError() && len(b) > 0 {
			var id string
			if json.Unmarshal(b, &id) == nil && id != "" {
				return kind + " " + id
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next++
	return fmt.Sprintf("new %s %d", kind, c.next)
}

// claim records that owner holds (kind, key) after the apply; it returns the claim or leave of another owner it
// conflicts with, if any (left false for a claim, true for a leave).
func (c *planClaims) claim(kind, key, shown, owner string) (other claim, left, conflict bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := claimKey{kind, key}
	if e, ok := c.claims[k]; ok && e.owner != owner {
		return e, false, true
	}
	if l, ok := c.leaves[k]; ok && l.owner != owner {
		return l, true, true
	}
	if c.claims == nil {
		c.claims = map[claimKey]claim{}
	}
	c.claims[k] = claim{owner: owner, shown: shown}
	return claim{}, false, false
}

// leave records that owner's object gives (kind, key) up in this apply (how says how); it returns the claim of
// another owner it conflicts with, if any.
func (c *planClaims) leave(kind, key, shown, owner, how string) (other claim, conflict bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := claimKey{kind, key}
	if e, ok := c.claims[k]; ok && e.owner != owner {
		return e, true
	}
	if c.leaves == nil {
		c.leaves = map[claimKey]claim{}
	}
	c.leaves[k] = claim{owner: owner, shown: shown, how: how}
	return claim{}, false
}

// ownerLabel renders an owner for a message: "contact 12", or "a contact this plan creates".
func ownerLabel(owner string) string {
	if rest, isNew := strings.CutPrefix(owner, "new "); isNew {
		kind, _, _ := strings.Cut(rest, " ")
		return "a " + strings.ReplaceAll(kind, "_", " ") + " this plan creates"
	}
	return strings.ReplaceAll(owner, "_", " ")
}

// claimValue claims (kind, key) for owner and reports a conflict on attr. what names the value in a message, e.g.
// `the e-mail "jane@example.com"`.
func (c *planClaims) claimValue(kind, key, shown, owner string, attr path.Path, what string, diags *diag.Diagnostics) {
	other, left, conflict := c.claim(kind, key, shown, owner)
	switch {
	case !conflict:
	case !left:
		diags.AddAttributeError(attr, "Two resources want the same "+kind,
			fmt.Sprintf("Another resource of this configuration wants %s too: %s, configured as %q. HappyFox keeps each %s "+
				"unique%s, so the apply would refuse one of them. Give each resource its own.", what, ownerLabel(other.owner),
				other.shown, kind, caseNote(kind)))
	default:
		diags.AddAttributeError(attr, moveSummary(kind),
			fmt.Sprintf("This resource takes %s from %s, whose resource %s in this plan. %s", what, ownerLabel(other.owner),
				other.how, moveAdvice))
	}
}

// leaveValue records that owner gives (kind, key) up and reports, on attr, a resource of this plan that takes it.
func (c *planClaims) leaveValue(kind, key, shown, owner, how string, attr path.Path, what string, diags *diag.Diagnostics) {
	other, conflict := c.leave(kind, key, shown, owner, how)
	if !conflict {
		return
	}
	diags.AddAttributeError(attr, moveSummary(kind),
		fmt.Sprintf("This resource %s, and another resource of this plan takes %s (%s, configured as %q). %s", how, what,
			ownerLabel(other.owner), other.shown, moveAdvice))
}

func moveSummary(kind string) string {
	return "The " + kind + " moves between two resources in one apply"
}

const moveAdvice = "Terraform may apply the two changes in either order, and the wrong one fails: HappyFox still has " +
	"the value on the first object, or the new resource adopts the object the other one only forgets. Apply it in two " +
	"steps (first the resource that gives the value up, with terraform apply -target=<its address>, then the rest), or, if " +
	"the same object only moves to another resource address, use a moved block instead of destroying and creating."

func caseNote(kind string) string {
	if kind == claimEmail || kind == claimGroupName {
		return ", ignoring case"
	}
	return ""
}

// forgetPlannedFor removes privatePlannedFor from the private state a Create or Update saves: it is meant for the
// plan only.
func forgetPlannedFor(ctx context.Context, private privateSetter, diags *diag.Diagnostics) {
	if private != nil {
		diags.Append(private.SetKey(ctx, privatePlannedFor, nil)...)
	}
}
