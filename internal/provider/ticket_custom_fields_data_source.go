package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var _ datasource.DataSourceWithConfigure = &ticketCustomFieldsDataSource{}

// NewTicketCustomFieldsDataSource is the constructor of the happyfox_ticket_custom_fields data source.
func NewTicketCustomFieldsDataSource() datasource.DataSource {
	return &ticketCustomFieldsDataSource{dataSourceBase{typeSuffix: "_ticket_custom_fields"}}
}

type ticketCustomFieldsDataSource struct{ dataSourceBase }

type ticketCustomFieldsModel struct {
	Fields []ticketCustomFieldModel `tfsdk:"fields"`
}

func (d *ticketCustomFieldsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every ticket custom field of the HappyFox account, with its type, required flags, choices and " +
			"categories. Use it to look up field and choice ids by name in HCL; for a single field by name or id, use " +
			"`happyfox_ticket_custom_field`.",
		Attributes: map[string]schema.Attribute{
			"fields": computedList("The ticket custom fields, sorted by `id`.", ticketCustomFieldAttributes()),
		},
	}
}

func (d *ticketCustomFieldsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	fields, err := d.data.Client.ListTicketCustomFields(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox ticket custom fields", err, nil)
		return
	}
	sorted := slices.Clone(fields)
	slices.SortFunc(sorted, func(a, b client.TicketCustomField) int { return cmp.Compare(a.ID, b.ID) })
	out := ticketCustomFieldsModel{Fields: make([]ticketCustomFieldModel, 0, len(sorted))}
	for _, f := range sorted {
		out.Fields = append(out.Fields, toTicketCustomFieldModel(f))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
