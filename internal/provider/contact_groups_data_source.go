package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var _ datasource.DataSourceWithConfigure = &contactGroupsDataSource{}

// NewContactGroupsDataSource is the constructor of the happyfox_contact_groups data source.
func NewContactGroupsDataSource() datasource.DataSource {
	return &contactGroupsDataSource{dataSourceBase{typeSuffix: "_contact_groups"}}
}

type contactGroupsDataSource struct{ dataSourceBase }

type contactGroupsItem struct {
	ID            types.Int64  `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Description   types.String `tfsdk:"description"`
	TaggedDomains types.Set    `tfsdk:"tagged_domains"`
}

type contactGroupsModel struct {
	NameContains types.String                 `tfsdk:"name_contains"`
	Groups       map[string]contactGroupsItem `tfsdk:"groups"`
}

func (d *contactGroupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every contact group of the account (one request), as a map keyed by id: made for a `for_each` " +
			"import block that adopts them all (see the adoption guide). Members are not included (HappyFox's group list " +
			"has none).",
		Attributes: map[string]schema.Attribute{
			"name_contains": schema.StringAttribute{Optional: true, MarkdownDescription: "Only groups whose name contains this text (case-insensitive)."},
			"groups": keyedByID("The groups", map[string]schema.Attribute{
				"id":             schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the group."},
				"name":           schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the group."},
				"description":    schema.StringAttribute{Computed: true, MarkdownDescription: "Description (`\"\"` when none)."},
				"tagged_domains": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Tagged e-mail domains."},
			}),
		},
	}
}

func (d *contactGroupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *contactGroupsModel) bool {
		groups, err := d.data.Client.ListContactGroups(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the contact groups", err, nil)
			return false
		}
		want := strings.ToLower(cfg.NameContains.ValueString())
		cfg.Groups = map[string]contactGroupsItem{}
		for _, g := range groups {
			if want != "" && !strings.Contains(strings.ToLower(g.Name), want) {
				continue
			}
			cfg.Groups[idKey(g.ID)] = contactGroupsItem{
				ID: types.Int64Value(g.ID), Name: types.StringValue(g.Name), Description: types.StringValue(g.Description),
				TaggedDomains: tfvalue.StringSetValue(g.TaggedDomains),
			}
		}
		return true
	})
}
