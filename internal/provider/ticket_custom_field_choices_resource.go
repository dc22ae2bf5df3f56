package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfidentity"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ resource.ResourceWithConfigure      = &ticketCustomFieldChoicesResource{}
	_ resource.ResourceWithImportState    = &ticketCustomFieldChoicesResource{}
	_ resource.ResourceWithModifyPlan     = &ticketCustomFieldChoicesResource{}
	_ resource.ResourceWithValidateConfig = &ticketCustomFieldChoicesResource{}
)

// NewTicketCustomFieldChoicesResource is the constructor of happyfox_ticket_custom_field_choices.
func NewTicketCustomFieldChoicesResource() resource.Resource {
	return &ticketCustomFieldChoicesResource{}
}

type ticketCustomFieldChoicesResource struct{ data *providerData }

type ticketCustomFieldChoicesModel struct {
	ID      types.Int64 `tfsdk:"id"`
	FieldID types.Int64 `tfsdk:"field_id"`
	Choices types.List  `tfsdk:"choices"`
}

var choiceAttrTypes = map[string]attr.Type{"id": types.Int64Type, "text": types.StringType}

const ticketChoicesNotDeleted = "Destroying happyfox_ticket_custom_field_choices only removes it from the Terraform state: " +
	"the field keeps its current choices in HappyFox, because deleting every option would break the tickets that use " +
	"them. Remove options you no longer need from the configuration and apply before destroying, or edit them in the " +
	"HappyFox web interface."

func (r *ticketCustomFieldChoicesResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_custom_field_choices"
}

func (r *ticketCustomFieldChoicesResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete, ordered list of options of a HappyFox ticket custom field of type dropdown or " +
			"multiple choice. The resource is authoritative: options that are not configured are deleted from the field. " +
			"HappyFox's API cannot create or delete the field itself, only set its options.\n\n" +
			"~> **Destroy does not delete.** " + ticketChoicesNotDeleted,
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Same as `field_id`.",
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"field_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Numeric id of the ticket custom field whose options are managed. It must be a dropdown " +
					"or multiple-choice field (HappyFox type `choice`, `dropdown` or `multiple_choice`); this is checked at plan " +
					"time. Find it with the `happyfox_ticket_custom_field` data source. Changing it manages another field " +
					"(the old field keeps its options).",
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"choices": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "The options, in the order HappyFox shows them. At least one; texts must be non-empty, " +
					"on one line without white space at either end and with single spaces between words, and distinct. Each configured option keeps an existing option when " +
					"possible, so that tickets keep their value: first the option with exactly the same text (reordering " +
					"changes nothing but the order), then, on update, the option at the same position whose text is no " +
					"longer configured (a changed text at the same position is a rename). Other options are created; " +
					"existing options that nothing keeps are deleted. The plan warns before anything is sent: it names every " +
					"option the apply deletes (HappyFox removes a deleted option's value from every ticket) or renames, and says " +
					"when a change only reorders the options. Texts that differ only in case (`Yes`, `yes`) are refused.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"text": schema.StringAttribute{
						Required: true,
						MarkdownDescription: "Text of the option as agents and contacts see it: one line, with no white space " +
							"at either end and single spaces between words (HappyFox would store it cleaned).",
					},
					"id": schema.Int64Attribute{
						Computed: true,
						MarkdownDescription: "Numeric HappyFox id of the option: what tickets store. Known at plan time for " +
							"options that keep an existing one; assigned by HappyFox for new options.",
					},
				}},
			},
		},
	}
}

func (r *ticketCustomFieldChoicesResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (r *ticketCustomFieldChoicesResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var choices types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("choices"), &choices)...)
	elems, ok := choiceElems(choices)
	if !ok {
		return
	}
	for _, p := range append(choiceTextProblems(wantedFrom(elems)), choiceCaseProblems(wantedFrom(elems))...) {
		resp.Diagnostics.AddAttributeError(path.Root("choices").AtListIndex(p.Index).AtName("text"), p.Summary, p.Detail)
	}
}

// ModifyPlan checks the field at plan time and makes the plan show, for each configured choice, the id it
// keeps (see matchChoiceIDs); only new choices are "known after apply".
func (r *ticketCustomFieldChoicesResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		if !req.State.Raw.IsNull() {
			resp.Diagnostics.AddWarning("Ticket field choices will only be removed from Terraform state", ticketChoicesNotDeleted)
		}
		return
	}
	if r.data == nil {
		return
	}
	var plan ticketCustomFieldChoicesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *ticketCustomFieldChoicesModel
	if !req.State.Raw.IsNull() {
		state = &ticketCustomFieldChoicesModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() || plan.FieldID.IsUnknown() || plan.FieldID.IsNull() {
		return
	}
	fieldID := plan.FieldID.ValueInt64()
	field := r.lookupChoiceField(ctx, fieldID, &resp.Diagnostics)
	if field == nil {
		return
	}
	plan.ID = types.Int64Value(fieldID)

	elems, ok := choiceElems(plan.Choices)
	if !ok {
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	update := state != nil && state.FieldID.ValueInt64() == fieldID
	existing := refsFromField(field.Choices)
	if update {
		// The refreshed state: what the diff is shown against.
		existing = refsFromList(state.Choices)
	}
	wanted := wantedFrom(elems)
	allKnown := !slices.ContainsFunc(wanted, func(w wantedChoice) bool { return !w.Known })
	ids := matchChoiceIDs(existing, wanted, update && allKnown)

	texts := make([]types.String, len(elems))
	planned := make([]types.Int64, len(elems))
	for i, e := range elems {
		texts[i] = e.Text
		planned[i] = types.Int64Unknown()
		if ids[i] != 0 {
			planned[i] = types.Int64Value(ids[i])
		}
	}
	plan.Choices = choiceList(texts, planned)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)

	if update && allKnown {
		resp.Diagnostics.Append(choicesUpdateWarnings(existing, wanted, ids, ticketFieldLabel(*field))...)
	}
	if !update && allKnown {
		if gone := unkeptChoices(existing, ids); len(gone) > 0 {
			resp.Diagnostics.AddAttributeWarning(path.Root("choices"), "Existing choices will be deleted",
				fmt.Sprintf("Ticket custom field %s has choices that are not in the configuration: %s. The apply deletes them, "+
					"and tickets that use them lose their value. Add them to choices to keep them.",
					ticketFieldLabel(*field), quotedChoices(gone)))
		}
	}
}

// lookupChoiceField finds a ticket custom field in the (memoized) metadata and checks that it has choices.
// Errors are attached to field_id.
func (r *ticketCustomFieldChoicesResource) lookupChoiceField(ctx context.Context, id int64, diags *diag.Diagnostics) *client.TicketCustomField {
	fields, err := r.data.Client.ListTicketCustomFields(ctx)
	if err != nil {
		addAPIError(diags, "list the HappyFox ticket custom fields to check field_id", err, nil)
		return nil
	}
	var choiceFields []client.TicketCustomField
	for _, f := range fields {
		if isChoiceField(f) {
			choiceFields = append(choiceFields, f)
		}
	}
	i := slices.IndexFunc(fields, func(f client.TicketCustomField) bool { return f.ID == id })
	if i < 0 {
		diags.AddAttributeError(path.Root("field_id"), "Ticket custom field not found",
			fmt.Sprintf("No ticket custom field with id %d exists in HappyFox. Fields with choices: %s. The "+
				"happyfox_ticket_custom_field data source looks a field up by its name.", id, listLabels(choiceFields, ticketFieldLabel)))
		return nil
	}
	if !isChoiceField(fields[i]) {
		diags.AddAttributeError(path.Root("field_id"), "Ticket custom field has no choices",
			fmt.Sprintf("Ticket custom field %s is not a dropdown or multiple-choice field, so it has no choices to manage. "+
				"Set field_id to a field of type choice, dropdown or multiple_choice. Fields with choices: %s.",
				ticketFieldLabel(fields[i]), listLabels(choiceFields, ticketFieldLabel)))
		return nil
	}
	return &fields[i]
}

func (r *ticketCustomFieldChoicesResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan ticketCustomFieldChoicesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Adopting a field: existing choices are kept by exact text only, never renamed by position.
	got, check := r.putChoices(ctx, plan, false, &resp.Diagnostics)
	if got == nil {
		return
	}
	// The list HappyFox now holds is saved at once (saveCreated): a failure to read or store what follows is a
	// warning, HappyFox's refusal to keep a choice an error.
	saveCreated(ctx, req, resp, createdObject{kind: "choice list", id: fmt.Sprint(got.ID), deletable: true}, stateFromField(got),
		func(st tfvalue.StateSetter, follow *diag.Diagnostics) {
			check(follow)
			follow.Append(st.Set(ctx, stateFromField(got))...)
		})
}

func (r *ticketCustomFieldChoicesResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	var plan ticketCustomFieldChoicesModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if got, check := r.putChoices(ctx, plan, true, &resp.Diagnostics); got != nil {
		check(&resp.Diagnostics)
		resp.Diagnostics.Append(resp.State.Set(ctx, stateFromField(got))...)
	}
}

// putChoices reads the field and sends the planned list (with each kept choice's id and its dependant_fields
// copied verbatim from HappyFox). It returns the field HappyFox answered with, and check, which compares that answer
// with what was sent; nil when nothing was changed (the reason is in diags).
func (r *ticketCustomFieldChoicesResource) putChoices(ctx context.Context, plan ticketCustomFieldChoicesModel, rename bool, diags *diag.Diagnostics) (got *client.TicketCustomField, check func(*diag.Diagnostics)) {
	fieldID := plan.FieldID.ValueInt64()
	field, err := r.data.Client.GetTicketCustomField(ctx, fieldID)
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("field_id"), "Ticket custom field not found",
			fmt.Sprintf("Ticket custom field %d no longer exists in HappyFox (it was deleted after the plan was made). "+
				"Nothing was changed. Set field_id to an existing field.", fieldID))
		return
	}
	if err != nil {
		addAPIError(diags, fmt.Sprintf("read ticket custom field %d before setting its choices", fieldID), err, nil)
		return
	}
	if !isChoiceField(*field) {
		diags.AddAttributeError(path.Root("field_id"), "Ticket custom field has no choices",
			fmt.Sprintf("Ticket custom field %s is not a dropdown or multiple-choice field. Nothing was changed.", ticketFieldLabel(*field)))
		return
	}

	elems, _ := choiceElems(plan.Choices)
	wanted := wantedFrom(elems)
	for i := range wanted {
		wanted[i].Known = true
		if v := elems[i].ID; !v.IsNull() && !v.IsUnknown() {
			wanted[i].Pinned = v.ValueInt64()
		}
	}
	ids := matchChoiceIDs(refsFromField(field.Choices), wanted, rename)
	for i, w := range wanted {
		if w.Pinned != 0 && ids[i] != w.Pinned {
			diags.AddAttributeError(path.Root("choices").AtListIndex(i).AtName("id"), "Choice changed in HappyFox since the plan",
				fmt.Sprintf("The plan keeps choice %q as id %d, but ticket custom field %d no longer has a choice with that id: "+
					"it was deleted outside Terraform after the plan was made. Nothing was changed. Run terraform apply again "+
					"to make a new plan.", w.Text, w.Pinned, fieldID))
		}
	}
	if diags.HasError() {
		return
	}

	send := make([]client.Choice, len(wanted))
	for i, w := range wanted {
		send[i] = client.Choice{ID: ids[i], Text: w.Text}
		if ids[i] != 0 {
			// Never from configuration: HappyFox's dependant_fields go back exactly as read.
			j := slices.IndexFunc(field.Choices, func(c client.Choice) bool { return c.ID == ids[i] })
			send[i].DependantFields = field.Choices[j].DependantFields
		}
	}
	got, err = r.data.Client.UpdateTicketCustomFieldChoices(ctx, fieldID, send)
	if err != nil {
		addAPIError(diags, fmt.Sprintf("set the choices of ticket custom field %d", fieldID), err,
			fieldPaths{"choices": path.Root("choices")})
		return nil, nil
	}
	return got, func(d *diag.Diagnostics) { checkChoicesApplied(d, fieldID, wanted, ids, got) }
}

// checkChoicesApplied compares the field HappyFox answered the PUT with (the full field, §4.3) to what was
// sent: the same texts in the same order, and every kept choice under its id.
func checkChoicesApplied(diags *diag.Diagnostics, fieldID int64, wanted []wantedChoice, ids []int64, got *client.TicketCustomField) {
	want := make([]choiceRef, len(wanted))
	for i, w := range wanted {
		want[i] = choiceRef{Text: w.Text}
	}
	have := refsFromField(got.Choices)
	if !slices.EqualFunc(want, have, func(a, b choiceRef) bool { return a.Text == b.Text }) {
		addNotAppliedError(diags, path.Root("choices"), fmt.Sprintf("ticket custom field %d", fieldID),
			quotedChoices(want), quotedChoices(have))
		return
	}
	for i, id := range ids {
		if id != 0 && have[i].ID != id {
			addAttributeRefusal(diags, path.Root("choices").AtListIndex(i).AtName("id"), "HappyFox did not keep the choice id",
				fmt.Sprintf("Choice %q of ticket custom field %d was sent with id %d to keep it, but HappyFox answered with id %d. "+
					"Tickets that used the choice may have lost their value; check the field in the HappyFox web interface.",
					have[i].Text, fieldID, id, have[i].ID))
		}
	}
}

func (r *ticketCustomFieldChoicesResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State, &req.State)
	var state ticketCustomFieldChoicesModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.FieldID
	if id.IsNull() || id.IsUnknown() {
		id = state.ID
	}
	field, err := r.data.Client.GetTicketCustomField(ctx, id.ValueInt64())
	if client.IsNotFound(err) {
		resp.Diagnostics.AddWarning("Ticket custom field no longer exists",
			fmt.Sprintf("Ticket custom field %d was not found in HappyFox (deleted outside Terraform), so its choices are "+
				"removed from the Terraform state. Point field_id at an existing field, or remove the resource from the "+
				"configuration.", id.ValueInt64()))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read the choices of ticket custom field %d", id.ValueInt64()), err, nil)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, stateFromField(field))...)
}

func (r *ticketCustomFieldChoicesResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
	// Nothing to send: the plan already warned that the field keeps its choices in HappyFox (ModifyPlan).
}

func (r *ticketCustomFieldChoicesResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	defer tfidentity.Set(ctx, resp.Identity, &resp.Diagnostics, &resp.State)
	id, err := tfvalue.ParseID(tfidentity.ImportID(ctx, req, &resp.Diagnostics, "field_id"), "ticket custom field")
	if err != nil {
		resp.Diagnostics.AddError("Invalid import id", err.Error())
		return
	}
	if r.lookupChoiceField(ctx, id, &resp.Diagnostics) == nil {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("field_id"), id)...)
}

// choiceElem is one element of a choices list; Text and ID are unknown when the whole element is.
type choiceElem struct {
	Text types.String
	ID   types.Int64
}

// choiceElems returns the elements of a choices list, or false when the list is null or unknown.
func choiceElems(l types.List) ([]choiceElem, bool) {
	if l.IsNull() || l.IsUnknown() {
		return nil, false
	}
	out := make([]choiceElem, 0, len(l.Elements()))
	for _, e := range l.Elements() {
		ce := choiceElem{Text: types.StringUnknown(), ID: types.Int64Unknown()}
		if o, ok := e.(types.Object); ok && !o.IsNull() && !o.IsUnknown() {
			if t, ok := o.Attributes()["text"].(types.String); ok {
				ce.Text = t
			}
			if v, ok := o.Attributes()["id"].(types.Int64); ok {
				ce.ID = v
			}
		}
		out = append(out, ce)
	}
	return out, true
}

func wantedFrom(elems []choiceElem) []wantedChoice {
	out := make([]wantedChoice, len(elems))
	for i, e := range elems {
		out[i] = wantedChoice{Text: e.Text.ValueString(), Known: !e.Text.IsNull() && !e.Text.IsUnknown()}
	}
	return out
}

func choiceList(texts []types.String, ids []types.Int64) types.List {
	elems := make([]attr.Value, len(texts))
	for i := range texts {
		elems[i] = types.ObjectValueMust(choiceAttrTypes, map[string]attr.Value{"id": ids[i], "text": texts[i]})
	}
	return types.ListValueMust(types.ObjectType{AttrTypes: choiceAttrTypes}, elems)
}

func refsFromField(cs []client.Choice) []choiceRef {
	out := make([]choiceRef, len(cs))
	for i, c := range cs {
		out[i] = choiceRef{ID: c.ID, Text: c.Text}
	}
	return out
}

func refsFromList(l types.List) []choiceRef {
	elems, _ := choiceElems(l)
	out := make([]choiceRef, 0, len(elems))
	for _, e := range elems {
		if e.ID.IsNull() || e.ID.IsUnknown() {
			continue
		}
		out = append(out, choiceRef{ID: e.ID.ValueInt64(), Text: e.Text.ValueString()})
	}
	return out
}

func stateFromField(f *client.TicketCustomField) ticketCustomFieldChoicesModel {
	texts := make([]types.String, len(f.Choices))
	ids := make([]types.Int64, len(f.Choices))
	for i, c := range f.Choices {
		texts[i] = types.StringValue(c.Text)
		ids[i] = types.Int64Value(c.ID)
	}
	return ticketCustomFieldChoicesModel{
		ID:      types.Int64Value(f.ID),
		FieldID: types.Int64Value(f.ID),
		Choices: choiceList(texts, ids),
	}
}

// quotedChoices renders choice texts for messages: ["Widget", "Gadget"].
func quotedChoices(cs []choiceRef) string {
	q := make([]string, len(cs))
	for i, c := range cs {
		q[i] = fmt.Sprintf("%q", c.Text)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

var _ resource.ResourceWithIdentity = &ticketCustomFieldChoicesResource{}

func (r *ticketCustomFieldChoicesResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"field_id": identityschema.Int64Attribute{RequiredForImport: true, Description: "Numeric HappyFox id of the ticket custom field."},
	}}
}
