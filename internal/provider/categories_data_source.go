package provider

import (
	"cmp"
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var _ datasource.DataSourceWithConfigure = &categoriesDataSource{}

// NewCategoriesDataSource is the constructor of the happyfox_categories data source.
func NewCategoriesDataSource() datasource.DataSource {
	return &categoriesDataSource{dataSourceBase{typeSuffix: "_categories"}}
}

type categoriesDataSource struct{ dataSourceBase }

type categoryModel struct {
	ID                 types.Int64  `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Description        types.String `tfsdk:"description"`
	Public             types.Bool   `tfsdk:"public"`
	TimeSpentMandatory types.Bool   `tfsdk:"time_spent_mandatory"`
	PrepopulateCC      types.String `tfsdk:"prepopulate_cc"`
}

type categoriesModel struct {
	PublicOnly types.Bool      `tfsdk:"public_only"`
	Categories []categoryModel `tfsdk:"categories"`
}

// categoryAttributes describes one category; shared by happyfox_categories and happyfox_category.
func categoryAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the category."},
		"name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the category, e.g. `Support`."},
		"description": schema.StringAttribute{Computed: true, MarkdownDescription: "Description of the category; empty when it has none."},
		"public": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the category is public, i.e. visible to customers on the support center."},
		"time_spent_mandatory": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether agents must log the time spent on tickets of this category."},
		"prepopulate_cc": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The category's `prepopulate_cc` setting, as the HappyFox API returns it; empty when unset."},
	}
}

func (d *categoriesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every ticket category of the HappyFox account, sorted by `id`. Use it to look up category ids by " +
			"name in HCL; for a single category by name or id, use `happyfox_category`.",
		Attributes: map[string]schema.Attribute{
			"public_only": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Return only public categories. Defaults to `false` (every category).",
			},
			"categories": computedList("The categories, sorted by `id`.", categoryAttributes()),
		},
	}
}

func (d *categoriesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *categoriesModel) bool {
		categories, ok := listSortedCategories(ctx, d.data, &resp.Diagnostics)
		if !ok {
			return false
		}
		cfg.Categories = make([]categoryModel, 0, len(categories))
		for _, c := range categories {
			if cfg.PublicOnly.ValueBool() && !c.Public {
				continue
			}
			cfg.Categories = append(cfg.Categories, toCategoryModel(c))
		}
		return true
	})
}

// listSortedCategories returns the categories sorted by id, fetched once per provider instance (the client
// memoizes the list).
func listSortedCategories(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]client.Category, bool) {
	categories, err := data.Client.ListCategories(ctx)
	return sortedList(categories, err, "list the HappyFox categories", func(a, b client.Category) int { return cmp.Compare(a.ID, b.ID) }, diags)
}

func toCategoryModel(c client.Category) categoryModel {
	return categoryModel{
		ID:                 types.Int64Value(c.ID),
		Name:               types.StringValue(c.Name),
		Description:        types.StringValue(c.Description),
		Public:             types.BoolValue(c.Public),
		TimeSpentMandatory: types.BoolValue(c.TimeSpentMandatory),
		PrepopulateCC:      types.StringValue(c.PrepopulateCC),
	}
}
