package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
)

var (
	_ datasource.DataSourceWithConfigure        = &lookupDataSource[struct{}, struct{}]{}
	_ datasource.DataSourceWithConfigValidators = &lookupDataSource[struct{}, struct{}]{}
)

// lookupDataSource is a singular data source that finds one object of a list, by `id` or by exact `name`
// (happyfox_category, happyfox_status, happyfox_asset_type, happyfox_ticket_custom_field). T is the client's
// object, M the data source's model. Each data source's file fills one in.
type lookupDataSource[T, M any] struct {
	dataSourceBase
	description string
	attributes  func() map[string]schema.Attribute // every attribute but the selectors id and name
	what        string                             // the object in words, e.g. "asset type"
	example     string                             // a name for the documentation, e.g. "Laptop"
	list        func(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]T, bool)
	id          func(T) int64
	name        func(T) string
	label       func(T) string // how a candidate is named in an error; nil: its name and id
	model       func(T) M
}

func (d *lookupDataSource[T, M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: d.description,
		Attributes:          withIDOrNameSelectors(d.attributes(), d.what, d.example),
	}
}

func (d *lookupDataSource[T, M]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *lookupDataSource[T, M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	items, ok := d.list(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	found, ok := lookupByIDOrName(ctx, req.Config, items, d.id, d.name, d.label, d.what, &resp.Diagnostics)
	if !ok {
		return
	}
	out := d.model(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
