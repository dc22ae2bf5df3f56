package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ resource.ResourceWithConfigure   = &contactGroupResource{}
	_ resource.ResourceWithImportState = &contactGroupResource{}
	_ resource.ResourceWithModifyPlan  = &contactGroupResource{}
)

// NewContactGroupResource is the constructor of happyfox_contact_group.
func NewContactGroupResource() resource.Resource { return &contactGroupResource{} }

type contactGroupResource struct{ data *providerData }

type contactGroupModel struct {
	ID            types.Int64  `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Description   types.String `tfsdk:"description"`
	TaggedDomains types.Set    `tfsdk:"tagged_domains"`
}

// HappyFox stores tagged domains as one comma-separated string (happyfox-api.md §2.8), so a domain must not
// contain a comma or white space. The server does not check the content further (BM stores labels there),
// so any hostname-like token is accepted.
var taggedDomainPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$`)

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
				MarkdownDescription: "Name of the group, unique in the account (1 to 255 characters). HappyFox's API documents no " +
					"way to rename a group: if a rename is not applied, the provider fails with an error instead of leaving a " +
					"diff that never goes away.",
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 255),
					stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must not be blank"),
				},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				MarkdownDescription: "Free-text description. Defaults to the empty string (HappyFox's value for no description).",
			},
			"tagged_domains": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				Computed:    true,
				Default:     setdefault.StaticValue(types.SetValueMust(types.StringType, []attr.Value{})),
				MarkdownDescription: "E-mail domains tagged to the group, such as `example.com`. A set: order does not matter. " +
					"Sent to HappyFox as one comma-separated string, so a domain cannot contain commas or spaces. Defaults to no domains.",
				Validators: []validator.Set{
					setvalidator.ValueStringsAre(
						stringvalidator.LengthBetween(1, 253),
						stringvalidator.RegexMatches(taggedDomainPattern, "must be a domain such as example.com, without commas or spaces"),
					),
				},
			},
		},
	}
}

func (r *contactGroupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *contactGroupResource) ModifyPlan(_ context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() && !req.State.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Contact group will only be removed from Terraform state", contactGroupNotDeletable)
	}
}

func (r *contactGroupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan contactGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()
	desc := plan.Description.ValueString()
	domains := stringSet(ctx, plan.TaggedDomains, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}

	group, err := r.data.Client.CreateContactGroup(ctx, client.ContactGroupInput{
		Name: &name, Description: &desc, TaggedDomains: domains, SendTaggedDomains: true,
	})
	if client.IsAmbiguous(err) {
		// The answer was lost, but HappyFox may have created the group. Names are unique, so look it up before
		// reporting a failure; never POST again (happyfox-api.md §2.8: a second create would fail on the name).
		group, err = r.findByName(ctx, name, err)
	}
	if err != nil {
		r.addCreateError(ctx, &resp.Diagnostics, name, err)
		return
	}
	// Save the id at once: whatever fails below, the group is tracked and never orphaned.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), group.ID)...)

	got, err := r.data.Client.GetContactGroup(ctx, group.ID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group back after creating it", err, nil)
		return
	}
	r.checkApplied(ctx, &resp.Diagnostics, plan, got)
	resp.Diagnostics.Append(resp.State.Set(ctx, r.toModel(got))...)
}

// findByName resolves an ambiguous create: it returns the group if HappyFox did create it, or the original error.
func (r *contactGroupResource) findByName(ctx context.Context, name string, orig error) (*client.ContactGroup, error) {
	groups, err := r.data.Client.ListContactGroups(ctx)
	if err != nil {
		return nil, orig
	}
	for i := range groups {
		if groups[i].Name == name {
			return &groups[i], nil
		}
	}
	return nil, orig
}

func (r *contactGroupResource) addCreateError(ctx context.Context, diags *diag.Diagnostics, name string, err error) {
	for _, fe := range client.FieldErrors(err) {
		if fe.Field != "name" || !strings.Contains(strings.ToLower(strings.Join(fe.Messages, " ")), "exist") {
			continue
		}
		hint := "Import it with terraform import, or choose another name."
		if g, ferr := r.findByName(ctx, name, nil); ferr == nil && g != nil {
			hint = fmt.Sprintf("Import it instead of creating it: terraform import <address> %d (or an import block with id = \"%d\").", g.ID, g.ID)
		}
		diags.AddAttributeError(path.Root("name"), "Contact group already exists",
			fmt.Sprintf("A contact group named %q already exists in HappyFox. %s", name, hint))
		return
	}
	addAPIError(diags, "create the contact group", err, contactGroupFields)
}

func (r *contactGroupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state contactGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	group, err := r.data.Client.GetContactGroup(ctx, state.ID.ValueInt64())
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
	resp.Diagnostics.Append(resp.State.Set(ctx, r.toModel(group))...)
}

func (r *contactGroupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state contactGroupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueInt64()
	desc := plan.Description.ValueString()
	domains := stringSet(ctx, plan.TaggedDomains, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in := client.ContactGroupInput{Description: &desc, TaggedDomains: domains, SendTaggedDomains: true}
	if !plan.Name.Equal(state.Name) {
		name := plan.Name.ValueString()
		in.Name = &name
	}
	if _, err := r.data.Client.UpdateContactGroup(ctx, id, in); err != nil {
		addAPIError(&resp.Diagnostics, "update the contact group", err, contactGroupFields)
		return
	}
	got, err := r.data.Client.GetContactGroup(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group back after updating it", err, nil)
		return
	}
	r.checkApplied(ctx, &resp.Diagnostics, plan, got)
	resp.Diagnostics.Append(resp.State.Set(ctx, r.toModel(got))...)
}

func (r *contactGroupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactGroupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.AddWarning("Contact group removed from Terraform state only",
		fmt.Sprintf("Contact group %d (%q) still exists in HappyFox. %s", state.ID.ValueInt64(), state.Name.ValueString(), contactGroupNotDeletable))
}

func (r *contactGroupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := parseID(req.ID, "contact group")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *contactGroupResource) toModel(g *client.ContactGroup) contactGroupModel {
	return contactGroupModel{
		ID:            types.Int64Value(g.ID),
		Name:          types.StringValue(g.Name),
		Description:   types.StringValue(g.Description),
		TaggedDomains: stringSetValue(g.TaggedDomains),
	}
}

// checkApplied compares what was sent with what HappyFox stored, so that an ignored field fails the apply
// with a clear error instead of leaving a diff that never converges.
func (r *contactGroupResource) checkApplied(ctx context.Context, diags *diag.Diagnostics, plan contactGroupModel, got *client.ContactGroup) {
	if got.Name != plan.Name.ValueString() {
		addNotAppliedError(diags, path.Root("name"), "contact group", plan.Name.ValueString(), got.Name)
	}
	if got.Description != plan.Description.ValueString() {
		addNotAppliedError(diags, path.Root("description"), "contact group", plan.Description.ValueString(), got.Description)
	}
	want := stringSet(ctx, plan.TaggedDomains, diags)
	have := slices.Clone(got.TaggedDomains)
	slices.Sort(want)
	slices.Sort(have)
	if !slices.Equal(want, have) {
		addNotAppliedError(diags, path.Root("tagged_domains"), "contact group", want, have)
	}
}
