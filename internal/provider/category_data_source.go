package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &categoryDataSource{}
	_ datasource.DataSourceWithConfigValidators = &categoryDataSource{}
)

// NewCategoryDataSource is the constructor of the happyfox_category data source.
func NewCategoryDataSource() datasource.DataSource {
	return &categoryDataSource{dataSourceBase{typeSuffix: "_category"}}
}

type categoryDataSource struct{ dataSourceBase }

func (d *categoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ticket category of the HappyFox account, looked up by `id` or by exact `name`. A name that " +
			"matches no category or several categories is an error; to list every category, use `happyfox_categories`.",
		Attributes: withIDOrNameSelectors(categoryAttributes(), "category", "Support"),
	}
}

func (d *categoryDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *categoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	categories, ok := listSortedCategories(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	found, ok := lookupByIDOrName(ctx, req.Config, categories, func(c client.Category) int64 { return c.ID },
		func(c client.Category) string { return c.Name }, nil, "category", &resp.Diagnostics)
	if !ok {
		return
	}
	out := toCategoryModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
