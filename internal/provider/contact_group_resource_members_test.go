package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

func TestMemberChanges(t *testing.T) {
	want := []client.MembershipChange{{ContactID: 5, AccessTickets: true}, {ContactID: 3}, {ContactID: 4, AccessTickets: true}}
	have := []client.GroupMember{{ContactID: 3, AccessShown: true}, {ContactID: 4, AccessShown: true}, {ContactID: 9, AccessTickets: true, AccessShown: true}}
	up, rm := memberChanges(want, have, false)
	if fmt.Sprint(up) != "[{4 true} {5 true}]" || fmt.Sprint(rm) != "[9]" {
		t.Fatalf("upserts %v, removals %v", up, rm)
	}
	// Members whose access HappyFox did not show (§2.8): sent again with the wanted access when syncing, taken as
	// applied when verifying a write.
	have = []client.GroupMember{{ContactID: 3}, {ContactID: 4}, {ContactID: 9}}
	if up, rm = memberChanges(want, have, false); fmt.Sprint(up) != "[{3 false} {4 true} {5 true}]" || fmt.Sprint(rm) != "[9]" {
		t.Fatalf("syncing: upserts %v, removals %v", up, rm)
	}
	if up, rm = memberChanges(want, have, true); fmt.Sprint(up) != "[{5 true}]" || fmt.Sprint(rm) != "[9]" {
		t.Fatalf("verifying: upserts %v, removals %v", up, rm)
	}
}

func TestAddItemFailures(t *testing.T) {
	var diags diag.Diagnostics
	results := []client.ItemResult{
		{ID: 3, Success: true},
		{ID: 99, Fields: []client.FieldError{{Field: "contact", Messages: []string{"Select a valid choice. That choice is not one of the available choices."}}}},
		{ID: 7, Message: "Contact not part of the contact group"},
	}
	addItemFailures(&diags, "x", 12, results, ignorableRemoval)
	if len(diags) != 1 {
		t.Fatalf("want one error, got %v", diags)
	}
	d := diags[0].Detail()
	if !strings.Contains(d, "refused 1 of 3") || !strings.Contains(d, "contact 99: contact: Select a valid choice") || strings.Contains(d, "contact 7") {
		t.Fatalf("detail: %s", d)
	}
	diags = nil
	addItemFailures(&diags, "x", 12, results[:1], nil)
	if diags.HasError() {
		t.Fatal("success reported as failure")
	}
}

func TestParseMembershipID(t *testing.T) {
	if g, c, err := parseMembershipID(" 12/345 "); err != nil || g != 12 || c != 345 {
		t.Fatalf("got %d %d %v", g, c, err)
	}
	for _, bad := range []string{"12", "12-345", "a/1", "1/0", "/1", "1/"} {
		if _, _, err := parseMembershipID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestMembersAddedOutside(t *testing.T) {
	want := []client.MembershipChange{{ContactID: 3}}
	current := []client.MembershipChange{{ContactID: 9}, {ContactID: 3}, {ContactID: 4}, {ContactID: 7}}
	// 4 was put there by the last apply and is now dropped from the configuration: a normal removal.
	managed := parseManagedMembers(managedMembersJSON([]client.MembershipChange{{ContactID: 3}, {ContactID: 4}}))
	if got := fmt.Sprint(membersAddedOutside(want, current, managed)); got != "[7 9]" {
		t.Fatalf("added outside: %s, want [7 9]", got)
	}
	if got := membersAddedOutside(want, []client.MembershipChange{{ContactID: 3}}, nil); len(got) != 0 {
		t.Fatalf("no member added outside, got %v", got)
	}
}

// TestContactGroupModifyPlanWarnsAboutMixing runs the resource's ModifyPlan on a group whose contacts are
// configured while HappyFox has an extra member (as a happyfox_contact_group_membership would add).
func TestContactGroupModifyPlanWarnsAboutMixing(t *testing.T) {
	ctx := context.Background()
	r := &contactGroupResource{}
	var sresp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sresp)
	model := func(members ...client.GroupMember) contactGroupModel {
		return contactGroupModel{ID: types.Int64Value(5), Name: types.StringValue("G"), Description: types.StringValue(""),
			TaggedDomains: tfvalue.StringSetValue(nil), Contacts: membersValue(members, keptAccess(nil)), RemoveMembersOnDestroy: types.BoolValue(false)}
	}
	state := tfsdk.State{Schema: sresp.Schema}
	plan := tfsdk.Plan{Schema: sresp.Schema}
	if d := state.Set(ctx, model(client.GroupMember{ContactID: 3}, client.GroupMember{ContactID: 8})); d.HasError() {
		t.Fatal(d)
	}
	if d := plan.Set(ctx, model(client.GroupMember{ContactID: 3})); d.HasError() {
		t.Fatal(d)
	}
	req := resource.ModifyPlanRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: plan.Raw}, Plan: plan, State: state}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, req, &resp)
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 ||
		!strings.Contains(resp.Diagnostics.Warnings()[0].Detail(), "Contact(s) 8 joined this group outside") {
		t.Fatalf("want one warning naming contact 8, got %v", resp.Diagnostics)
	}
}
