package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

var _ datasource.DataSourceWithConfigure = &assetCustomFieldsDataSource{}

// NewAssetCustomFieldsDataSource is the constructor of the happyfox_asset_custom_fields data source.
func NewAssetCustomFieldsDataSource() datasource.DataSource {
	return &assetCustomFieldsDataSource{dataSourceBase{typeSuffix: "_asset_custom_fields"}}
}

type assetCustomFieldsDataSource struct{ dataSourceBase }

type assetCustomFieldModel struct {
	ID      types.Int64  `tfsdk:"id"`
	Name    types.String `tfsdk:"name"`
	Type    types.String `tfsdk:"type"`
	Choices types.List   `tfsdk:"choices"`
}

type assetCustomFieldsModel struct {
	AssetTypeID  types.Int64             `tfsdk:"asset_type_id"`
	CustomFields []assetCustomFieldModel `tfsdk:"custom_fields"`
}

var assetChoiceType = types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.Int64Type, "text": types.StringType}}

func (d *assetCustomFieldsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The custom fields of one HappyFox asset type (all pages of the list), with the choices of dropdown " +
			"and multi-option fields. Use it to find the field ids and choice ids that `happyfox_asset`'s `custom_fields` takes.",
		Attributes: map[string]schema.Attribute{
			"asset_type_id": schema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Id of the asset type whose custom fields to list.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"custom_fields": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The custom fields, in the order HappyFox lists them.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the field: the key to use in `happyfox_asset`'s `custom_fields`."},
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the field."},
					"type": schema.StringAttribute{Computed: true, MarkdownDescription: "Type of the field as HappyFox names it: `text`, `textarea`, `number`, `date`, `dropdown`, or a multi-option type."},
					"choices": fieldChoicesAttribute("Choices of a dropdown or multi-option field (a value of `custom_fields` is a choice "+
						"`id`); empty for other fields, as in the contact and ticket field data sources. When the list of fields does not carry a choice field's choices, the "+
						"field is read on its own.", "Choice id."),
				}},
			},
		},
	}
}

func (d *assetCustomFieldsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg assetCustomFieldsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	typeID := cfg.AssetTypeID.ValueInt64()
	fields, err := d.data.Client.ListAssetCustomFields(ctx, typeID)
	if err != nil {
		if unknownAssetType(err) {
			d.addUnknownTypeError(ctx, &resp.Diagnostics, typeID)
			return
		}
		addAPIError(&resp.Diagnostics, fmt.Sprintf("list the custom fields of asset type %d", typeID), err, nil)
		return
	}
	out := assetCustomFieldsModel{AssetTypeID: cfg.AssetTypeID, CustomFields: make([]assetCustomFieldModel, 0, len(fields))}
	for _, f := range fields {
		if f.Choices == nil && isAssetChoiceField(f.Type) {
			// The list does not always say (docs/dev/happyfox-api.md §3.6: the shape of choices is not documented); the
			// single-field call does. The client tries the 2026 path, then the 2025 one (§3.6).
			one, err := d.data.Client.GetAssetCustomField(ctx, f.ID)
			if err != nil {
				addAPIError(&resp.Diagnostics, fmt.Sprintf("read the choices of asset custom field %d", f.ID), err, nil)
				return
			}
			f.Choices = one.Choices
		}
		out.CustomFields = append(out.CustomFields, toAssetCustomFieldModel(f))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

func (d *assetCustomFieldsDataSource) addUnknownTypeError(ctx context.Context, diags *diag.Diagnostics, typeID int64) {
	available := "unknown (the asset types could not be listed)"
	if assetTypes, err := d.data.Client.ListAssetTypes(ctx); err == nil {
		available = listLabels(assetTypes, func(t client.AssetType) string { return fmt.Sprintf("%q (id %d)", t.Name, t.ID) })
	}
	diags.AddAttributeError(path.Root("asset_type_id"), "Unknown asset type",
		fmt.Sprintf("HappyFox has no asset type with id %d. Available: %s.", typeID, available))
}

func isAssetChoiceField(fieldType string) bool { return customfield.IsChoice(fieldType) }

func toAssetCustomFieldModel(f client.AssetCustomField) assetCustomFieldModel {
	m := assetCustomFieldModel{
		ID: types.Int64Value(f.ID), Name: types.StringValue(f.Name), Type: types.StringValue(f.Type),
	}
	// An empty list, not null, for a field without choices: the same shape as happyfox_contact_custom_fields and
	// happyfox_ticket_custom_fields, so one expression (length(f.choices) > 0) works on all three.
	elems := make([]attr.Value, 0, len(f.Choices))
	for _, c := range f.Choices {
		elems = append(elems, types.ObjectValueMust(assetChoiceType.AttrTypes, map[string]attr.Value{
			"id": types.Int64Value(c.ID), "text": types.StringValue(c.Text),
		}))
	}
	m.Choices = types.ListValueMust(assetChoiceType, elems)
	return m
}
