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
	_ datasource.DataSourceWithConfigure        = &categoryDataSource{}
	_ datasource.DataSourceWithConfigValidators = &categoryDataSource{}
)

// NewCategoryDataSource is the constructor of the happyfox_category data source.
func NewCategoryDataSource() datasource.DataSource { return &categoryDataSource{} }

type categoryDataSource struct{ data *providerData }

func (d *categoryDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_category"
}

func (d *categoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := categoryAttributes()
	attrs["id"] = schema.Int64Attribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Numeric id of the category. Set exactly one of `id` and `name`.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Name of the category, e.g. `Support`, matched exactly (case and spaces count). Set exactly one " +
			"of `id` and `name`. When no category or several categories have this name, the error lists the candidates.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ticket category of the HappyFox account, looked up by `id` or by exact `name`. A name that " +
			"matches no category or several categories is an error; to list every category, use `happyfox_categories`.",
		Attributes: attrs,
	}
}

func (d *categoryDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *categoryDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *categoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg categoryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	categories, ok := listSortedCategories(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	label := func(c client.Category) string { return fmt.Sprintf("%q (id %d)", c.Name, c.ID) }
	var (
		found client.Category
		err   error
		attr  path.Path
	)
	if !cfg.ID.IsNull() {
		attr = path.Root("id")
		found, err = selectByID(categories, cfg.ID.ValueInt64(), func(c client.Category) int64 { return c.ID }, label, "category")
	} else {
		attr = path.Root("name")
		name := cfg.Name.ValueString()
		found, err = selectOne(categories, func(c client.Category) bool { return c.Name == name }, label,
			"category", fmt.Sprintf("name %q", name))
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(attr, "No single HappyFox category matches", err.Error())
		return
	}
	out := toCategoryModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
