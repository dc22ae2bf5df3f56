package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// NewCategoryDataSource is the constructor of the happyfox_category data source.
func NewCategoryDataSource() datasource.DataSource {
	return &lookupDataSource[client.Category, categoryModel]{
		dataSourceBase: dataSourceBase{typeSuffix: "_category"},
		description: "One ticket category of the HappyFox account, looked up by `id` or by exact `name`. A name that " +
			"matches no category or several categories is an error; to list every category, use `happyfox_categories`.",
		attributes: categoryAttributes,
		what:       "category",
		example:    "Support",
		list:       listSortedCategories,
		id:         func(c client.Category) int64 { return c.ID },
		name:       func(c client.Category) string { return c.Name },
		model:      toCategoryModel,
	}
}
