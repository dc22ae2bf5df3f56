package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// groupMemberModel is one element of happyfox_contact_group.contacts.
type groupMemberModel struct {
	ContactID     types.Int64 `tfsdk:"contact_id"`
	AccessTickets types.Bool  `tfsdk:"access_tickets"`
}

var groupMemberObjectType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"contact_id":     types.Int64Type,
	"access_tickets": types.BoolType,
}}

// privateManagedMembers is the private-state key holding the contact ids that the group's `contacts` put in
// the group at the last apply. A member that is neither configured nor listed there was added outside this
// resource, which is how mixing with happyfox_contact_group_membership is detected.
const privateManagedMembers = "managed_members"

// membersValue builds the contacts set from HappyFox's member list. A member whose ticket access HappyFox did not
// show, in the group or in the contact (client.ResolveMemberAccess), gets unshown(contact id).
func membersValue(members []client.GroupMember, unshown func(contactID int64) types.Bool) types.Set {
	elems := make([]attr.Value, 0, len(members))
	for _, m := range members {
		access := types.BoolValue(m.AccessTickets)
		if !m.AccessShown {
			access = unshown(m.ContactID)
		}
		elems = append(elems, types.ObjectValueMust(groupMemberObjectType.AttrTypes, map[string]attr.Value{
			"contact_id":     types.Int64Value(m.ContactID),
			"access_tickets": access,
		}))
	}
	return types.SetValueMust(groupMemberObjectType, elems)
}

// unknownAccess is the access of a member HappyFox did not show, for data sources and lists: null, nothing is
// claimed.
func unknownAccess(int64) types.Bool { return types.BoolNull() }

// keptAccess is the access of a member HappyFox did not show, for the resources: the value of prior (the plan after
// a write, the state on refresh) for that contact, else false (update_contacts' default, §2.8). So an access
// HappyFox does not show is never reported as another value than the one configured, and never as not applied.
func keptAccess(prior []client.MembershipChange) func(int64) types.Bool {
	return func(contactID int64) types.Bool {
		for _, p := range prior {
			if p.ContactID == contactID {
				return types.BoolValue(p.AccessTickets)
			}
		}
		return types.BoolValue(false)
	}
}

// membersOf returns the elements of a known contacts set (nil for null or unknown).
func membersOf(ctx context.Context, s types.Set, diags *diag.Diagnostics) []client.MembershipChange {
	if s.IsNull() || s.IsUnknown() {
		return nil
	}
	var ms []groupMemberModel
	diags.Append(s.ElementsAs(ctx, &ms, false)...)
	out := make([]client.MembershipChange, 0, len(ms))
	for _, m := range ms {
		out = append(out, client.MembershipChange{ContactID: m.ContactID.ValueInt64(), AccessTickets: m.AccessTickets.ValueBool()})
	}
	return out
}

// memberChanges compares the wanted members with HappyFox's: contacts to add or whose ticket access changes
// (update_contacts), and contacts to remove (delete_contacts), both in contact id order. A member whose access
// HappyFox did not show (client.GroupMember.AccessShown) is sent again with the wanted access, which is safe
// (update_contacts is idempotent, §2.8), unless verifying a write: then it counts as applied, since nothing says
// otherwise.
func memberChanges(want []client.MembershipChange, have []client.GroupMember, verifying bool) (upserts []client.MembershipChange, removals []int64) {
	current := map[int64]client.GroupMember{}
	for _, m := range have {
		current[m.ContactID] = m
	}
	wanted := map[int64]bool{}
	for _, w := range want {
		wanted[w.ContactID] = true
		m, ok := current[w.ContactID]
		if !ok || (m.AccessShown && m.AccessTickets != w.AccessTickets) || (!m.AccessShown && !verifying) {
			upserts = append(upserts, w)
		}
	}
	for id := range current {
		if !wanted[id] {
			removals = append(removals, id)
		}
	}
	slices.SortFunc(upserts, func(a, b client.MembershipChange) int { return int(a.ContactID - b.ContactID) })
	slices.Sort(removals)
	return upserts, removals
}

// ignorableRemoval reports delete_contacts outcomes that leave the contact out of the group anyway.
func ignorableRemoval(res client.ItemResult) bool {
	msg := strings.ToLower(res.Message)
	return strings.Contains(msg, "not part of") || strings.Contains(msg, "does not exist")
}

// addItemFailures reports per-contact failures of update_contacts / delete_contacts (shape C) as one error
// naming every failed contact id. skip filters outcomes that are not failures for the caller.
func addItemFailures(diags *diag.Diagnostics, summary string, groupID int64, results []client.ItemResult, skip func(client.ItemResult) bool) {
	var lines []string
	for _, res := range results {
		if res.Success || (skip != nil && skip(res)) {
			continue
		}
		msg := res.Message
		for _, fe := range res.Fields {
			msg = strings.TrimSpace(msg + " " + fe.Field + ": " + strings.Join(fe.Messages, " "))
		}
		if msg == "" {
			msg = "HappyFox reported a failure without a reason"
		}
		hint := ""
		if strings.Contains(strings.ToLower(msg), "valid choice") {
			hint = " (no such contact?)"
		}
		lines = append(lines, fmt.Sprintf("- contact %d: %s%s", res.ID, msg, hint))
	}
	if len(lines) == 0 {
		return
	}
	addRefusal(diags, summary, fmt.Sprintf("HappyFox refused %d of %d contact(s) for contact group %d:\n%s\n\nThe other contacts "+
		"were processed; Terraform state shows the group's actual members. Check the contact ids (the happyfox_contact data "+
		"source or resource gives them) and apply again.", len(lines), len(results), groupID, strings.Join(lines, "\n")))
}

// managedMembersJSON encodes the private-state list of contact ids managed by `contacts`.
func managedMembersJSON(ms []client.MembershipChange) []byte {
	ids := make([]int64, 0, len(ms))
	for _, m := range ms {
		ids = append(ids, m.ContactID)
	}
	slices.Sort(ids)
	b, _ := json.Marshal(ids)
	return b
}

// membersAddedOutside returns, in id order, the current members that are neither wanted nor were put in the
// group by the last apply of `contacts` (managed): they joined outside this resource.
func membersAddedOutside(want, current []client.MembershipChange, managed map[int64]bool) []int64 {
	wanted := map[int64]bool{}
	for _, m := range want {
		wanted[m.ContactID] = true
	}
	var out []int64
	for _, m := range current {
		if !wanted[m.ContactID] && !managed[m.ContactID] {
			out = append(out, m.ContactID)
		}
	}
	slices.Sort(out)
	return out
}

func parseManagedMembers(b []byte) map[int64]bool {
	var ids []int64
	if len(b) == 0 || json.Unmarshal(b, &ids) != nil {
		return nil
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	if len(parts) > maxListedCandidates {
		return strings.Join(parts[:maxListedCandidates], ", ") + fmt.Sprintf(", … and %d more", len(parts)-maxListedCandidates)
	}
	return strings.Join(parts, ", ")
}
