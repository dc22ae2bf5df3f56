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
	_ datasource.DataSourceWithConfigure        = &statusDataSource{}
	_ datasource.DataSourceWithConfigValidators = &statusDataSource{}
)

// NewStatusDataSource is the constructor of the happyfox_status data source.
func NewStatusDataSource() datasource.DataSource { return &statusDataSource{} }

type statusDataSource struct{ data *providerData }

func (d *statusDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_status"
}

func (d *statusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := statusAttributes()
	attrs["id"] = schema.Int64Attribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Numeric id of the status. Set exactly one of `id` and `name`.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Name of the status, e.g. `On hold`, matched exactly (case and spaces count). Set exactly one of " +
			"`id` and `name`. When no status or several statuses have this name, the error lists the candidates.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One ticket status of the HappyFox account, looked up by `id` or by exact `name`. A name that " +
			"matches no status or several statuses is an error; to list every status, use `happyfox_statuses`.",
		Attributes: attrs,
	}
}

func (d *statusDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *statusDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *statusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg statusModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	statuses, ok := listSortedStatuses(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	label := func(s client.Status) string { return fmt.Sprintf("%q (id %d)", s.Name, s.ID) }
	var (
		found client.Status
		err   error
		attr  path.Path
	)
	if !cfg.ID.IsNull() {
		attr = path.Root("id")
		id := cfg.ID.ValueInt64()
		found, err = selectByID(statuses, id, func(s client.Status) int64 { return s.ID }, label, "status")
	} else {
		attr = path.Root("name")
		name := cfg.Name.ValueString()
		found, err = selectOne(statuses, func(s client.Status) bool { return s.Name == name }, label,
			"status", fmt.Sprintf("name %q", name))
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(attr, "No single HappyFox status matches", err.Error())
		return
	}
	out := toStatusModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
