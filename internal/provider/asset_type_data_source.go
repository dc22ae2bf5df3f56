package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &assetTypeDataSource{}
	_ datasource.DataSourceWithConfigValidators = &assetTypeDataSource{}
)

// NewAssetTypeDataSource is the constructor of the happyfox_asset_type data source.
func NewAssetTypeDataSource() datasource.DataSource {
	return &assetTypeDataSource{dataSourceBase{typeSuffix: "_asset_type"}}
}

type assetTypeDataSource struct{ dataSourceBase }

func (d *assetTypeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One asset type of the HappyFox account, looked up by `id` or by exact `name` (every page of the " +
			"asset type list is searched). A name that matches no type or several types is an error; to list every type, use " +
			"`happyfox_asset_types`.",
		Attributes: withIDOrNameSelectors(assetTypeAttributes(), "asset type", "Laptop"),
	}
}

func (d *assetTypeDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *assetTypeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	assetTypes, err := d.data.Client.ListAssetTypes(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox asset types", err, nil)
		return
	}
	found, ok := lookupByIDOrName(ctx, req.Config, assetTypes, func(t client.AssetType) int64 { return t.ID },
		func(t client.AssetType) string { return t.Name }, nil, "asset type", &resp.Diagnostics)
	if !ok {
		return
	}
	out := toAssetTypeModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
