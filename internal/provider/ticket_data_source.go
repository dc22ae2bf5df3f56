package provider

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var _ datasource.DataSourceWithConfigure = &ticketDataSource{}

// NewTicketDataSource is the constructor of the happyfox_ticket data source.
func NewTicketDataSource() datasource.DataSource {
	return &ticketDataSource{dataSourceBase{typeSuffix: "_ticket"}}
}

type ticketDataSource struct{ dataSourceBase }

type ticketModel struct {
	ID             types.Int64  `tfsdk:"id"`
	DisplayID      types.String `tfsdk:"display_id"`
	Subject        types.String `tfsdk:"subject"`
	StatusID       types.Int64  `tfsdk:"status_id"`
	StatusName     types.String `tfsdk:"status_name"`
	PriorityID     types.Int64  `tfsdk:"priority_id"`
	PriorityName   types.String `tfsdk:"priority_name"`
	CategoryID     types.Int64  `tfsdk:"category_id"`
	CategoryName   types.String `tfsdk:"category_name"`
	Tags           types.Set    `tfsdk:"tags"`
	CustomFields   types.Map    `tfsdk:"custom_fields"`
	RequesterName  types.String `tfsdk:"requester_name"`
	RequesterEmail types.String `tfsdk:"requester_email"`
}

func (d *ticketDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	computedID := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One HappyFox ticket, read by its number: subject, status, priority, category, tags, custom " +
			"field values and requester. Enough for an approval gate such as \"the change ticket is approved\" (a " +
			"`postcondition` of this data source fails the whole plan; a resource's `precondition` stops that resource) " +
			"and for the ticket actions' `ticket_id`. Every read is one request.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Number of the ticket, as HappyFox's API addresses it: `3` for the ticket shown as " +
					"`#DC00000003` (the display id is the category prefix plus this number).",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"display_id":    computed("Display id, such as `#DC00000003`."),
			"subject":       computed("Subject."),
			"status_id":     computedID("Id of the ticket's status."),
			"status_name":   computed("Name of the ticket's status, such as `Approved`."),
			"priority_id":   computedID("Id of the ticket's priority."),
			"priority_name": computed("Name of the ticket's priority."),
			"category_id":   computedID("Id of the ticket's category."),
			"category_name": computed("Name of the ticket's category."),
			"tags": schema.SetAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "Tags of the ticket.",
			},
			"custom_fields": schema.MapAttribute{
				ElementType: types.StringType,
				Computed:    true,
				MarkdownDescription: "Values of the ticket's custom fields that are set, keyed by field id, written as the " +
					"`custom_fields` of `happyfox_ticket_create` takes them (a choice as its id, several choices as " +
					"comma-separated ids).",
			},
			"requester_name":  computed("Name of the contact who requested the ticket."),
			"requester_email": computed("E-mail of the contact who requested the ticket."),
		},
	}
}

func (d *ticketDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var number types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &number)...)
	if resp.Diagnostics.HasError() {
		return
	}
	t, err := d.data.Client.GetTicket(ctx, number.ValueInt64())
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "No such HappyFox ticket", fmt.Sprintf("HappyFox has no ticket "+
			"number %d. id takes the ticket number (3 for #DC00000003), not the display id.", number.ValueInt64()))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read HappyFox ticket %d", number.ValueInt64()), err, nil)
		return
	}
	values := d.fieldValues(ctx, t, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	m := ticketModel{
		ID: types.Int64Value(t.ID), DisplayID: types.StringValue(t.DisplayID), Subject: types.StringValue(t.Subject),
		StatusID: types.Int64Value(t.StatusID), StatusName: types.StringValue(t.StatusName),
		PriorityID: types.Int64Value(t.PriorityID), PriorityName: types.StringValue(t.PriorityName),
		CategoryID: types.Int64Value(t.CategoryID), CategoryName: types.StringValue(t.CategoryName),
		Tags: tfvalue.StringSetValue(t.Tags), CustomFields: types.MapValueMust(types.StringType, tfvalue.StringValues(values)),
		RequesterName: types.StringValue(t.RequesterName), RequesterEmail: types.StringValue(t.RequesterEmail),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// fieldValues spells the set values as happyfox_ticket_create takes them. A choice value whose id the answer
// leaves out (value_id null, §8.1) is looked up by its text in the field's definition.
func (d *ticketDataSource) fieldValues(ctx context.Context, t *client.Ticket, diags *diag.Diagnostics) map[string]string {
	out := map[string]string{}
	var defs []client.TicketCustomField
	for _, f := range t.CustomFields {
		kind := customfield.KindOf(f.Type)
		key := strconv.FormatInt(f.ID, 10)
		if kind != customfield.Choice && kind != customfield.Multi {
			if v := customfield.ValueString(kind, f.Value); v != "" {
				out[key] = v
			}
			continue
		}
		if ids, ok := customfield.IDsOf(f.ValueID); ok {
			out[key] = customfield.JoinIDs(ids)
			continue
		}
		text, _ := f.Value.(string)
		if strings.TrimSpace(text) == "" {
			continue
		}
		if defs == nil {
			var err error
			if defs, err = d.data.Client.ListTicketCustomFields(ctx); err != nil {
				addAPIError(diags, "read the ticket custom fields", err, nil)
				return nil
			}
		}
		i := slices.IndexFunc(defs, func(def client.TicketCustomField) bool { return def.ID == f.ID })
		var ids []int64
		for part := range strings.SplitSeq(text, ",") {
			j := -1
			if i >= 0 {
				j = slices.IndexFunc(defs[i].Choices, func(c client.Choice) bool { return strings.EqualFold(c.Text, strings.TrimSpace(part)) })
			}
			if j < 0 {
				diags.AddError("Unexpected ticket custom field value", fmt.Sprintf("HappyFox returned the choice %q for custom "+
					"field %d of ticket %d, which matches none of the field's choices.", part, f.ID, t.ID))
				return nil
			}
			ids = append(ids, defs[i].Choices[j].ID)
		}
		out[key] = customfield.JoinIDs(ids)
	}
	return out
}
