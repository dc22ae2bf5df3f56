package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfidentity"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ resource.ResourceWithConfigure   = &contactGroupResource{}
	_ resource.ResourceWithImportState = &contactGroupResource{}
	_ resource.ResourceWithModifyPlan  = &contactGroupResource{}

	_ resource.ResourceWithValidateConfig = &contactGroupResource{}
)

// NewContactGroupResource is the constructor of happyfox_contact_group.
func NewContactGroupResource() resource.Resource { return &contactGroupResource{} }

type contactGroupResource struct{ data *providerData }

type contactGroupModel struct {
	ID            types.Int64  `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Description   types.String `tfsdk:"description"`
	TaggedDomains types.Set    `tfsdk:"tagged_domains"`
	// Contacts is the member set; managed only when configured (see the schema).
	Contacts               types.Set  `tfsdk:"contacts"`
	RemoveMembersOnDestroy types.Bool `tfsdk:"remove_members_on_destroy"`
}

// HappyFox stores tagged domains as one comma-separated string (docs/dev/happyfox-api.md §2.8), so a domain must not
// contain a comma or white space. The server does not check the content further (BM stores labels there),
// so any hostname-like token is accepted: dot-separated labels of letters (of any script, so that an
// internationalized domain such as bücher.example is accepted as well as its punycode form xn--bcher-kva.example),
// digits and marks, with hyphens inside a label.
var taggedDomainPattern = regexp.MustCompile(`^` + domainLabel + `(\.` + domainLabel + `)*$`)

const domainLabel = `[\p{L}\p{N}\p{M}]([\p{L}\p{N}\p{M}-]*[\p{L}\p{N}\p{M}])?`

// taggedDomain checks one tagged domain: first the text rule (tfvalidate.Text), then the domain shape.
var taggedDomain = tfvalidate.ShapedText{
	Describe: "must be a domain such as example.com (or bücher.example), without commas or spaces",
	Check: func(_ path.Path, s string) (string, string) {
		if taggedDomainPattern.MatchString(s) {
			return "", ""
		}
		return "Invalid tagged domain", fmt.Sprintf("%q is not a domain: tagged_domains takes domains such as example.com or "+
			"bücher.example (labels of letters, digits and inner hyphens, separated by dots), without commas or spaces.", s)
	},
}

const contactGroupNotDeletable = "HappyFox has no API to delete contact groups, so destroying this resource only removes it " +
	"from the Terraform state: the group (and, unless remove_members_on_destroy is set, its members) still exists in " +
	"HappyFox. Delete it in the HappyFox web interface if it is no longer needed."

var contactGroupFields = fieldPaths{
	"name":           path.Root("name"),
	"description":    path.Root("description"),
	"tagged_domains": path.Root("tagged_domains"),
}

func (r *contactGroupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact_group"
}

func (r *contactGroupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A HappyFox contact group: a named set of contacts, optionally tagged with e-mail domains so that " +
			"new contacts from those domains join it.\n\n~> **Destroy does not delete.** " + contactGroupNotDeletable,
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Numeric HappyFox id of the contact group.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the group, unique in the account: 1 to 255 characters on one line, with no white space " +
					"at either end and single spaces between words (HappyFox would store it cleaned). HappyFox's API documents no " +
					"way to rename a group: if a rename is not applied, the provider fails with an error instead of leaving a " +
					"diff that never goes away.",
				Validators: []validator.String{
					stringvalidator.UTF8LengthBetween(1, 255), // characters, not bytes
					tfvalidate.Text{Lines: tfvalidate.SingleLine, NotBlank: true},
				},
			},
			"description": schema.StringAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Free-text description, possibly on several lines, with no white space at either end. When not " +
					"set, it is not managed: a new group gets none (the empty string), and an existing group keeps the description " +
					"HappyFox has. `description = \"\"` clears it. Should HappyFox store it with its runs of white space or line " +
					"breaks made one space, the configured spelling is kept and no change is shown.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    []validator.String{tfvalidate.Text{Lines: tfvalidate.MultiLine}},
			},
			"tagged_domains": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				MarkdownDescription: "E-mail domains tagged to the group, such as `example.com`; an internationalized domain may be " +
					"written in Unicode (`bücher.example`) or in punycode (`xn--bcher-kva.example`). A set: order does not matter. " +
					"Sent to HappyFox as one comma-separated string, so a domain cannot contain commas or spaces. When not set, the " +
					"domains are not managed: a new group gets none, and an existing group keeps the domains HappyFox has. " +
					"`tagged_domains = []` removes every domain.",
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(
						stringvalidator.LengthBetween(1, 253),
						taggedDomain,
					),
				},
			},
			"contacts": schema.SetNestedAttribute{
				Optional: true,
				Computed: true,
				MarkdownDescription: "Members of the group. When set, the list is **authoritative**: contacts missing from HappyFox " +
					"are added, members not listed are removed, and `access_tickets` is corrected (requests are sent in batches of " +
					"at most 100 contacts). `contacts = []` empties the group. When not set, members are not managed and this " +
					"attribute is null (the `happyfox_contact_group` data source reads them), so that a refresh reads only the " +
					"group list, one request for all groups; an imported group starts so too, and setting `contacts` later " +
					"plans an update that reads the members. Do not combine a configured `contacts` with " +
					"`happyfox_contact_group_membership` resources for the same group: each apply would remove the members the " +
					"other added (the plan warns about members added outside this attribute).",
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"contact_id": schema.Int64Attribute{
						Required: true,
						MarkdownDescription: "Numeric id of the contact (e.g. `happyfox_contact.x.id`). A new member that is no " +
							"HappyFox contact is refused at plan time (an id known only after apply is checked then).",
						Validators: []validator.Int64{int64validator.AtLeast(1)},
					},
					"access_tickets": schema.BoolAttribute{
						Optional: true,
						Computed: true,
						Default:  booldefault.StaticBool(false),
						MarkdownDescription: "Whether the contact can see every ticket of the group, not only their own " +
							"(HappyFox's `access_tickets`). Defaults to `false`.",
					},
				}},
			},
			"remove_members_on_destroy": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				MarkdownDescription: "HappyFox cannot delete a contact group. When `true`, destroying this resource removes every " +
					"member from the group (the group itself stays, empty). Defaults to `false`: destroy leaves the group and its " +
					"members untouched.",
			},
		},
	}
}

// ValidateConfig rejects a contact listed twice in contacts (with different access_tickets).
func (r *contactGroupResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var set types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("contacts"), &set)...)
	if resp.Diagnostics.HasError() || set.IsNull() || set.IsUnknown() {
		return
	}
	seen := map[int64]bool{}
	for _, elem := range set.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		var m groupMemberModel
		resp.Diagnostics.Append(obj.As(ctx, &m, basetypes.ObjectAsOptions{})...)
		if m.ContactID.IsUnknown() || m.ContactID.IsNull() {
			continue
		}
		id := m.ContactID.ValueInt64()
		if seen[id] {
			resp.Diagnostics.AddAttributeError(path.Root("contacts").AtSetValue(elem).AtName("contact_id"), "Contact listed twice",
				fmt.Sprintf("Contact %d appears more than once in contacts (with different access_tickets). List each contact once.", id))
		}
		seen[id] = true
	}
}

func (r *contactGroupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *contactGroupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	creating := req.State.Raw.IsNull()
	if creating && req.Plan.Raw.IsNull() {
		return
	}
	var state contactGroupModel
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if r.data != nil {
			r.data.planChecks.markSeen("contact_group", state.ID.ValueInt64())
			r.data.planChecks.noteGroup(state.ID.ValueInt64())
		}
	}
	if !req.Plan.Raw.IsNull() {
		// Members not configured and not in the state: contacts stays null (membersShown), not "known after apply".
		var cfgContacts types.Set
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("contacts"), &cfgContacts)...)
		if cfgContacts.IsNull() && (creating || state.Contacts.IsNull()) {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("contacts"), types.SetNull(groupMemberObjectType))...)
		}
	}
	if !req.Plan.Raw.IsNull() && r.data != nil {
		r.planChecks(ctx, req, resp, creating, state)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if creating {
		return
	}
	if req.Plan.Raw.IsNull() {
		if r.data != nil {
			id := fmt.Sprint(state.ID.ValueInt64())
			r.data.planChecks.claims.leaveValue(claimGroupName, client.TextKey(state.Name.ValueString()), state.Name.ValueString(),
				"contact_group "+id, "destroys contact group "+id+", which HappyFox keeps (only Terraform forgets it)",
				path.Root("name"), fmt.Sprintf("the name %q", state.Name.ValueString()), &resp.Diagnostics)
		}
		// Said once, here in the plan (which Terraform groups per summary), and not again by Delete.
		var removeMembers types.Bool
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("remove_members_on_destroy"), &removeMembers)...)
		if removeMembers.ValueBool() {
			resp.Diagnostics.AddWarning("Contact group will be emptied and only removed from Terraform state",
				"remove_members_on_destroy is set: its members will be removed from the group, but the group itself stays "+
					"in HappyFox, which has no API to delete contact groups. Delete it in the HappyFox web interface if it "+
					"is no longer needed.")
			return
		}
		resp.Diagnostics.AddWarning("Contact group will only be removed from Terraform state", contactGroupNotDeletable)
		return
	}
	// Members that are neither configured nor put there by this resource's last apply were added outside it
	// (in HappyFox or by happyfox_contact_group_membership): say so before the apply removes them.
	var cfg, current types.Set
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("contacts"), &cfg)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("contacts"), &current)...)
	if resp.Diagnostics.HasError() || cfg.IsNull() || cfg.IsUnknown() {
		return
	}
	raw, d := req.Private.GetKey(ctx, privateManagedMembers)
	resp.Diagnostics.Append(d...)
	have := membersOf(ctx, current, &resp.Diagnostics)
	if !membersShown(current) && r.data != nil {
		// Members become managed now (after an import, or added to the configuration): the state does not hold
		// them, so read the group to say which members the apply will remove.
		g, err := r.data.Client.RefreshContactGroup(client.WithPurpose(ctx, client.ForCheck), state.ID.ValueInt64())
		if err != nil {
			addAPIError(&resp.Diagnostics, "read the contact group's members", err, nil)
			return
		}
		for _, m := range g.Members {
			have = append(have, client.MembershipChange{ContactID: m.ContactID, AccessTickets: m.AccessTickets})
		}
	}
	outside := membersAddedOutside(membersOf(ctx, cfg, &resp.Diagnostics), have, parseManagedMembers(raw))
	if len(outside) > 0 {
		resp.Diagnostics.AddAttributeWarning(path.Root("contacts"), "Members added outside Terraform will be removed",
			fmt.Sprintf("Contact(s) %s joined this group outside its contacts attribute (in HappyFox, or through a "+
				"happyfox_contact_group_membership resource). contacts is authoritative, so this apply removes them. Add them to "+
				"contacts to keep them; do not manage one group with both contacts and happyfox_contact_group_membership.", joinIDs(outside)))
	}
}

// planChecks makes, at plan time, the refusals HappyFox would make at apply (plan_checks.go): the name another
// resource of the plan wants too, or that HappyFox already has (a create), and new members that are not contacts.
// state is the prior state (zero when creating).
func (r *contactGroupResource) planChecks(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse, creating bool, state contactGroupModel) {
	var plan contactGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	checks := &r.data.planChecks
	stateID := ""
	if !creating {
		stateID = fmt.Sprint(state.ID.ValueInt64())
	}
	owner := checks.claims.owner(ctx, "contact_group", stateID, req, resp)
	if !plan.Name.IsUnknown() && !plan.Name.IsNull() {
		name := plan.Name.ValueString()
		checks.claims.claimValue(claimGroupName, client.TextKey(name), name, owner, path.Root("name"),
			fmt.Sprintf("the name %q", name), &resp.Diagnostics)
		if !creating && !strings.EqualFold(name, state.Name.ValueString()) {
			checks.claims.leaveValue(claimGroupName, client.TextKey(state.Name.ValueString()), state.Name.ValueString(), owner,
				fmt.Sprintf("renames contact group %s to %q", stateID, name), path.Root("name"),
				fmt.Sprintf("the name %q", state.Name.ValueString()), &resp.Diagnostics)
		}
		if creating && !resp.Diagnostics.HasError() {
			// A create: check the credentials and that the name is free now, not at apply.
			checks.planGroupCreate(ctx, r.data.Client, &r.data.forgotten, name, &resp.Diagnostics)
		}
	}
	if resp.Diagnostics.HasError() || plan.Contacts.IsUnknown() || plan.Contacts.IsNull() {
		return
	}
	// New members must be contacts: HappyFox refuses the others, and the group would be created without them.
	current := map[int64]bool{}
	for _, m := range membersOf(ctx, state.Contacts, &resp.Diagnostics) {
		current[m.ContactID] = true
	}
	elems := map[int64]attr.Value{}
	var ids []int64
	for _, elem := range plan.Contacts.Elements() {
		obj, ok := elem.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			continue
		}
		id, ok := obj.Attributes()["contact_id"].(types.Int64)
		if !ok || id.IsUnknown() || id.IsNull() || current[id.ValueInt64()] {
			continue // unknown: a contact not created yet, checked at apply
		}
		if _, dup := elems[id.ValueInt64()]; !dup {
			ids = append(ids, id.ValueInt64())
		}
		elems[id.ValueInt64()] = elem
	}
	slices.Sort(ids)
	checks.checkContactIDs(ctx, r.data.Client, ids, func(id int64) path.Path {
		return path.Root("contacts").AtSetValue(elems[id]).AtName("contact_id")
	}, "a member of the group", &resp.Diagnostics)
}

func (r *contactGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	forgetPlannedFor(ctx, resp.Private, &resp.Diagnostics) // plan_claims.go
	var plan contactGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	desc := plan.Description.ValueString()
	domains := tfvalue.StringSet(ctx, plan.TaggedDomains, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	// When the outcome is unknown (a lost answer, a 5xx), HappyFox may have created the group. Names are unique
	// (docs/dev/happyfox-api.md §2.8), so the group is looked up by name: adopted if it is there, created again only if it
	// surely is not (client.CreateVerified).
	group, err := client.CreateVerified(ctx, r.data.Client,
		func(ctx context.Context) (*client.ContactGroup, error) {
			return r.data.Client.CreateContactGroup(ctx, client.ContactGroupInput{
				Name: &name, Description: &desc, TaggedDomains: domains, SendTaggedDomains: true,
			})
		},
		func(ctx context.Context) (*client.ContactGroup, error) { return r.findByName(ctx, name) })
	if err != nil {
		if existing := r.forgottenByName(ctx, name, err); existing != nil {
			// This run destroyed (forgot) this very group: it is being replaced. HappyFox cannot delete it, so adopt
			// it and make it match the configuration instead of refusing because the name is taken.
			resp.Diagnostics.AddWarning("Existing contact group adopted",
				fmt.Sprintf("Contact group %d (%q) was replaced, but HappyFox cannot delete contact groups: the replacement "+
					"adopts the same group and updates it to the configuration.", existing.ID, existing.Name))
			r.data.planChecks.noteGroup(existing.ID)
			saveCreated(ctx, req, resp, createdObject{kind: "contact group", id: fmt.Sprint(existing.ID)}, r.toModel(existing, plan),
				func(st tfvalue.StateSetter, follow *diag.Diagnostics) {
					r.update(ctx, existing.ID, plan, r.toModel(existing, plan), req.Config, resp.Private, st, follow)
				})
			return
		}
		r.addCreateError(ctx, &resp.Diagnostics, name, err)
		return
	}
	// First make sure the answer is the group sent, not another one (create_identity.go).
	group, cur, curErr := r.verifyCreatedGroup(ctx, group, name, &resp.Diagnostics)
	if group == nil {
		return
	}
	r.data.planChecks.noteCreatedGroup(group.ID) // for the plan checks of its memberships, later in this apply
	// The id and the planned values are saved at once: whatever fails below, the group is tracked, never tainted and
	// never orphaned (saveCreated). The values the plan left unknown come from the create's answer.
	saveCreated(ctx, req, resp, createdObject{kind: "contact group", id: fmt.Sprint(group.ID)}, r.toModel(group, plan),
		func(st tfvalue.StateSetter, follow *diag.Diagnostics) {
			var cfgMembers types.Set
			follow.Append(req.Config.GetAttribute(ctx, path.Root("contacts"), &cfgMembers)...)
			managed := !cfgMembers.IsNull()
			if !managed {
				r.readBackFrom(ctx, cur, curErr, plan, false, "creating", st, follow)
				return
			}
			want := membersOf(ctx, plan.Contacts, follow)
			if curErr != nil {
				addAPIError(follow, "read the contact group's members", curErr, nil)
			} else {
				r.syncMembersFrom(ctx, cur, want, follow)
			}
			follow.Append(resp.Private.SetKey(ctx, privateManagedMembers, managedMembersJSON(want))...)
			r.readBack(ctx, group.ID, plan, managed, "creating", st, follow)
		})
}

// forgottenByName returns the group named name when err says the name is taken and that group was destroyed
// (forgotten) earlier in this run, i.e. it is being replaced; nil otherwise.
func (r *contactGroupResource) forgottenByName(ctx context.Context, name string, err error) *client.ContactGroup {
	taken := false
	for _, fe := range client.FieldErrors(err) {
		taken = taken || (fe.Field == "name" && strings.Contains(strings.ToLower(strings.Join(fe.Messages, " ")), "exist"))
	}
	if !taken {
		return nil
	}
	g, ferr := r.findByName(ctx, name)
	if ferr != nil || g == nil || !r.data.forgotten.take("contact_group", g.ID) {
		return nil
	}
	full, ferr := r.data.Client.GetContactGroup(ctx, g.ID)
	if ferr != nil {
		return g
	}
	return full
}

// readBack reads the group after a write, compares it with the plan and saves it to state (also after a
// failed membership change, so that state shows the real members).
func (r *contactGroupResource) readBack(ctx context.Context, id int64, plan contactGroupModel, membersManaged bool, verb string, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	got, err := r.data.Client.GetContactGroup(client.WithPurpose(ctx, client.ForReadBack), id)
	r.readBackFrom(ctx, got, err, plan, membersManaged, verb, st, diags)
}

// readBackFrom is readBack with the group already read (got, or err when reading it failed).
func (r *contactGroupResource) readBackFrom(ctx context.Context, got *client.ContactGroup, err error, plan contactGroupModel, membersManaged bool, verb string, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	if err == nil {
		err = r.data.Client.ResolveMemberAccess(ctx, got) // members may not show their ticket access (§2.8)
	}
	if err != nil {
		addAPIError(diags, "read the contact group back after "+verb+" it", err, nil)
		return
	}
	if !diags.HasError() {
		r.checkApplied(ctx, diags, plan, got)
		if membersManaged {
			r.checkMembersApplied(ctx, diags, plan, got)
		}
	}
	diags.Append(st.Set(ctx, r.toModel(got, plan))...)
}

// syncMembers makes HappyFox's member list equal to want: update_contacts for new members and changed
// access, delete_contacts for the others (the client sends batches of at most 100).
func (r *contactGroupResource) syncMembers(ctx context.Context, id int64, want []client.MembershipChange, diags *diag.Diagnostics) {
	cur, err := r.data.Client.GetContactGroup(ctx, id)
	if err != nil {
		addAPIError(diags, "read the contact group's members", err, nil)
		return
	}
	r.syncMembersFrom(ctx, cur, want, diags)
}

// syncMembersFrom is syncMembers with the group's current members already read (cur).
func (r *contactGroupResource) syncMembersFrom(ctx context.Context, cur *client.ContactGroup, want []client.MembershipChange, diags *diag.Diagnostics) {
	c := r.data.Client
	id := cur.ID
	upserts, removals := memberChanges(want, cur.Members, false)
	if len(upserts) > 0 {
		res, err := c.UpdateGroupContacts(ctx, id, upserts)
		addItemFailures(diags, "Could not add or update contact group members", id, res, nil)
		if err != nil {
			addAPIError(diags, "add contacts to the contact group", err, nil)
			return
		}
	}
	if len(removals) > 0 {
		res, err := c.RemoveGroupContacts(ctx, id, removals)
		addItemFailures(diags, "Could not remove contact group members", id, res, ignorableRemoval)
		if err != nil {
			addAPIError(diags, "remove contacts from the contact group", err, nil)
		}
	}
}

// checkMembersApplied reports members that HappyFox did not store as configured.
func (r *contactGroupResource) checkMembersApplied(ctx context.Context, diags *diag.Diagnostics, plan contactGroupModel, got *client.ContactGroup) {
	upserts, removals := memberChanges(membersOf(ctx, plan.Contacts, diags), got.Members, true)
	if len(upserts) == 0 && len(removals) == 0 {
		return
	}
	ids := make([]int64, 0, len(upserts))
	for _, u := range upserts {
		ids = append(ids, u.ContactID)
	}
	addAttributeRefusal(diags, path.Root("contacts"), notAppliedSummary,
		fmt.Sprintf("HappyFox accepted the membership changes of contact group %d, but reading the group back shows contact(s) "+
			"[%s] missing or with another access_tickets, and contact(s) [%s] still members. Check the contacts in HappyFox and "+
			"apply again.", got.ID, joinIDs(ids), joinIDs(removals)))
}

// findByName returns the group with this name (client.GroupByName: names are unique whatever their case), or nil.
func (r *contactGroupResource) findByName(ctx context.Context, name string) (*client.ContactGroup, error) {
	groups, err := r.data.Client.ListContactGroups(ctx)
	if err != nil {
		return nil, err
	}
	return client.GroupByName(groups, name), nil
}

func (r *contactGroupResource) addCreateError(ctx context.Context, diags *diag.Diagnostics, name string, err error) {
	for _, fe := range client.FieldErrors(err) {
		if fe.Field != "name" || !strings.Contains(strings.ToLower(strings.Join(fe.Messages, " ")), "exist") {
			continue
		}
		hint := "Import it with terraform import, or choose another name."
		if g, ferr := r.findByName(ctx, name); ferr == nil && g != nil {
			hint = fmt.Sprintf("Import it instead of creating it: terraform import <address> %d (or an import block with id = \"%d\").", g.ID, g.ID)
		}
		diags.AddAttributeError(path.Root("name"), "Contact group already exists",
			fmt.Sprintf("A contact group named %q already exists in HappyFox. %s", name, hint))
		return
	}
	addAPIError(diags, "create the contact group", err, contactGroupFields)
}

func (r *contactGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state contactGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A refresh. A group whose state holds no members (they are not managed, membersShown) needs only its
	// summary, which the group list answers for every group at once (client.RefreshContactGroupSummary: one GET
	// for a plan of many groups). One whose state holds members reads its group, and may share that read of this
	// provider process with the refreshes of the group's memberships, under the rule of
	// client.RefreshContactGroup (no write that may touch the group since, a bounded age).
	var group *client.ContactGroup
	var err error
	if membersShown(state.Contacts) {
		group, err = r.data.Client.RefreshContactGroup(ctx, state.ID.ValueInt64())
		if err == nil {
			err = r.data.Client.ResolveMemberAccess(ctx, group) // members may not show their ticket access (§2.8)
		}
	} else {
		group, err = r.data.Client.RefreshContactGroupSummary(ctx, state.ID.ValueInt64())
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Contact group no longer exists",
			fmt.Sprintf("Contact group %d was not found in HappyFox (deleted outside Terraform); Terraform will plan to create it again.", state.ID.ValueInt64()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group", err, nil)
		return
	}
	// A tainted group is refreshed, but its replacement is planned without its state: remember it, so that the
	// plan-time name check lets the replacement adopt it (plan_checks.go).
	r.data.planChecks.markSeen("contact_group", group.ID)
	r.data.planChecks.noteGroup(group.ID)
	resp.Diagnostics.Append(resp.State.Set(ctx, r.toModel(group, state))...)
}

func (r *contactGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	forgetPlannedFor(ctx, resp.Private, &resp.Diagnostics) // plan_claims.go
	var plan, state contactGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.update(ctx, state.ID.ValueInt64(), plan, state, req.Config, resp.Private, &resp.State, &resp.Diagnostics)
}

// update makes group id match plan (state is its prior state) and saves what HappyFox then holds to st.
// Update uses it, and so does a Create that adopts the group it replaces.
func (r *contactGroupResource) update(ctx context.Context, id int64, plan, state contactGroupModel, cfg tfsdk.Config, private privateSetter, st tfvalue.StateSetter, diags *diag.Diagnostics) {
	desc := plan.Description.ValueString()
	domains := tfvalue.StringSet(ctx, plan.TaggedDomains, diags)
	if diags.HasError() {
		return
	}
	in := client.ContactGroupInput{Description: &desc, TaggedDomains: domains, SendTaggedDomains: true}
	if !plan.Name.Equal(state.Name) {
		name := plan.Name.ValueString()
		in.Name = &name
	}
	if !plan.Description.Equal(state.Description) || !plan.TaggedDomains.Equal(state.TaggedDomains) || in.Name != nil {
		if _, err := r.data.Client.UpdateContactGroup(ctx, id, in); err != nil {
			addAPIError(diags, "update the contact group", err, contactGroupFields)
			return
		}
	}
	var cfgMembers types.Set
	diags.Append(cfg.GetAttribute(ctx, path.Root("contacts"), &cfgMembers)...)
	managed := !cfgMembers.IsNull()
	if managed {
		want := membersOf(ctx, plan.Contacts, diags)
		r.syncMembers(ctx, id, want, diags)
		diags.Append(private.SetKey(ctx, privateManagedMembers, managedMembersJSON(want))...)
	} else {
		diags.Append(private.SetKey(ctx, privateManagedMembers, nil)...)
	}
	r.readBack(ctx, id, plan, managed, "updating", st, diags)
}

func (r *contactGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueInt64()
	r.data.forgotten.add("contact_group", id)
	if state.RemoveMembersOnDestroy.ValueBool() {
		group, err := r.data.Client.GetContactGroup(ctx, id)
		if client.IsNotFound(err) {
			return
		}
		if err != nil {
			addAPIError(&resp.Diagnostics, "read the contact group's members to remove them", err, nil)
			return
		}
		ids := make([]int64, 0, len(group.Members))
		for _, m := range group.Members {
			ids = append(ids, m.ContactID)
		}
		if len(ids) > 0 {
			res, err := r.data.Client.RemoveGroupContacts(ctx, id, ids)
			addItemFailures(&resp.Diagnostics, "Could not remove contact group members", id, res, ignorableRemoval)
			if err != nil {
				addAPIError(&resp.Diagnostics, "remove the contact group's members", err, nil)
			}
		}
	}
	// No warning here: the plan already said the group stays in HappyFox (ModifyPlan), and Terraform groups
	// those plan warnings into one; a second warning per group here would not be grouped.
}

func (r *contactGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	id, err := tfvalue.ParseID(tfidentity.ImportID(ctx, req, &resp.Diagnostics, "id"), "contact group")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

// toModel converts a group read from HappyFox; removeMembers is carried over from the plan or prior state
// (false after an import).
// toModel maps a group read from HappyFox onto the model; prior is the plan (after a write) or the state (on
// refresh), whose spelling of the name is kept when HappyFox's is the same text (tfvalue.KeptText), and of the description
// when HappyFox's differs only in white space (tfvalue.KeptFreeText).
func (r *contactGroupResource) toModel(g *client.ContactGroup, prior contactGroupModel) contactGroupModel {
	removeMembers := prior.RemoveMembersOnDestroy
	if removeMembers.IsNull() || removeMembers.IsUnknown() {
		removeMembers = types.BoolValue(false)
	}
	contacts := types.SetNull(groupMemberObjectType)
	if membersShown(prior.Contacts) {
		contacts = membersValue(g.Members, keptAccess(membersOf(context.Background(), prior.Contacts, &diag.Diagnostics{})))
	}
	return contactGroupModel{
		ID:                     types.Int64Value(g.ID),
		Name:                   tfvalue.KeptText(prior.Name, g.Name),
		Description:            tfvalue.KeptFreeText(prior.Description, g.Description),
		TaggedDomains:          tfvalue.StringSetValue(g.TaggedDomains),
		Contacts:               contacts,
		RemoveMembersOnDestroy: removeMembers,
	}
}

// membersShown says whether a group's contacts (prior is its plan, or its state before a refresh) holds its
// members: when they are managed (configured), and for a group whose state held them before. A group whose
// members are not managed has contacts = null (ModifyPlan plans it so), so that its refresh needs no member
// read: the summary in the group list holds everything its state does (§2.8). An import starts with null too;
// configuring contacts afterwards plans them as an update, which reads the members.
func membersShown(prior types.Set) bool { return !prior.IsNull() }

// checkApplied compares what was sent with what HappyFox stored, so that an ignored field fails the apply
// with a clear error instead of leaving a diff that never converges.
func (r *contactGroupResource) checkApplied(ctx context.Context, diags *diag.Diagnostics, plan contactGroupModel, got *client.ContactGroup) {
	if !client.SameText(got.Name, plan.Name.ValueString()) {
		addNotAppliedError(diags, path.Root("name"), "contact group", plan.Name.ValueString(), got.Name)
	}
	if !client.SameFreeText(got.Description, plan.Description.ValueString()) {
		addNotAppliedError(diags, path.Root("description"), "contact group", plan.Description.ValueString(), got.Description)
	}
	want := tfvalue.StringSet(ctx, plan.TaggedDomains, diags)
	have := slices.Clone(got.TaggedDomains)
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(want, have) {
		addNotAppliedError(diags, path.Root("tagged_domains"), "contact group", want, have)
	}
}

var _ resource.ResourceWithIdentity = &contactGroupResource{}

func (r *contactGroupResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfidentity.IDSchema("contact group")
}
