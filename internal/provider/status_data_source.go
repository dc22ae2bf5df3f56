package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &statusDataSource{}
	_ datasource.DataSourceWithConfigValidators = &statusDataSource{}
)

// NewStatusDataSource is the constructor of the happyfox_status data source.
func NewStatusDataSource() datasource.DataSource {
	return &statusDataSource{dataSourceBase{typeSuffix: "_status"}}
}

type statusDataSource struct{ dataSourceBase }

func (d *statusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ticket status of the HappyFox account, looked up by `id` or by exact `name`. A name that " +
			"matches no status or several statuses is an error; to list every status, use `happyfox_statuses`.",
		Attributes: withIDOrNameSelectors(statusAttributes(), "status", "On hold"),
	}
}

func (d *statusDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *statusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	statuses, ok := listSortedStatuses(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	found, ok := lookupByIDOrName(ctx, req.Config, statuses, func(s client.Status) int64 { return s.ID },
		func(s client.Status) string { return s.Name }, nil, "status", &resp.Diagnostics)
	if !ok {
		return
	}
	out := toStatusModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
