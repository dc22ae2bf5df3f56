package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// NewTicketCustomFieldDataSource is the constructor of the happyfox_ticket_custom_field data source.
func NewTicketCustomFieldDataSource() datasource.DataSource {
	return &lookupDataSource[client.TicketCustomField, ticketCustomFieldModel]{
		dataSourceBase: dataSourceBase{typeSuffix: "_ticket_custom_field"},
		description: "One ticket custom field of the HappyFox account, selected by id or by exact name, with its type, " +
			"required flags, choices and categories. Use its `id` as the `field_id` of " +
			"`happyfox_ticket_custom_field_choices`, or its choice ids in ticket automation.",
		attributes: ticketCustomFieldAttributes,
		what:       "ticket custom field",
		example:    "Product",
		list: func(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]client.TicketCustomField, bool) {
			fields, err := data.Client.ListTicketCustomFields(ctx)
			if err != nil {
				addAPIError(diags, "list the HappyFox ticket custom fields", err, nil)
				return nil, false
			}
			return fields, true
		},
		id:    func(f client.TicketCustomField) int64 { return f.ID },
		name:  func(f client.TicketCustomField) string { return f.Name },
		label: ticketFieldLabel,
		model: toTicketCustomFieldModel,
	}
}
