package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &ticketCustomFieldDataSource{}
	_ datasource.DataSourceWithConfigValidators = &ticketCustomFieldDataSource{}
)

// NewTicketCustomFieldDataSource is the constructor of the happyfox_ticket_custom_field data source.
func NewTicketCustomFieldDataSource() datasource.DataSource {
	return &ticketCustomFieldDataSource{dataSourceBase{typeSuffix: "_ticket_custom_field"}}
}

type ticketCustomFieldDataSource struct{ dataSourceBase }

func (d *ticketCustomFieldDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ticket custom field of the HappyFox account, selected by id or by exact name, with its type, " +
			"required flags, choices and categories. Use its `id` as the `field_id` of " +
			"`happyfox_ticket_custom_field_choices`, or its choice ids in ticket automation.",
		Attributes: withIDOrNameSelectors(ticketCustomFieldAttributes(), "ticket custom field", "Product"),
	}
}

func (d *ticketCustomFieldDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *ticketCustomFieldDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	fields, err := d.data.Client.ListTicketCustomFields(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox ticket custom fields", err, nil)
		return
	}
	field, ok := lookupByIDOrName(ctx, req.Config, fields, func(f client.TicketCustomField) int64 { return f.ID },
		func(f client.TicketCustomField) string { return f.Name }, ticketFieldLabel, "ticket custom field", &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, toTicketCustomFieldModel(field))...)
}
