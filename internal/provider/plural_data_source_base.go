package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// pluralDataSource is what the plural data sources for adoption (adoption_data_sources.go) share: the provider
// data, Metadata and Configure. Each embeds it and names its type.
type pluralDataSource struct {
	typeSuffix string // what follows the provider's type name, e.g. "_contacts"
	data       *providerData
}

func (d *pluralDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

func (d *pluralDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// readPlural is the Read every plural data source shares: it decodes the configuration into M, lets fill add
// the objects (fill returns false when it failed and wrote the error to resp), and stores the result.
func readPlural[M any](ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, fill func(m *M) bool) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !fill(&m) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
