package provider

import (
	"cmp"
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var _ datasource.DataSourceWithConfigure = &statusesDataSource{}

// NewStatusesDataSource is the constructor of the happyfox_statuses data source.
func NewStatusesDataSource() datasource.DataSource {
	return &statusesDataSource{dataSourceBase{typeSuffix: "_statuses"}}
}

type statusesDataSource struct{ dataSourceBase }

type statusModel struct {
	ID       types.Int64  `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Color    types.String `tfsdk:"color"`
	Order    types.Int64  `tfsdk:"order"`
	Default  types.Bool   `tfsdk:"default"`
	Behavior types.String `tfsdk:"behavior"`
}

type statusesModel struct {
	Behavior types.String  `tfsdk:"behavior"`
	Statuses []statusModel `tfsdk:"statuses"`
}

// statusBehaviors are the values of a status's behavior (docs/dev/happyfox-api.md §5, H).
var statusBehaviors = []string{"pending", "completed"}

// statusAttributes describes one status; shared by happyfox_statuses and happyfox_status.
func statusAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":       schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the status."},
		"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the status, e.g. `On hold`."},
		"color":    schema.StringAttribute{Computed: true, MarkdownDescription: "Colour as six hexadecimal digits without `#`, e.g. `DF3F3F`."},
		"order":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Position of the status in HappyFox's status list."},
		"default":  schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether new tickets get this status."},
		"behavior": schema.StringAttribute{Computed: true, MarkdownDescription: "`pending` for open statuses, `completed` for statuses that close a ticket."},
	}
}

func (d *statusesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every ticket status of the HappyFox account, sorted by `order`. Use it to look up status ids by " +
			"name in HCL; for a single status by name or id, use `happyfox_status`.",
		Attributes: map[string]schema.Attribute{
			"behavior": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Return only the statuses with this behavior: `pending` (open statuses) or `completed` " +
					"(statuses that close a ticket). By default every status is returned.",
				Validators: []validator.String{stringvalidator.OneOf(statusBehaviors...)},
			},
			"statuses": computedList("The statuses, sorted by `order`, then `id`.", statusAttributes()),
		},
	}
}

func (d *statusesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *statusesModel) bool {
		statuses, ok := listSortedStatuses(ctx, d.data, &resp.Diagnostics)
		if !ok {
			return false
		}
		cfg.Statuses = make([]statusModel, 0, len(statuses))
		for _, s := range statuses {
			if !cfg.Behavior.IsNull() && s.Behavior != cfg.Behavior.ValueString() {
				continue
			}
			cfg.Statuses = append(cfg.Statuses, toStatusModel(s))
		}
		return true
	})
}

// listSortedStatuses returns the statuses sorted by order, then id (HappyFox does not sort them, §5). The list
// is fetched once per provider instance (the client memoizes it).
func listSortedStatuses(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]client.Status, bool) {
	statuses, err := data.Client.ListStatuses(ctx)
	return sortedList(statuses, err, "list the HappyFox statuses", func(a, b client.Status) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID))
	}, diags)
}

func toStatusModel(s client.Status) statusModel {
	return statusModel{
		ID:       types.Int64Value(s.ID),
		Name:     types.StringValue(s.Name),
		Color:    types.StringValue(s.Color),
		Order:    types.Int64Value(s.Order),
		Default:  types.BoolValue(s.Default),
		Behavior: types.StringValue(s.Behavior),
	}
}
