package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfidentity"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ resource.ResourceWithConfigure   = &contactGroupMembershipResource{}
	_ resource.ResourceWithImportState = &contactGroupMembershipResource{}
	_ resource.ResourceWithModifyPlan  = &contactGroupMembershipResource{}
)

// NewContactGroupMembershipResource is the constructor of happyfox_contact_group_membership.
func NewContactGroupMembershipResource() resource.Resource { return &contactGroupMembershipResource{} }

type contactGroupMembershipResource struct{ data *providerData }

type contactGroupMembershipModel struct {
	ID            types.String `tfsdk:"id"`
	GroupID       types.Int64  `tfsdk:"group_id"`
	ContactID     types.Int64  `tfsdk:"contact_id"`
	AccessTickets types.Bool   `tfsdk:"access_tickets"`
}

func membershipID(groupID, contactID int64) string { return fmt.Sprintf("%d/%d", groupID, contactID) }

// parseMembershipID parses "<group_id>/<contact_id>".
func parseMembershipID(raw string) (groupID, contactID int64, err error) {
	g, c, found := strings.Cut(strings.TrimSpace(raw), "/")
	if found {
		groupID, err = tfvalue.ParseID(g, "contact group")
		if err == nil {
			contactID, err = tfvalue.ParseID(c, "contact")
		}
	}
	if !found || err != nil {
		return 0, 0, fmt.Errorf("%q is not a membership id: expected <group_id>/<contact_id>, e.g. 12/345", raw)
	}
	return groupID, contactID, nil
}

func (r *contactGroupMembershipResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact_group_membership"
}

func (r *contactGroupMembershipResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One contact's membership of a HappyFox contact group. Non-authoritative: other members of the group " +
			"are left alone, so several configurations can add members to one group.\n\n~> Do not use this resource for a " +
			"group whose `happyfox_contact_group` sets `contacts`: that attribute is authoritative and would remove the " +
			"membership again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<group_id>/<contact_id>`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Numeric id of the contact group. Changing it moves the membership (replacement). A " +
					"group HappyFox does not have, or a contact already a member of it, is refused at plan time.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"contact_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Numeric id of the contact. Changing it replaces the membership. An id that is no " +
					"HappyFox contact is refused at plan time.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"access_tickets": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Whether the contact can see every ticket of the group, not only their own. Changed in " +
					"place. When not set, it is not managed: a new membership gets `false`, and an existing (imported) one keeps " +
					"what HappyFox has.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *contactGroupMembershipResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan makes, at plan time, the refusals HappyFox would make at apply (plan_checks.go): an unknown group, a
// contact id that is no contact, a contact that is already a member (added outside Terraform), and two resources of
// the plan for one membership (plan_claims.go). Unknown ids are checked at apply.
func (r *contactGroupMembershipResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil || (req.Plan.Raw.IsNull() && req.State.Raw.IsNull()) {
		return
	}
	checks := &r.data.planChecks
	var state contactGroupMembershipModel
	stateKey := ""
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		stateKey = membershipID(state.GroupID.ValueInt64(), state.ContactID.ValueInt64())
		checks.markSeenKey("membership", stateKey)
	}
	if req.Plan.Raw.IsNull() {
		checks.claims.leaveValue(claimMembership, stateKey, stateKey, "membership "+stateKey,
			"destroys membership "+stateKey+", which removes the contact from the group", path.Root("contact_id"),
			"membership "+stateKey, &resp.Diagnostics)
		return
	}
	var plan contactGroupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	owner := checks.claims.owner(ctx, "membership", stateKey, req, resp)
	if plan.GroupID.IsUnknown() || plan.ContactID.IsUnknown() {
		return
	}
	gid, cid := plan.GroupID.ValueInt64(), plan.ContactID.ValueInt64()
	key := membershipID(gid, cid)
	checks.claims.claimValue(claimMembership, key, key, owner, path.Root("contact_id"), "membership "+key, &resp.Diagnostics)
	if stateKey != "" && stateKey != key {
		checks.claims.leaveValue(claimMembership, stateKey, stateKey, owner, "replaces membership "+stateKey+" with "+key,
			path.Root("contact_id"), "membership "+stateKey, &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() || stateKey == key {
		return // an update of access_tickets: the membership exists
	}
	c := r.data.Client
	ok, err := checks.groupExists(ctx, c, gid)
	if err != nil {
		addAPIError(&resp.Diagnostics, "check that the contact group exists", err, nil)
		return
	}
	if !ok {
		resp.Diagnostics.AddAttributeError(path.Root("group_id"), "Contact group not found",
			fmt.Sprintf("HappyFox has no contact group %d. Check group_id (the happyfox_contact_group data source or resource "+
				"gives it).", gid))
		return
	}
	if !checks.checkContactIDs(ctx, c, []int64{cid}, func(int64) path.Path { return path.Root("contact_id") },
		"a member of contact group "+fmt.Sprint(gid), &resp.Diagnostics) || resp.Diagnostics.HasError() {
		return
	}
	if checks.wasSeenKey("membership", key) || checks.createdGroup(gid) {
		// This membership's own object, being replaced (tainted or -replace): its destroy runs first. Or a group this
		// apply created: only this apply added members to it.
		return
	}
	// One read of the group, shared with the refreshes of its memberships (client.RefreshContactGroup).
	g, m, err := r.member(client.WithPurpose(ctx, client.ForCheck), gid, cid, true)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group's members", err, nil)
		return
	}
	if m != nil {
		addAlreadyMemberError(&resp.Diagnostics, g, cid)
	}
}

// addAlreadyMemberError reports, on contact_id, a contact that is already a member of group g.
func addAlreadyMemberError(diags *diag.Diagnostics, g *client.ContactGroup, cid int64) {
	diags.AddAttributeError(path.Root("contact_id"), "Contact is already a member",
		fmt.Sprintf("Contact %d is already a member of contact group %d (%q). To manage this membership with Terraform, import "+
			"it: terraform import <address> %s. If the group's happyfox_contact_group sets contacts, manage the member there "+
			"instead: the two must not be mixed on one group.", cid, g.ID, g.Name, membershipID(g.ID, cid)))
}

// member returns the group and the contact's membership (nil when not a member). A refresh (Read, and the check
// before a create) may be answered from a read of the group this provider process made since its last write
// that may touch the group (client.RefreshContactGroup: one GET per group for all its memberships); the
// read-back after a write always reads the group anew. A member entry without its ticket access (§2.8) has it read
// from the contact (client.ResolveMemberAccess); when neither shows it, AccessShown stays false.
func (r *contactGroupMembershipResource) member(ctx context.Context, groupID, contactID int64, refresh bool) (*client.ContactGroup, *client.GroupMember, error) {
	read := r.data.Client.GetContactGroup
	if refresh {
		read = r.data.Client.RefreshContactGroup
	}
	g, err := read(ctx, groupID)
	if err != nil {
		return nil, nil, err
	}
	for i := range g.Members {
		if g.Members[i].ContactID == contactID {
			if err := r.data.Client.ResolveMemberAccess(ctx, g, contactID); err != nil {
				return nil, nil, err
			}
			return g, &g.Members[i], nil
		}
	}
	return g, nil, nil
}

func (r *contactGroupMembershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	forgetPlannedFor(ctx, resp.Private, &resp.Diagnostics) // plan_claims.go
	var plan contactGroupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	gid, cid := plan.GroupID.ValueInt64(), plan.ContactID.ValueInt64()
	g, m, err := r.member(client.WithPurpose(ctx, client.ForCheck), gid, cid, true) // the check before the add
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("group_id"), "Contact group not found",
			fmt.Sprintf("HappyFox has no contact group %d. Check group_id.", gid))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group", err, nil)
		return
	}
	if m != nil {
		addAlreadyMemberError(&resp.Diagnostics, g, cid)
		return
	}
	// Once HappyFox holds the membership, what fails afterwards (the read-back interrupted, a lockout, a 5xx) is a
	// warning with the membership in state, not tainted (saveCreated): a tainted one would be removed and added
	// again by the next apply for nothing.
	saved, held := r.add(ctx, plan, "add the contact to the contact group", &resp.Diagnostics)
	if !held {
		return
	}
	saveCreated(ctx, req, resp, createdObject{kind: "contact group membership", id: saved.ID.ValueString(), deletable: true}, saved,
		func(st tfvalue.StateSetter, follow *diag.Diagnostics) { r.readBack(ctx, plan, saved, st, follow) })
}

// add sends update_contacts for one contact. It returns the membership as HappyFox now holds it by what was sent,
// and whether HappyFox accepted the change (then HappyFox holds the membership, whatever fails after).
func (r *contactGroupMembershipResource) add(ctx context.Context, plan contactGroupMembershipModel, action string, diags *diag.Diagnostics) (contactGroupMembershipModel, bool) {
	gid, cid := plan.GroupID.ValueInt64(), plan.ContactID.ValueInt64()
	// Concurrent changes of one group share one update_contacts request (client.AddGroupContactBatched).
	item, err := r.data.Client.AddGroupContactBatched(ctx, gid, client.MembershipChange{ContactID: cid, AccessTickets: plan.AccessTickets.ValueBool()})
	if err != nil {
		addAPIError(diags, action, err, nil)
		return contactGroupMembershipModel{}, false
	}
	if !item.Success && strings.Contains(strings.ToLower(item.Message+fmt.Sprint(item.Fields)), "valid choice") {
		diags.AddAttributeError(path.Root("contact_id"), "Could not "+action,
			fmt.Sprintf("HappyFox rejected contact %d: there is no such contact. Check contact_id.", cid))
		return contactGroupMembershipModel{}, false
	}
	var failed diag.Diagnostics
	addItemFailures(&failed, "Could not "+action, gid, []client.ItemResult{item}, nil)
	if failed.HasError() {
		diags.Append(failed...)
		return contactGroupMembershipModel{}, false
	}
	return contactGroupMembershipModel{ID: types.StringValue(membershipID(gid, cid)), GroupID: plan.GroupID, ContactID: plan.ContactID,
		AccessTickets: types.BoolValue(plan.AccessTickets.ValueBool())}, true // unset (unknown) is sent as false
}

// readBack reads the membership saved (as add returned it) back from the group and saves what HappyFox holds to
// st, once: the access HappyFox shows, or the value sent when it shows none (§2.8).
func (r *contactGroupMembershipResource) readBack(ctx context.Context, plan, saved contactGroupMembershipModel, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	gid, cid := plan.GroupID.ValueInt64(), plan.ContactID.ValueInt64()
	_, m, err := r.member(client.WithPurpose(ctx, client.ForReadBack), gid, cid, false)
	switch {
	case err != nil:
		addAPIError(diags, "read the contact group back", err, nil)
	case m == nil:
		addRefusal(diags, notAppliedSummary,
			fmt.Sprintf("HappyFox accepted adding contact %d to contact group %d, but the group's members do not include it.", cid, gid))
	case m.AccessShown: // otherwise HappyFox does not show the access (§2.8): the value sent stays, and nothing says it was not applied
		saved.AccessTickets = types.BoolValue(m.AccessTickets)
		if !plan.AccessTickets.IsUnknown() && m.AccessTickets != plan.AccessTickets.ValueBool() {
			addNotAppliedError(diags, path.Root("access_tickets"), "contact group membership", plan.AccessTickets.ValueBool(), m.AccessTickets)
		}
	}
	diags.Append(st.Set(ctx, saved)...)
}

func (r *contactGroupMembershipResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state contactGroupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	gid, cid := state.GroupID.ValueInt64(), state.ContactID.ValueInt64()
	// A tainted membership is refreshed, but its replacement is planned without its state: remember it, so that the
	// plan-time member check lets the replacement add it again after its destroy removed it (ModifyPlan).
	r.data.planChecks.markSeenKey("membership", membershipID(gid, cid))
	_, m, err := r.member(ctx, gid, cid, true)
	if client.IsNotFound(err) || (err == nil && m == nil) {
		resp.Diagnostics.AddWarning("Contact group membership no longer exists",
			fmt.Sprintf("Contact %d is no longer a member of contact group %d (changed outside Terraform, or the group was deleted); "+
				"Terraform will plan to add it again.", cid, gid))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group", err, nil)
		return
	}
	access := types.BoolValue(m.AccessTickets)
	if !m.AccessShown {
		// HappyFox does not show the access (§2.8): the state's value stays (false after an import, as for a new member).
		access = state.AccessTickets
		if access.IsNull() || access.IsUnknown() {
			access = types.BoolValue(false)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, contactGroupMembershipModel{
		ID: types.StringValue(membershipID(gid, cid)), GroupID: state.GroupID, ContactID: state.ContactID,
		AccessTickets: access,
	})...)
}

func (r *contactGroupMembershipResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	forgetPlannedFor(ctx, resp.Private, &resp.Diagnostics) // plan_claims.go
	var plan contactGroupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if saved, held := r.add(ctx, plan, "change the contact's ticket access in the group", &resp.Diagnostics); held {
		r.readBack(ctx, plan, saved, &resp.State, &resp.Diagnostics)
	}
}

func (r *contactGroupMembershipResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactGroupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	gid, cid := state.GroupID.ValueInt64(), state.ContactID.ValueInt64()
	item, err := r.data.Client.RemoveGroupContactBatched(ctx, gid, cid) // shares delete_contacts with concurrent removals
	res := []client.ItemResult{item}
	if client.IsNotFound(err) {
		return // the group is gone, and the membership with it
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "remove the contact from the contact group", err, nil)
		return
	}
	addItemFailures(&resp.Diagnostics, "Could not remove the contact from the contact group", gid, res, ignorableRemoval)
}

func (r *contactGroupMembershipResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	gid, cid, err := parseMembershipID(tfidentity.ImportID(ctx, req, &resp.Diagnostics, "group_id", "contact_id"))
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), membershipID(gid, cid))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), gid)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("contact_id"), cid)...)
}

var _ resource.ResourceWithIdentity = &contactGroupMembershipResource{}

func (r *contactGroupMembershipResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"group_id":   identityschema.Int64Attribute{RequiredForImport: true, Description: "Numeric HappyFox id of the contact group."},
		"contact_id": identityschema.Int64Attribute{RequiredForImport: true, Description: "Numeric HappyFox id of the contact."},
	}}
}
