package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tflist"
)

var _ datasource.DataSourceWithConfigure = &assetsDataSource{}

// NewAssetsDataSource is the constructor of the happyfox_assets data source.
func NewAssetsDataSource() datasource.DataSource {
	return &assetsDataSource{dataSourceBase{typeSuffix: "_assets"}}
}

type assetsDataSource struct{ dataSourceBase }

type assetsItem struct {
	ID              types.Int64  `tfsdk:"id"`
	AssetTypeID     types.Int64  `tfsdk:"asset_type_id"`
	Name            types.String `tfsdk:"name"`
	DisplayID       types.String `tfsdk:"display_id"`
	ContactIDs      types.Set    `tfsdk:"contact_ids"`
	ContactGroupIDs types.Set    `tfsdk:"contact_group_ids"`
	CustomFields    types.Map    `tfsdk:"custom_fields"`
}

type assetsModel struct {
	AssetTypeID types.Int64           `tfsdk:"asset_type_id"`
	Assets      map[string]assetsItem `tfsdk:"assets"`
}

func (d *assetsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every asset of one asset type, read in pages of 50, as a map keyed by id: made for a `for_each` " +
			"import block that adopts them all (see the adoption guide). Each object holds the arguments of `happyfox_asset` " +
			"as an import reads them.",
		Attributes: map[string]schema.Attribute{
			"asset_type_id": schema.Int64Attribute{Required: true, MarkdownDescription: "Numeric id of the asset type (see `happyfox_asset_types`)."},
			"assets": keyedByID("The assets", map[string]schema.Attribute{
				"id":                schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the asset."},
				"asset_type_id":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of its asset type."},
				"name":              schema.StringAttribute{Computed: true, MarkdownDescription: "Name."},
				"display_id":        schema.StringAttribute{Computed: true, MarkdownDescription: "Display id (the asset's tag)."},
				"contact_ids":       schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids of the linked contacts."},
				"contact_group_ids": schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids of the linked contact groups."},
				"custom_fields":     importedCustomFields("happyfox_asset"),
			}),
		},
	}
}

func (d *assetsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *assetsModel) bool {
		typeID := cfg.AssetTypeID.ValueInt64()
		r := &assetResource{data: d.data}
		cfg.Assets = map[string]assetsItem{}
		err := d.data.Client.AssetPages(ctx, typeID, tflist.EachOf(func(a *client.Asset) bool {
			m := r.toModel(a, assetModel{AssetTypeID: types.Int64Value(typeID)}, true)
			cfg.Assets[idKey(a.ID)] = assetsItem{
				ID: m.ID, AssetTypeID: m.AssetTypeID, Name: m.Name, DisplayID: m.DisplayID,
				ContactIDs: m.ContactIDs, ContactGroupIDs: m.ContactGroupIDs, CustomFields: m.CustomFields,
			}
			return true
		}))
		if err != nil {
			addAssetAPIError(&resp.Diagnostics, "list the assets", err)
			return false
		}
		return true
	})
}
