package provider

import (
	"cmp"
	"context"
	"regexp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var _ datasource.DataSourceWithConfigure = &staffDataSource{}

// NewStaffDataSource is the constructor of the happyfox_staff data source.
func NewStaffDataSource() datasource.DataSource {
	return &staffDataSource{dataSourceBase{typeSuffix: "_staff"}}
}

type staffDataSource struct{ dataSourceBase }

type staffMemberModel struct {
	ID             types.Int64  `tfsdk:"id"`
	Name           types.String `tfsdk:"name"`
	Email          types.String `tfsdk:"email"`
	Active         types.Bool   `tfsdk:"active"`
	IsAccountAdmin types.Bool   `tfsdk:"is_account_admin"`
	RoleID         types.Int64  `tfsdk:"role_id"`
	RoleName       types.String `tfsdk:"role_name"`
	CategoryIDs    types.Set    `tfsdk:"category_ids"`
	Permissions    types.Set    `tfsdk:"permissions"`
}

type staffModel struct {
	ActiveOnly types.Bool         `tfsdk:"active_only"`
	Permission types.String       `tfsdk:"permission"`
	Staff      []staffMemberModel `tfsdk:"staff"`
}

// HappyFox permissions are snake_case names such as manage_assets (docs/dev/happyfox-api.md §5, H). The list is open
// ended, so the filter checks the form, not the name.
var permissionPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// staffAttributes describes one agent; shared by happyfox_staff and happyfox_staff_member.
func staffAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the agent, as used by the provider's `staff_id`."},
		"name":  schema.StringAttribute{Computed: true, MarkdownDescription: "Display name of the agent."},
		"email": schema.StringAttribute{Computed: true, MarkdownDescription: "Email address of the agent, as HappyFox stores it."},
		"active": schema.BoolAttribute{Computed: true,
			MarkdownDescription: "Whether the agent is active. Writes that name an agent (such as asset `created_by`) need an active one."},
		"is_account_admin": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the agent is an account administrator."},
		"role_id":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the agent's role."},
		"role_name":        schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the agent's role, e.g. `Administrator`."},
		"category_ids": schema.SetAttribute{Computed: true, ElementType: types.Int64Type,
			MarkdownDescription: "Ids of the ticket categories the agent belongs to."},
		"permissions": schema.SetAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "Permissions of the agent as snake_case names, e.g. `manage_assets`, `manage_contact_groups`."},
	}
}

func (d *staffDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every agent (staff member) of the HappyFox account, sorted by `id`, optionally only the active ones " +
			"or those holding a permission. For a single agent by id, name or email, use `happyfox_staff_member`.",
		Attributes: map[string]schema.Attribute{
			"active_only": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Return only active agents. Defaults to `false` (active and inactive agents).",
			},
			"permission": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Return only the agents holding this permission, a snake_case name such as `manage_assets`. " +
					"Combine with `active_only` to find agents that may make asset writes.",
				Validators: []validator.String{stringvalidator.RegexMatches(permissionPattern,
					"must be a HappyFox permission name in snake_case, e.g. \"manage_assets\"")},
			},
			"staff": computedList("The agents, sorted by `id`.", staffAttributes()),
		},
	}
}

func (d *staffDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *staffModel) bool {
		staff, ok := listSortedStaff(ctx, d.data, &resp.Diagnostics)
		if !ok {
			return false
		}
		cfg.Staff = make([]staffMemberModel, 0, len(staff))
		for _, s := range staff {
			if cfg.ActiveOnly.ValueBool() && !s.Active {
				continue
			}
			if !cfg.Permission.IsNull() && !slices.Contains(s.Permissions, cfg.Permission.ValueString()) {
				continue
			}
			cfg.Staff = append(cfg.Staff, toStaffMemberModel(s))
		}
		return true
	})
}

// listSortedStaff returns the agents sorted by id, fetched once per provider instance (the client memoizes the
// list).
func listSortedStaff(ctx context.Context, data *providerData, diags *diag.Diagnostics) ([]client.Staff, bool) {
	staff, err := data.Client.ListStaff(ctx)
	return sortedList(staff, err, "list the HappyFox agents (staff)", func(a, b client.Staff) int { return cmp.Compare(a.ID, b.ID) }, diags)
}

func toStaffMemberModel(s client.Staff) staffMemberModel {
	return staffMemberModel{
		ID:             types.Int64Value(s.ID),
		Name:           types.StringValue(s.Name),
		Email:          types.StringValue(s.Email),
		Active:         types.BoolValue(s.Active),
		IsAccountAdmin: types.BoolValue(s.IsAccountAdmin),
		RoleID:         types.Int64Value(s.RoleID),
		RoleName:       types.StringValue(s.RoleName),
		CategoryIDs:    tfvalue.Int64SetValue(s.CategoryIDs),
		Permissions:    tfvalue.StringSetValue(s.Permissions),
	}
}
