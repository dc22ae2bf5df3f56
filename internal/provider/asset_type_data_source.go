package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// NewAssetTypeDataSource is the constructor of the happyfox_asset_type data source.
func NewAssetTypeDataSource() datasource.DataSource {
	return &lookupDataSource[client.AssetType, assetTypeModel]{
		dataSourceBase: dataSourceBase{typeSuffix: "_asset_type"},
		description: "One asset type of the HappyFox account, looked up by `id` or by exact `name` (every page of the " +
			"asset type list is searched). A name that matches no type or several types is an error; to list every type, use " +
			"`happyfox_asset_types`.",
		attributes: assetTypeAttributes,
		what:       "asset type",
		example:    "Laptop",
		list: func(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]client.AssetType, bool) {
			assetTypes, err := data.Client.ListAssetTypes(ctx)
			if err != nil {
				addAPIError(diags, "list the HappyFox asset types", err, nil)
				return nil, false
			}
			return assetTypes, true
		},
		id:    func(t client.AssetType) int64 { return t.ID },
		name:  func(t client.AssetType) string { return t.Name },
		model: toAssetTypeModel,
	}
}
