package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var _ datasource.DataSourceWithConfigure = &contactCustomFieldsDataSource{}

// NewContactCustomFieldsDataSource is the constructor of the happyfox_contact_custom_fields data source.
func NewContactCustomFieldsDataSource() datasource.DataSource {
	return &contactCustomFieldsDataSource{dataSourceBase{typeSuffix: "_contact_custom_fields"}}
}

type contactCustomFieldsDataSource struct{ dataSourceBase }

type contactFieldChoiceModel struct {
	ID   types.Int64  `tfsdk:"id"`
	Text types.String `tfsdk:"text"`
}

type contactCustomFieldModel struct {
	ID                 types.Int64               `tfsdk:"id"`
	Name               types.String              `tfsdk:"name"`
	Type               types.String              `tfsdk:"type"`
	Required           types.Bool                `tfsdk:"required"`
	Order              types.Int64               `tfsdk:"order"`
	VisibleToStaffOnly types.Bool                `tfsdk:"visible_to_staff_only"`
	DependsOnChoice    types.Int64               `tfsdk:"depends_on_choice"`
	Choices            []contactFieldChoiceModel `tfsdk:"choices"`
}

type contactCustomFieldsModel struct {
	Fields []contactCustomFieldModel `tfsdk:"fields"`
}

func (d *contactCustomFieldsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every contact custom field of the HappyFox account with its type and choices. Use it to find the " +
			"field ids (the keys of `happyfox_contact.custom_fields`) and the choice ids (the values of choice fields) by name.",
		Attributes: map[string]schema.Attribute{
			"fields": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The contact custom fields, sorted by `order`, then `id`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the field: the key to use in `happyfox_contact.custom_fields`."},
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the field."},
					"type": schema.StringAttribute{Computed: true, MarkdownDescription: "Type as HappyFox names it, e.g. `text`, `number`, `date`, `choice`, `multiple_choice`."},
					"required": schema.BoolAttribute{
						Computed: true, MarkdownDescription: "Whether every contact must have a value (then `happyfox_contact` requires it on create).",
					},
					"order":                 schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the field in HappyFox forms."},
					"visible_to_staff_only": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether only agents see the field."},
					"depends_on_choice":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the choice that shows this field, or null."},
					"choices": fieldChoicesAttribute("Choices of a choice or multiple-choice field (empty for other types).",
						"Choice id: the value to use in `happyfox_contact.custom_fields`."),
				}},
			},
		},
	}
}

func (d *contactCustomFieldsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	fields, err := d.data.Client.ListContactCustomFields(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox contact custom fields", err, nil)
		return
	}
	sorted := slices.Clone(fields)
	slices.SortFunc(sorted, func(a, b client.CustomFieldDef) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	})
	out := contactCustomFieldsModel{Fields: make([]contactCustomFieldModel, 0, len(sorted))}
	for _, f := range sorted {
		m := contactCustomFieldModel{
			ID: types.Int64Value(f.ID), Name: types.StringValue(f.Name), Type: types.StringValue(f.Type),
			Required: types.BoolValue(f.Required), Order: types.Int64Value(f.Order),
			VisibleToStaffOnly: types.BoolValue(f.VisibleToStaffOnly), DependsOnChoice: types.Int64PointerValue(f.DependsOnChoice),
			Choices: make([]contactFieldChoiceModel, 0, len(f.Choices)),
		}
		for _, c := range f.Choices {
			m.Choices = append(m.Choices, contactFieldChoiceModel{ID: types.Int64Value(c.ID), Text: types.StringValue(c.Text)})
		}
		out.Fields = append(out.Fields, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
