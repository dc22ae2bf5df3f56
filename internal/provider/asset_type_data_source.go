package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &assetTypeDataSource{}
	_ datasource.DataSourceWithConfigValidators = &assetTypeDataSource{}
)

// NewAssetTypeDataSource is the constructor of the happyfox_asset_type data source.
func NewAssetTypeDataSource() datasource.DataSource { return &assetTypeDataSource{} }

type assetTypeDataSource struct{ data *providerData }

func (d *assetTypeDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_asset_type"
}

func (d *assetTypeDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := assetTypeAttributes()
	attrs["id"] = schema.Int64Attribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Numeric id of the asset type. Set exactly one of `id` and `name`.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Name of the asset type, e.g. `Laptop`, matched exactly (case and spaces count). Set exactly one " +
			"of `id` and `name`. When no asset type or several asset types have this name, the error lists the candidates.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One asset type of the HappyFox account, looked up by `id` or by exact `name` (every page of the " +
			"asset type list is searched). A name that matches no type or several types is an error; to list every type, use " +
			"`happyfox_asset_types`.",
		Attributes: attrs,
	}
}

func (d *assetTypeDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *assetTypeDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *assetTypeDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg assetTypeModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	assetTypes, err := d.data.Client.ListAssetTypes(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the HappyFox asset types", err, nil)
		return
	}
	label := func(t client.AssetType) string { return fmt.Sprintf("%q (id %d)", t.Name, t.ID) }
	var (
		found client.AssetType
		attr  path.Path
	)
	if !cfg.ID.IsNull() {
		attr = path.Root("id")
		id := cfg.ID.ValueInt64()
		found, err = selectOne(assetTypes, func(t client.AssetType) bool { return t.ID == id }, label, "asset type", fmt.Sprintf("id %d", id))
	} else {
		attr = path.Root("name")
		name := cfg.Name.ValueString()
		found, err = selectOne(assetTypes, func(t client.AssetType) bool { return t.Name == name }, label, "asset type", fmt.Sprintf("name %q", name))
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(attr, "No single HappyFox asset type matches", err.Error())
		return
	}
	out := toAssetTypeModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
