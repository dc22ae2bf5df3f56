package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfidentity"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ resource.ResourceWithConfigure   = &assetResource{}
	_ resource.ResourceWithImportState = &assetResource{}
	_ resource.ResourceWithModifyPlan  = &assetResource{}
)

// NewAssetResource is the constructor of happyfox_asset.
func NewAssetResource() resource.Resource { return &assetResource{} }

type assetResource struct{ data *providerData }

type assetModel struct {
	ID              types.Int64  `tfsdk:"id"`
	AssetTypeID     types.Int64  `tfsdk:"asset_type_id"`
	Name            types.String `tfsdk:"name"`
	DisplayID       types.String `tfsdk:"display_id"`
	ContactIDs      types.Set    `tfsdk:"contact_ids"`
	ContactGroupIDs types.Set    `tfsdk:"contact_group_ids"`
	CustomFields    types.Map    `tfsdk:"custom_fields"`
	StaffID         types.Int64  `tfsdk:"staff_id"`
	CreatedAt       types.String `tfsdk:"created_at"`
	UpdatedAt       types.String `tfsdk:"updated_at"`
}

// Private state keys.
const (
	// assetPrivateNoContactGroups is set while HappyFox answers without contact_groups (the 2025 asset API,
	// docs/dev/happyfox-api.md §3.1), so that the next plan can reject contact_group_ids before anything is sent.
	assetPrivateNoContactGroups = "no_contact_groups"
	// assetPrivateImported marks the first read after terraform import, which brings every custom field that
	// has a value under management.
	assetPrivateImported = "imported"
)

const assetNameMaxChars = 200 // docs/dev/happyfox-api.md §3.3 H

var assetCustomFieldKeyPattern = fieldIDPattern // custom_field_defs.go: one key spelling for contacts and assets

const assetContactGroupsUnsupported = "This HappyFox account answers asset requests without contact groups: it runs the " +
	"earlier asset API (2025), which has no contact groups on assets, and ignores contact_group_ids. Remove " +
	"contact_group_ids from the configuration (or set it to []), or link the groups in the HappyFox web interface."

func (r *assetResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_asset"
}

func (r *assetResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	idSet := func(what string) schema.SetAttribute {
		return schema.SetAttribute{
			ElementType: types.Int64Type,
			Optional:    true,
			Computed:    true,
			// Left out of the configuration, the links are not managed (RELIABILITY.md, "An asset attribute left out of
			// the configuration"): the plan keeps what HappyFox holds, and an update sends that back unchanged.
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			Validators:    []validator.Set{setvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
			MarkdownDescription: fmt.Sprintf("Ids of the %s linked to the asset. A set: order does not matter. When set, Terraform "+
				"manages the whole set: links made in the HappyFox web interface are removed on the next apply, and `[]` removes "+
				"every link. Left out, the links are not managed: Terraform never changes them and shows what HappyFox holds. "+
				"A new link to an id HappyFox does not have is refused at plan time.", what),
		}
	}
	groups := idSet("contact groups")
	groups.MarkdownDescription += " Contact groups on assets exist only in the 2026 revision of the HappyFox asset API: on an " +
		"account whose API does not return them, an empty set is kept as is, and a non-empty set fails with an error that says so."

	resp.Schema = schema.Schema{
		MarkdownDescription: "A HappyFox asset (asset management): a laptop, licence, device or any other item of an asset type, " +
			"linked to contacts and contact groups, with the custom fields of its type.\n\n" +
			"HappyFox records every asset write as made by an agent (`created_by`, `updated_by`, `deleted_by`). The agent is " +
			"this resource's `staff_id` if set, otherwise the provider's `staff_id`; it must be an active agent with the " +
			"Manage Assets permission. Destroying the resource deletes the asset in HappyFox.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Numeric HappyFox id of the asset.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"asset_type_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Id of the asset type (look it up with the `happyfox_asset_type` data source; an id " +
					"HappyFox does not have is refused at plan time). HappyFox " +
					"cannot move an asset to another type: changing it deletes the asset and creates a new one.",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the asset, 1 to 200 characters on one line, with no white space at either end and single " +
					"spaces between words (HappyFox would store it cleaned, and the next plan would show a change).",
				Validators: []validator.String{assetStringValidator{maxChars: assetNameMaxChars}},
			},
			"display_id": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The asset's display id, such as an asset tag (`LAP-0042`); HappyFox requires one. Not blank, " +
					"one line, with no white space at either end and single spaces between words. It is also how the provider " +
					"recognizes an asset whose creation had an unknown outcome (a lost answer), instead of creating it twice.",
				Validators: []validator.String{assetStringValidator{}},
			},
			"contact_ids":       idSet("contacts"),
			"contact_group_ids": groups,
			"custom_fields": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				// Left out of the configuration, no field is managed and none is cleared (RELIABILITY.md, "An asset
				// attribute left out of the configuration").
				Computed:      true,
				PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "Values of the asset type's custom fields, keyed by field id as a string (look the ids up " +
					"with the `happyfox_asset_custom_fields` data source). Values are strings: text and textarea as is, number " +
					"as decimal digits (`\"16\"`), date as `YYYY-MM-DD`, dropdown as the choice id (`\"2\"`), multi-option as " +
					"comma-separated choice ids (`\"4,5\"`, in any order). An empty string clears the field. Values are checked " +
					"against the field definitions at plan time. Only the fields listed here are managed: a field set in " +
					"HappyFox but not listed never shows a difference and keeps its value (updates send it back as HappyFox " +
					"has it, since HappyFox may reset the fields an update leaves out). Removing a key from this map clears " +
					"that field in HappyFox, and `{}` clears every field that was managed. Left out altogether, custom fields are " +
					"not managed and never cleared (after an import, the state shows every field that has a value). A " +
					"multi-option value lists each choice id once.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(assetCustomFieldKeyPattern, "must be a custom field id such as \"45\"")),
				},
			},
			"staff_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Id of the agent HappyFox records as making this asset's changes (`created_by`, `updated_by`, " +
					"`deleted_by`). Overrides the provider's `staff_id`; one of the two is required, and the agent must be active " +
					"and have the Manage Assets permission (checked at plan time, from the staff list). Changing only this " +
					"attribute sends nothing to HappyFox: it applies to the next write.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the asset was created, as HappyFox reports it (ISO 8601 UTC, e.g. `2019-11-15T07:49:40Z`).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When the asset was last changed, as HappyFox reports it (ISO 8601 UTC).",
			},
		},
	}
}

func (r *assetResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan rejects, before anything is sent, what HappyFox would refuse (plan_checks.go): a write without an
// acting staff id or with an agent who may not change assets, an unknown asset type, new contact or group links
// to ids that do not exist, contact_group_ids on an account known to lack them, and custom_fields that do not fit
// the asset type's field definitions.
func (r *assetResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.data == nil {
		return // provider not configured yet (unknown provider settings); checked again at apply
	}
	if req.Plan.Raw.IsNull() { // destroy
		var state assetModel
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if staff, known := actingStaffID(state.StaffID, r.data); known && !resp.Diagnostics.HasError() {
			if staff == 0 {
				addMissingStaffError(&resp.Diagnostics, "delete the asset")
			} else {
				r.data.planChecks.checkActingStaff(ctx, r.data.Client, staff, !state.StaffID.IsNull(), "delete the asset", &resp.Diagnostics)
			}
		}
		return
	}
	creating := req.State.Raw.IsNull()
	if !creating && req.Plan.Raw.Equal(req.State.Raw) {
		return // nothing to write
	}
	var plan, state assetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	action := "update the asset"
	if creating {
		action = "create the asset"
	}
	staff, staffKnown := actingStaffID(plan.StaffID, r.data)
	if staffKnown && staff == 0 {
		addMissingStaffError(&resp.Diagnostics, action)
		return
	}

	if !creating && !plan.ContactGroupIDs.IsUnknown() && len(plan.ContactGroupIDs.Elements()) > 0 && !plan.ContactGroupIDs.Equal(state.ContactGroupIDs) {
		noGroups, diags := req.Private.GetKey(ctx, assetPrivateNoContactGroups)
		resp.Diagnostics.Append(diags...)
		if noGroups != nil {
			resp.Diagnostics.AddAttributeError(path.Root("contact_group_ids"), "Contact groups on assets not supported", assetContactGroupsUnsupported)
		}
	}

	if resp.Diagnostics.HasError() {
		return
	}
	checks, c := &r.data.planChecks, r.data.Client
	if creating && !plan.AssetTypeID.IsUnknown() && !checks.checkAssetType(ctx, c, plan.AssetTypeID.ValueInt64(), &resp.Diagnostics) {
		return
	}
	if staffKnown {
		checks.checkActingStaff(ctx, c, staff, !plan.StaffID.IsNull(), action, &resp.Diagnostics)
	}
	// New links only: those in the state were checked when they were planned.
	if !checks.checkContactIDs(ctx, c, newSetIDs(plan.ContactIDs, state.ContactIDs), func(id int64) path.Path {
		return path.Root("contact_ids").AtSetValue(types.Int64Value(id))
	}, "a contact of the asset", &resp.Diagnostics) {
		return
	}
	if !checks.checkGroupIDs(ctx, c, newSetIDs(plan.ContactGroupIDs, state.ContactGroupIDs), func(id int64) path.Path {
		return path.Root("contact_group_ids").AtSetValue(types.Int64Value(id))
	}, "a contact group of the asset", &resp.Diagnostics) || resp.Diagnostics.HasError() {
		return
	}

	// Custom field values are checked against the type's definitions when both are known and something
	// changed (values in the state were checked when they were planned).
	if plan.AssetTypeID.IsUnknown() || plan.CustomFields.IsUnknown() || len(plan.CustomFields.Elements()) == 0 {
		return
	}
	if !creating && plan.CustomFields.Equal(state.CustomFields) && plan.AssetTypeID.Equal(state.AssetTypeID) {
		return
	}
	typeID := plan.AssetTypeID.ValueInt64()
	defs, ok := loadAssetFieldDefinitions(ctx, r.data.Client, &resp.Diagnostics, typeID)
	if ok {
		checkAssetCustomFieldValues(&resp.Diagnostics, typeID, defs, plan.CustomFields)
	}
}

// newSetIDs returns, sorted, the known ids of planned that prior (null when creating) does not hold.
func newSetIDs(planned, prior types.Set) []int64 {
	if planned.IsNull() || planned.IsUnknown() {
		return nil
	}
	had := map[int64]bool{}
	for _, e := range prior.Elements() {
		if v, ok := e.(types.Int64); ok && !v.IsUnknown() {
			had[v.ValueInt64()] = true
		}
	}
	var out []int64
	for _, e := range planned.Elements() {
		if v, ok := e.(types.Int64); ok && !v.IsUnknown() && !v.IsNull() && !had[v.ValueInt64()] {
			out = append(out, v.ValueInt64())
		}
	}
	slices.Sort(out)
	return out
}

func (r *assetResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan assetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	staff, _ := actingStaffID(plan.StaffID, r.data)
	if staff == 0 {
		addMissingStaffError(&resp.Diagnostics, "create the asset")
		return
	}
	typeID := plan.AssetTypeID.ValueInt64()
	planned := assetStringMap(ctx, plan.CustomFields, &resp.Diagnostics)
	contacts := tfvalue.Int64Set(ctx, plan.ContactIDs, &resp.Diagnostics)
	groups := tfvalue.Int64Set(ctx, plan.ContactGroupIDs, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	// Contact groups are sent only when set: the 2025 API has none on assets (§3.1), and a new asset has none.
	in := r.toInput(plan, contacts, groups, staff, len(groups) > 0)
	if len(planned) > 0 {
		defs, ok := loadAssetFieldDefinitions(ctx, r.data.Client, &resp.Diagnostics, typeID)
		if !ok {
			return
		}
		checkAssetCustomFieldValues(&resp.Diagnostics, typeID, defs, plan.CustomFields) // values unknown at plan time
		if resp.Diagnostics.HasError() {
			return
		}
		in.CustomFields = assetCustomFieldsPayload(defs, planned, nil)
	}

	// A create with an unknown outcome (lost answer, 5xx) is resolved by looking the asset up: it is adopted if
	// HappyFox created it, and sent again only when it surely did not (client.CreateVerified).
	asset, err := client.CreateVerified(ctx, r.data.Client,
		func(ctx context.Context) (*client.Asset, error) { return r.data.Client.CreateAsset(ctx, typeID, in) },
		func(ctx context.Context) (*client.Asset, error) { return r.findCreated(ctx, typeID, in) })
	if err != nil {
		addAssetAPIError(&resp.Diagnostics, "create the asset", err, planned)
		return
	}
	// The answer, and the asset read back under its id, must be the asset that was sent before its id is stored
	// (asset_identity.go).
	asset, got, getErr := r.verifyCreated(ctx, &resp.Diagnostics, typeID, in, asset)
	if asset == nil {
		return
	}
	// The id is saved at once: whatever fails below, the asset is tracked, never orphaned, and not tainted for a
	// failure that is not HappyFox's refusal (saveCreated).
	saveCreated(ctx, req, resp, createdObject{kind: "asset", id: fmt.Sprint(asset.ID), deletable: true}, r.toModel(asset, plan, false),
		func(st tfvalue.StateSetter, follow *diag.Diagnostics) {
			if getErr != nil {
				addAPIError(follow, "read the asset back after creating it", getErr, nil)
				return
			}
			r.checkApplied(ctx, follow, plan, got, nil)
			follow.Append(r.setPrivateShape(ctx, resp.Private, got)...)
			follow.Append(st.Set(ctx, r.toModel(got, plan, false))...)
		})
}

// findCreated looks up the asset a create with in may have produced (one asset of the type with the same
// display_id and name, created by the same agent): nil when there is none, an error that says what to do when
// there are several.
func (r *assetResource) findCreated(ctx context.Context, typeID int64, in client.AssetInput) (*client.Asset, error) {
	found, err := r.data.Client.CreatedAssetCandidates(ctx, typeID, in)
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, nil
	case 1:
		return &found[0], nil
	}
	ids := make([]string, 0, len(found))
	for _, a := range found {
		ids = append(ids, fmt.Sprint(a.ID))
	}
	return nil, fmt.Errorf("several assets of type %d have display_id %q and name %q: ids %s. The provider does not guess "+
		"which one to manage: import the right one with terraform import, and delete duplicates in HappyFox",
		typeID, *in.DisplayID, *in.Name, strings.Join(ids, ", "))
}

func (r *assetResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state assetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// RefreshAsset serves the refresh of many assets of one type from paged lists (the type is unknown, 0, right after
	// an import).
	asset, err := r.data.Client.RefreshAsset(ctx, state.ID.ValueInt64(), state.AssetTypeID.ValueInt64())
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Asset no longer exists",
			fmt.Sprintf("Asset %d was not found in HappyFox (deleted outside Terraform); Terraform will plan to create it again.", state.ID.ValueInt64()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the asset", err, nil)
		return
	}
	// HappyFox cannot move an asset to another type: an id that now names an asset of another type is not the
	// state's asset, and adopting it would make the next apply replace (delete) it (asset_identity.go).
	if foreignAssetType(asset, state) {
		resp.Diagnostics.AddWarning("Asset id now names another asset",
			fmt.Sprintf("HappyFox's asset %d is of asset type %d, but the Terraform state has an asset of type %d under that "+
				"id. HappyFox cannot change an asset's type, so it is another asset: the provider leaves it alone and removes "+
				"the resource from the state; Terraform will plan to create it.",
				state.ID.ValueInt64(), asset.AssetTypeID, state.AssetTypeID.ValueInt64()))
		resp.State.RemoveResource(ctx)
		return
	}
	imported, diags := req.Private.GetKey(ctx, assetPrivateImported)
	resp.Diagnostics.Append(diags...)
	if imported != nil {
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, assetPrivateImported, nil)...)
	}
	resp.Diagnostics.Append(r.setPrivateShape(ctx, resp.Private, asset)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, r.toModel(asset, state, imported != nil))...)
}

func (r *assetResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan, state assetModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if onlyStaffChanged(plan, state) {
		// staff_id only says who makes the next write; HappyFox has nothing to change.
		state.StaffID = plan.StaffID
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	staff, _ := actingStaffID(plan.StaffID, r.data)
	if staff == 0 {
		addMissingStaffError(&resp.Diagnostics, "update the asset")
		return
	}
	id := state.ID.ValueInt64()
	typeID := state.AssetTypeID.ValueInt64()
	planned := assetStringMap(ctx, plan.CustomFields, &resp.Diagnostics)
	prior := assetStringMap(ctx, state.CustomFields, &resp.Diagnostics)
	contacts := tfvalue.Int64Set(ctx, plan.ContactIDs, &resp.Diagnostics)
	groups := tfvalue.Int64Set(ctx, plan.ContactGroupIDs, &resp.Diagnostics)
	noGroups, diags := req.Private.GetKey(ctx, assetPrivateNoContactGroups)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Never write over an asset that is not the state's (asset_identity.go).
	current, gone, foreign, err := r.checkStateObject(ctx, state)
	switch {
	case err != nil:
		addAPIError(&resp.Diagnostics, "read the asset before updating it", err, nil)
		return
	case foreign != "":
		resp.Diagnostics.AddError("Could not update the asset: its id now names another asset",
			fmt.Sprintf("HappyFox's asset %d is not the asset in the Terraform state: %s. Nothing was sent. If asset %d is "+
				"not yours, run terraform state rm on this resource and import the right asset (or let Terraform create it); "+
				"if it is, run terraform apply -refresh-only first.", id, foreign, id))
		return
	case gone:
		resp.Diagnostics.AddError("Could not update the asset: it no longer exists",
			fmt.Sprintf("Asset %d was deleted in HappyFox while Terraform was running. Run terraform apply again to create it anew.", id))
		return
	}
	// The update is partial (§3.4): send every managed attribute, so that changes made outside Terraform are
	// corrected, and contact_group_ids unless the account is known not to have them.
	in := r.toInput(plan, contacts, groups, staff, noGroups == nil || len(groups) > 0)
	if len(planned)+len(prior) > 0 || assetHasFieldValues(current.CustomFields) {
		defs, ok := loadAssetFieldDefinitions(ctx, r.data.Client, &resp.Diagnostics, typeID)
		if !ok {
			return
		}
		checkAssetCustomFieldValues(&resp.Diagnostics, typeID, defs, plan.CustomFields)
		if resp.Diagnostics.HasError() {
			return
		}
		// Unmanaged fields go back with their current values (asset_unmanaged_fields.go, §3.4 "?").
		in.CustomFields = withUnmanagedAssetValues(assetCustomFieldsPayload(defs, planned, prior), defs, current.CustomFields, planned, prior)
	}

	asset, err := r.data.Client.UpdateAsset(ctx, id, in)
	if client.IsNotFound(err) {
		resp.Diagnostics.AddError("Could not update the asset: it no longer exists",
			fmt.Sprintf("Asset %d was deleted in HappyFox while Terraform was running. Run terraform apply again to create it anew.", id))
		return
	}
	if err != nil {
		addAssetAPIError(&resp.Diagnostics, "update the asset", err, planned, prior)
		return
	}
	got := r.fullObject(ctx, &resp.Diagnostics, asset, planned, "updating")
	if got == nil {
		return
	}
	r.checkApplied(ctx, &resp.Diagnostics, plan, got, prior)
	resp.Diagnostics.Append(r.setPrivateShape(ctx, resp.Private, got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, r.toModel(got, plan, false))...)
}

// onlyStaffChanged reports whether a planned update changes nothing that HappyFox stores.
func onlyStaffChanged(plan, state assetModel) bool {
	return plan.Name.Equal(state.Name) && plan.DisplayID.Equal(state.DisplayID) && plan.AssetTypeID.Equal(state.AssetTypeID) &&
		plan.ContactIDs.Equal(state.ContactIDs) && plan.ContactGroupIDs.Equal(state.ContactGroupIDs) &&
		plan.CustomFields.Equal(state.CustomFields)
}

func (r *assetResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state assetModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	staff, _ := actingStaffID(state.StaffID, r.data)
	if staff == 0 {
		addMissingStaffError(&resp.Diagnostics, "delete the asset")
		return
	}
	// Never delete an asset that is not the state's (asset_identity.go): forgetting the state's id loses nothing,
	// deleting a foreign asset loses it.
	_, gone, foreign, err := r.checkStateObject(ctx, state)
	switch {
	case err != nil:
		addAPIError(&resp.Diagnostics, "read the asset before deleting it", err, nil)
		return
	case gone:
		return // already deleted (§3.5)
	case foreign != "":
		resp.Diagnostics.AddWarning("Asset not deleted: its id now names another asset",
			fmt.Sprintf("HappyFox's asset %d is not the asset in the Terraform state: %s. The provider did not delete it and "+
				"only removed the resource from the Terraform state. Delete the right asset in HappyFox if it still exists.",
				state.ID.ValueInt64(), foreign))
		return
	}
	// A 404 means the asset is already gone (§3.5); the client treats it as success.
	if err := r.data.Client.DeleteAsset(ctx, state.ID.ValueInt64(), staff); err != nil {
		addAssetAPIError(&resp.Diagnostics, "delete the asset", err)
	}
}

func (r *assetResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	id, err := tfvalue.ParseID(tfidentity.ImportID(ctx, req, &resp.Diagnostics, "id"), "asset")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, assetPrivateImported, []byte("true"))...)
}

// assetFieldPaths maps HappyFox's field names in asset errors (shape B, docs/dev/happyfox-api.md §1.2; nested custom
// field errors arrive as "custom_fields.<id>") to attributes. The agent fields are the acting staff id.
func assetFieldPaths(customFieldKeys ...map[string]string) fieldPaths {
	staff := path.Root("staff_id")
	f := fieldPaths{
		"name":              path.Root("name"),
		"display_id":        path.Root("display_id"),
		"contact_ids":       path.Root("contact_ids"),
		"contact_group_ids": path.Root("contact_group_ids"),
		"created_by":        staff,
		"updated_by":        staff,
		"deleted_by":        staff,
	}
	f[client.AssetCustomFieldsField] = path.Root("custom_fields")
	f[client.AssetTypeField] = path.Root("asset_type_id")
	for _, m := range customFieldKeys {
		for k := range m {
			f[client.AssetCustomFieldName(k)] = assetCustomFieldPath(k)
		}
	}
	return f
}

// addAssetAPIError reports a failed asset write. Field errors go to their attributes (assetFieldPaths); an
// error on a custom field that the configuration does not set (say, a field HappyFox requires) goes to
// custom_fields and names the field, since it has no key of its own to point at.
func addAssetAPIError(diags *diag.Diagnostics, action string, err error, customFieldKeys ...map[string]string) {
	fields := assetFieldPaths(customFieldKeys...)
	others := 0
	for _, fe := range client.FieldErrors(err) {
		key, isCustom := client.AssetCustomFieldID(fe.Field)
		if _, mapped := fields[fe.Field]; !isCustom || mapped {
			others++
			continue
		}
		diags.AddAttributeError(path.Root("custom_fields"), "Could not "+action,
			fmt.Sprintf("HappyFox rejected custom field %s, which custom_fields does not set: %s Set custom_fields[%q] to a "+
				"valid value (see the happyfox_asset_custom_fields data source).", key, strings.Join(fe.Messages, " "), key))
	}
	if others > 0 || len(client.FieldErrors(err)) == 0 {
		addAPIError(diags, action, err, fields)
	}
}

// fullObject returns the asset a write answered with when it is the full object (it is, per §3.4 H), and
// reads it back otherwise. when is "creating" or "updating".
func (r *assetResource) fullObject(ctx context.Context, diags *diag.Diagnostics, asset *client.Asset, planned map[string]string, when string) *client.Asset {
	if assetHasAllFields(asset.CustomFields, planned) && asset.Name != "" {
		return asset
	}
	got, err := r.data.Client.GetAsset(client.WithPurpose(ctx, client.ForReadBack), asset.ID)
	if err != nil {
		addAPIError(diags, "read the asset back after "+when+" it", err, nil)
		return nil
	}
	return got
}

func (r *assetResource) setPrivateShape(ctx context.Context, private interface {
	SetKey(context.Context, string, []byte) diag.Diagnostics
}, got *client.Asset) diag.Diagnostics {
	if got.HasContactGroups {
		return private.SetKey(ctx, assetPrivateNoContactGroups, nil)
	}
	return private.SetKey(ctx, assetPrivateNoContactGroups, []byte("true"))
}

// toInput is what a write sends for plan, but for the custom fields (their payload needs the field definitions,
// and an update sends back the values the configuration does not manage: asset_unmanaged_fields.go): the name,
// display id and contacts always, the contact groups when sendGroups (an account of the 2025 API has none, §3.1),
// and the agent the write is made as.
func (r *assetResource) toInput(plan assetModel, contacts, groups []int64, staff int64, sendGroups bool) client.AssetInput {
	return client.AssetInput{
		Name: plan.Name.ValueStringPointer(), DisplayID: plan.DisplayID.ValueStringPointer(),
		ContactIDs: contacts, SendContactIDs: true,
		ContactGroupIDs: groups, SendContactGroupIDs: sendGroups,
		ActingStaffID: staff,
	}
}

// toModel maps an asset read from HappyFox onto the resource model. prior is the plan (after a write) or the
// state (after a read): it supplies what HappyFox does not return (staff_id; contact_group_ids on the 2025
// API; timestamps when absent) and which custom fields are managed. importAll brings every custom field with
// a value under management (first read after an import).
func (r *assetResource) toModel(a *client.Asset, prior assetModel, importAll bool) assetModel {
	m := assetModel{
		ID:           types.Int64Value(a.ID),
		AssetTypeID:  prior.AssetTypeID,
		Name:         tfvalue.KeptText(prior.Name, a.Name),
		DisplayID:    tfvalue.KeptText(prior.DisplayID, a.DisplayID),
		ContactIDs:   tfvalue.Int64SetValue(a.ContactIDs),
		CustomFields: assetCustomFieldsState(a.CustomFields, prior.CustomFields, importAll),
		StaffID:      prior.StaffID,
		CreatedAt:    assetTimestamp(a.CreatedAt, prior.CreatedAt),
		UpdatedAt:    assetTimestamp(a.UpdatedAt, prior.UpdatedAt),
	}
	if a.AssetTypeID != 0 {
		m.AssetTypeID = types.Int64Value(a.AssetTypeID)
	}
	switch {
	case a.HasContactGroups:
		m.ContactGroupIDs = tfvalue.Int64SetValue(a.ContactGroupIDs)
	case !prior.ContactGroupIDs.IsNull() && !prior.ContactGroupIDs.IsUnknown():
		// The 2025 API does not return contact groups: keep what was planned or stored, so there is no diff.
		m.ContactGroupIDs = prior.ContactGroupIDs
	default:
		m.ContactGroupIDs = tfvalue.Int64SetValue(nil)
	}
	if m.StaffID.IsUnknown() {
		m.StaffID = types.Int64Null()
	}
	return m
}

// assetTimestamp uses HappyFox's value, else the prior one (GET may omit timestamps, §3.1), else null.
func assetTimestamp(got string, prior types.String) types.String {
	switch {
	case got != "":
		return types.StringValue(got)
	case prior.IsUnknown():
		return types.StringNull()
	}
	return prior
}

// checkApplied compares what was sent with what HappyFox stored, so that an ignored field fails the apply
// with a clear error instead of leaving a diff that never converges. prior holds the custom fields managed
// before the write (nil on create).
func (r *assetResource) checkApplied(ctx context.Context, diags *diag.Diagnostics, plan assetModel, got *client.Asset, prior map[string]string) {
	if !client.SameText(got.Name, plan.Name.ValueString()) {
		addNotAppliedError(diags, path.Root("name"), "asset", plan.Name.ValueString(), got.Name)
	}
	if !client.SameText(got.DisplayID, plan.DisplayID.ValueString()) {
		addNotAppliedError(diags, path.Root("display_id"), "asset", plan.DisplayID.ValueString(), got.DisplayID)
	}
	if got.AssetTypeID != 0 && got.AssetTypeID != plan.AssetTypeID.ValueInt64() {
		addNotAppliedError(diags, path.Root("asset_type_id"), "asset", plan.AssetTypeID.ValueInt64(), got.AssetTypeID)
	}
	if want, have := sortedAssetIDs(tfvalue.Int64Set(ctx, plan.ContactIDs, diags)), sortedAssetIDs(got.ContactIDs); !slices.Equal(want, have) {
		addNotAppliedError(diags, path.Root("contact_ids"), "asset", want, have)
	}
	wantGroups := sortedAssetIDs(tfvalue.Int64Set(ctx, plan.ContactGroupIDs, diags))
	switch {
	case got.HasContactGroups:
		if have := sortedAssetIDs(got.ContactGroupIDs); !slices.Equal(wantGroups, have) {
			addNotAppliedError(diags, path.Root("contact_group_ids"), "asset", wantGroups, have)
		}
	case len(wantGroups) > 0:
		addAttributeRefusal(diags, path.Root("contact_group_ids"), "Contact groups on assets not supported", assetContactGroupsUnsupported)
	}
	checkAssetCustomFieldsApplied(diags, got.CustomFields, assetStringMap(ctx, plan.CustomFields, diags), prior)
}

func sortedAssetIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	if out == nil {
		out = []int64{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

var _ resource.ResourceWithIdentity = &assetResource{}

func (r *assetResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = tfidentity.IDSchema("asset")
}
