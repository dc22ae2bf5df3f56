package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ datasource.DataSourceWithConfigure        = &contactGroupDataSource{}
	_ datasource.DataSourceWithConfigValidators = &contactGroupDataSource{}
)

// NewContactGroupDataSource is the constructor of the happyfox_contact_group data source.
func NewContactGroupDataSource() datasource.DataSource {
	return &contactGroupDataSource{dataSourceBase{typeSuffix: "_contact_group"}}
}

type contactGroupDataSource struct{ dataSourceBase }

type contactGroupDataModel struct {
	ID            types.Int64  `tfsdk:"id"`
	Name          types.String `tfsdk:"name"`
	Description   types.String `tfsdk:"description"`
	TaggedDomains types.Set    `tfsdk:"tagged_domains"`
	Contacts      types.Set    `tfsdk:"contacts"`
}

func (d *contactGroupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one HappyFox contact group by id or by exact name, with its members. A name that matches no " +
			"group, or several, is an error that lists the candidates.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Numeric id of the group. Exactly one of `id` and `name` must be set.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"name": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Exact name of the group (case-sensitive). Exactly one of `id` and `name` must be set.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"description":    schema.StringAttribute{Computed: true, MarkdownDescription: "Description of the group (`\"\"` when none)."},
			"tagged_domains": schema.SetAttribute{ElementType: types.StringType, Computed: true, MarkdownDescription: "E-mail domains tagged to the group."},
			"contacts": schema.SetNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Members of the group.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"contact_id":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the contact."},
					"access_tickets": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the contact sees every ticket of the group."},
				}},
			},
		},
	}
}

func (d *contactGroupDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return idOrNameValidators()
}

func (d *contactGroupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg contactGroupDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.Client
	id := cfg.ID.ValueInt64()
	if cfg.ID.IsNull() {
		groups, err := c.ListContactGroups(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the contact groups", err, nil)
			return
		}
		name := cfg.Name.ValueString()
		g, err := selectOne(groups, func(g client.ContactGroup) bool { return g.Name == name },
			func(g client.ContactGroup) string { return fmt.Sprintf("%q (id %d)", g.Name, g.ID) },
			"contact group", fmt.Sprintf("name %q", name))
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name"), "No single contact group matches", err.Error())
			return
		}
		id = g.ID
	}
	g, err := c.GetContactGroup(ctx, id)
	if err == nil {
		err = c.ResolveMemberAccess(ctx, g) // members may not show their ticket access (§2.8)
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Contact group not found", fmt.Sprintf("HappyFox has no contact group with id %d.", id))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact group", err, nil)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &contactGroupDataModel{
		ID:            types.Int64Value(g.ID),
		Name:          types.StringValue(g.Name),
		Description:   types.StringValue(g.Description),
		TaggedDomains: tfvalue.StringSetValue(g.TaggedDomains),
		Contacts:      membersValue(g.Members, unknownAccess),
	})...)
}
