package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &ticketCustomFieldDataSource{}
	_ datasource.DataSourceWithConfigValidators = &ticketCustomFieldDataSource{}
)

// NewTicketCustomFieldDataSource is the constructor of the happyfox_ticket_custom_field data source.
func NewTicketCustomFieldDataSource() datasource.DataSource { return &ticketCustomFieldDataSource{} }

type ticketCustomFieldDataSource struct{ data *providerData }

func (d *ticketCustomFieldDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket_custom_field"
}

func (d *ticketCustomFieldDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := ticketCustomFieldAttributes()
	attrs["id"] = schema.Int64Attribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "Numeric id of the ticket custom field to read. Exactly one of `id` and `name` must be set; " +
			"when `name` is set, this is the id of the field found.",
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true,
		Computed: true,
		MarkdownDescription: "Exact name of the ticket custom field to read (case-sensitive). Exactly one of `id` and `name` " +
			"must be set. It is an error if no field or several fields have this name; select by `id` then.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ticket custom field of the HappyFox account, selected by id or by exact name, with its type, " +
			"required flags, choices and categories. Use its `id` as the `field_id` of " +
			"`happyfox_ticket_custom_field_choices`, or its choice ids in ticket automation.",
		Attributes: attrs,
	}
}

func (d *ticketCustomFieldDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *ticketCustomFieldDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *ticketCustomFieldDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var id types.Int64
	var name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("id"), &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	fields, err := d.data.Client.ListTicketCustomFields(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox ticket custom fields", err, nil)
		return
	}

	match := func(f client.TicketCustomField) bool { return f.Name == name.ValueString() }
	criterion := fmt.Sprintf("name %q", name.ValueString())
	attr := path.Root("name")
	if !id.IsNull() {
		match = func(f client.TicketCustomField) bool { return f.ID == id.ValueInt64() }
		criterion = fmt.Sprintf("id %d", id.ValueInt64())
		attr = path.Root("id")
	}
	field, err := selectOne(fields, match, ticketFieldLabel, "ticket custom field", criterion)
	if err != nil {
		summary := "Ticket custom field not found"
		if slices.ContainsFunc(fields, match) {
			summary = "Several ticket custom fields match"
		}
		resp.Diagnostics.AddAttributeError(attr, summary, err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, toTicketCustomFieldModel(field))...)
}
