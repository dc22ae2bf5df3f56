package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ action.ActionWithConfigure      = &ticketCreateAction{}
	_ action.ActionWithModifyPlan     = &ticketCreateAction{}
	_ action.ActionWithValidateConfig = &ticketCreateAction{}
)

// NewTicketCreateAction is the constructor of the happyfox_ticket_create action.
func NewTicketCreateAction() action.Action {
	return &ticketCreateAction{actionBase{typeSuffix: "_ticket_create"}}
}

type ticketCreateAction struct{ actionBase }

type ticketCreateModel struct {
	Subject      types.String `tfsdk:"subject"`
	Text         types.String `tfsdk:"text"`
	HTML         types.String `tfsdk:"html"`
	CategoryID   types.Int64  `tfsdk:"category_id"`
	Name         types.String `tfsdk:"name"`
	Email        types.String `tfsdk:"email"`
	PriorityID   types.Int64  `tfsdk:"priority_id"`
	CustomFields types.Map    `tfsdk:"custom_fields"`
	Tags         types.Set    `tfsdk:"tags"`
}

func (a *ticketCreateAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Opens a HappyFox ticket, for instance for the service desk when a pipeline changed something. " +
			"Actions have no outputs: the new ticket's number and display id are reported in the action's progress " +
			"messages. Terraform 1.14 or later.\n\n" +
			"The plan checks the category, the priority and the custom field values against HappyFox, without writing " +
			"anything. Nothing makes a ticket unique, so a ticket whose answer was lost is looked for with a search and, " +
			"when the search cannot tell, reported and never created a second time.",
		Attributes: map[string]schema.Attribute{
			"subject": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Subject of the ticket.",
				Validators:          []validator.String{stringvalidator.RegexMatches(notBlank, "must not be empty")},
			},
			"text": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "First message as plain text. Exactly one of `text` and `html` must be set.",
				Validators:          noteBodyValidators(true),
			},
			"html": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "First message as HTML. Exactly one of `text` and `html` must be set.",
				Validators:          noteBodyValidators(false),
			},
			"category_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Category of the ticket (an id from `happyfox_category`). HappyFox documents that tickets " +
					"created through the API go to a public category.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the requester. HappyFox uses it when it creates a contact for `email`; an " +
					"existing contact keeps their name.",
				Validators: []validator.String{stringvalidator.RegexMatches(notBlank, "must not be empty")},
			},
			"email": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "E-mail of the requester. A contact with this e-mail is the requester; HappyFox creates one when there is none.",
			},
			"priority_id": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Priority of the ticket. Defaults to HappyFox's default priority.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"custom_fields": schema.MapAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Ticket custom field values keyed by field id (sent as `t-cf-<id>`), written as for " +
					"contacts: text as is, a number as digits (at most two decimals), a date as `YYYY-MM-DD`, a choice as its " +
					"choice id, several choices as comma-separated ids. `happyfox_ticket_custom_fields` lists the fields and " +
					"their choices; fields HappyFox requires in the category must be set.",
				Validators: []validator.Map{
					mapvalidator.KeysAre(stringvalidator.RegexMatches(fieldIDPattern, "must be a ticket custom field id such as \"62\"")),
				},
			},
			"tags": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Tags of the new ticket. A tag cannot contain a comma.",
			},
		},
	}
}

// ValidateConfig checks what needs no request: the e-mail and the tags.
func (a *ticketCreateAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m ticketCreateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !m.Email.IsUnknown() && !m.Email.IsNull() && !tfvalidate.ValidEmail(strings.TrimSpace(m.Email.ValueString())) {
		resp.Diagnostics.AddAttributeError(path.Root("email"), "Invalid e-mail address",
			fmt.Sprintf("%q is not an e-mail address HappyFox accepts.", m.Email.ValueString()))
	}
	tags, _ := knownStrings(m.Tags)
	for _, tag := range tags {
		if p := client.CheckTag(tag); p != "" {
			resp.Diagnostics.AddAttributeError(path.Root("tags"), "Invalid tag", fmt.Sprintf("The tag %q %s.", tag, p))
		}
	}
}

func (a *ticketCreateAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m ticketCreateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.data == nil {
		return
	}
	c := a.data.Client
	if !m.PriorityID.IsNull() && !m.PriorityID.IsUnknown() {
		planPriority(ctx, c, m.PriorityID.ValueInt64(), path.Root("priority_id"), &resp.Diagnostics)
	}
	if m.CategoryID.IsUnknown() {
		return
	}
	cat, ok := planReference(ctx, c.ListCategories, m.CategoryID.ValueInt64(), func(c client.Category) int64 { return c.ID },
		func(c client.Category) string { return fmt.Sprintf("%q (id %d)", c.Name, c.ID) }, "category", path.Root("category_id"), &resp.Diagnostics)
	if !ok {
		return
	}
	if !cat.Public {
		// "this has to be a public category" (§8.2, M): a warning, since the article also allows others.
		resp.Diagnostics.AddAttributeWarning(path.Root("category_id"), "HappyFox may refuse a ticket in this category",
			fmt.Sprintf("Category %d (%q) is not public, and HappyFox documents that tickets created through the API go to a public category.", cat.ID, cat.Name))
	}
	if m.CustomFields.IsUnknown() {
		return
	}
	values := tfvalue.StringMap(ctx, m.CustomFields, &resp.Diagnostics)
	planTicketFields(ctx, c, cat.ID, values, path.Root("custom_fields"), &resp.Diagnostics)
}

func (a *ticketCreateAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m ticketCreateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The happyfox provider was not configured before the action ran. This is a bug in the provider; please report it.")
		return
	}
	in := client.TicketInput{
		Subject: m.Subject.ValueString(), Text: m.Text.ValueString(), HTML: m.HTML.ValueString(), CategoryID: m.CategoryID.ValueInt64(),
		Name: m.Name.ValueString(), Email: strings.TrimSpace(m.Email.ValueString()), PriorityID: m.PriorityID.ValueInt64(),
		Tags: tfvalue.StringSet(ctx, m.Tags, &resp.Diagnostics),
	}
	in.CustomFields = a.encodeFields(ctx, tfvalue.StringMap(ctx, m.CustomFields, &resp.Diagnostics), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Creating a HappyFox ticket %q for %s in category %d", in.Subject, in.Email, in.CategoryID)})
	created, err := a.data.Client.CreateTicket(ctx, in)
	if err != nil {
		advice := "Search HappyFox for this subject and requester before running the action again: if the ticket is there, " +
			"it was created and must not be created twice."
		var oe *client.TicketOutcomeError
		if errors.As(err, &oe) {
			advice = fmt.Sprintf("The ticket was not created again. Look in HappyFox for a ticket %q from %s: if there is "+
				"none, run the action again.", in.Subject, in.Email)
		}
		addInvokeError(&resp.Diagnostics, "create the HappyFox ticket", err, fieldPaths{
			"subject": path.Root("subject"), "text": path.Root("text"), "html": path.Root("html"), "category": path.Root("category_id"),
			"name": path.Root("name"), "email": path.Root("email"), "priority": path.Root("priority_id"), "tags": path.Root("tags"),
		}, advice)
		return
	}
	t := created.Ticket
	msg := fmt.Sprintf("Created HappyFox ticket %s (number %d): %q", t.DisplayID, t.ID, t.Subject)
	if t.DisplayID == "" {
		msg = fmt.Sprintf("Created HappyFox ticket number %d: %q", t.ID, t.Subject)
	}
	if t.PriorityName != "" {
		msg += ", priority " + t.PriorityName
	}
	if created.Settled {
		msg += "; HappyFox's answer was lost, and a search found the ticket, so it was not created again"
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: msg})
}

// encodeFields converts the configured values for the wire (t-cf-<id>, §8.2) by the fields' types; a blank value is
// left out. The plan checked the values; a field that is not there now is an error.
func (a *ticketCreateAction) encodeFields(ctx context.Context, values map[string]types.String, diags *diag.Diagnostics) map[int64]any {
	if len(values) == 0 {
		return nil
	}
	defs, err := a.data.Client.ListTicketCustomFields(ctx)
	if err != nil {
		addAPIError(diags, "read the ticket custom fields", err, nil)
		return nil
	}
	byID := map[int64]client.TicketCustomField{}
	for _, d := range defs {
		byID[d.ID] = d
	}
	out := map[int64]any{}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		id, _ := strconv.ParseInt(k, 10, 64)
		def, found := byID[id]
		attr := path.Root("custom_fields").AtMapKey(k)
		if !found {
			diags.AddAttributeError(attr, "No such ticket custom field", fmt.Sprintf("HappyFox has no ticket custom field %s.", k))
			continue
		}
		v, err := customfield.Ticket.Encode(customfield.KindOf(def.Type), values[k].ValueString())
		if err != nil {
			diags.AddAttributeError(attr, "Invalid ticket custom field value", fmt.Sprintf("custom_fields[%q]: %v.", k, err))
			continue
		}
		if v != nil {
			out[id] = v
		}
	}
	return out
}
