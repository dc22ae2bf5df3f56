package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var _ datasource.DataSourceWithConfigure = &assetTypesDataSource{}

// NewAssetTypesDataSource is the constructor of the happyfox_asset_types data source.
func NewAssetTypesDataSource() datasource.DataSource {
	return &assetTypesDataSource{dataSourceBase{typeSuffix: "_asset_types"}}
}

type assetTypesDataSource struct{ dataSourceBase }

type assetTypeModel struct {
	ID                                 types.Int64  `tfsdk:"id"`
	Name                               types.String `tfsdk:"name"`
	Description                        types.String `tfsdk:"description"`
	EnableTicketAssociation            types.Bool   `tfsdk:"enable_ticket_association"`
	EnableContactAssociation           types.Bool   `tfsdk:"enable_contact_association"`
	EnableAssetQuantityForTicket       types.Bool   `tfsdk:"enable_asset_quantity_for_ticket"`
	EnableAssetTypeVisibilityToContact types.Bool   `tfsdk:"enable_asset_type_visibility_to_contact"`
}

type assetTypesModel struct {
	AssetTypes []assetTypeModel `tfsdk:"asset_types"`
}

// assetTypeAttributes describes one asset type (docs/dev/happyfox-api.md §3.7); shared by happyfox_asset_types and
// happyfox_asset_type.
func assetTypeAttributes() map[string]schema.Attribute {
	setting := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc + " Null when HappyFox does not report this setting."}
	}
	return map[string]schema.Attribute{
		"id":                               schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the asset type (`asset_type_id` of `happyfox_asset`)."},
		"name":                             schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the asset type, e.g. `Laptop`."},
		"description":                      schema.StringAttribute{Computed: true, MarkdownDescription: "Description; the empty string when there is none."},
		"enable_ticket_association":        setting("Whether assets of this type can be linked to tickets."),
		"enable_contact_association":       setting("Whether assets of this type can be linked to contacts."),
		"enable_asset_quantity_for_ticket": setting("Whether a ticket can record a quantity of assets of this type."),
		"enable_asset_type_visibility_to_contact": setting("Whether contacts can see assets of this type (reported by the " +
			"2026 revision of the API only)."),
	}
}

func toAssetTypeModel(t client.AssetType) assetTypeModel {
	setting := func(key string) types.Bool {
		if v, ok := t.Settings[key]; ok {
			return types.BoolValue(v)
		}
		return types.BoolNull()
	}
	return assetTypeModel{
		ID:                                 types.Int64Value(t.ID),
		Name:                               types.StringValue(t.Name),
		Description:                        types.StringValue(t.Description),
		EnableTicketAssociation:            setting("enable_ticket_association"),
		EnableContactAssociation:           setting("enable_contact_association"),
		EnableAssetQuantityForTicket:       setting("enable_asset_quantity_for_ticket"),
		EnableAssetTypeVisibilityToContact: setting("enable_asset_type_visibility_to_contact"),
	}
}

func (d *assetTypesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every asset type of the HappyFox account (all pages of the list). Use it to look up asset type ids " +
			"by name in HCL; for a single type by name or id, use `happyfox_asset_type`.",
		Attributes: map[string]schema.Attribute{
			"asset_types": computedList("The asset types, in the order HappyFox lists them.", assetTypeAttributes()),
		},
	}
}

func (d *assetTypesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	assetTypes, err := d.data.Client.ListAssetTypes(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox asset types", err, nil)
		return
	}
	out := assetTypesModel{AssetTypes: make([]assetTypeModel, 0, len(assetTypes))}
	for _, t := range assetTypes {
		out.AssetTypes = append(out.AssetTypes, toAssetTypeModel(t))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
