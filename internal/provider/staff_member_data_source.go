package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ datasource.DataSourceWithConfigure        = &staffMemberDataSource{}
	_ datasource.DataSourceWithConfigValidators = &staffMemberDataSource{}
)

// NewStaffMemberDataSource is the constructor of the happyfox_staff_member data source.
func NewStaffMemberDataSource() datasource.DataSource {
	return &staffMemberDataSource{dataSourceBase{typeSuffix: "_staff_member"}}
}

type staffMemberDataSource struct{ dataSourceBase }

// staffEmailPattern is a plausibility check only (one @, no spaces); HappyFox decides what a valid address is.
var staffEmailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

func (d *staffMemberDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := staffAttributes()
	attrs["id"] = schema.Int64Attribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Numeric id of the agent. Set exactly one of `id`, `name` and `email`.",
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Display name of the agent, matched exactly (case and spaces count). Set exactly one of `id`, " +
			"`name` and `email`. When no agent or several agents have this name, the error lists the candidates.",
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["email"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: "Email address of the agent, matched case-insensitively. Set exactly one of `id`, `name` and " +
			"`email`. The attribute then holds the address as HappyFox stores it.",
		Validators: []validator.String{stringvalidator.RegexMatches(staffEmailPattern, "must be an email address")},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One agent (staff member) of the HappyFox account, looked up by `id`, exact `name` or email " +
			"(case-insensitive). Use it to find the provider's `staff_id`. A selector that matches no agent or several " +
			"agents is an error that lists the candidates; to list every agent, use `happyfox_staff`.",
		Attributes: attrs,
	}
}

func (d *staffMemberDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		exactlyOneSelector{"id", "name", "email"},
	}
}

func (d *staffMemberDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg staffMemberModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	staff, ok := listSortedStaff(ctx, d.data, &resp.Diagnostics)
	if !ok {
		return
	}
	label := func(s client.Staff) string { return fmt.Sprintf("%q <%s> (id %d)", s.Name, s.Email, s.ID) }
	var (
		found client.Staff
		err   error
		attr  path.Path
	)
	switch {
	case !cfg.ID.IsNull():
		attr = path.Root("id")
		found, err = selectByID(staff, cfg.ID.ValueInt64(), func(s client.Staff) int64 { return s.ID }, label, "staff member")
	case !cfg.Email.IsNull():
		attr = path.Root("email")
		email := strings.TrimSpace(cfg.Email.ValueString())
		match := func(s client.Staff) bool { return strings.EqualFold(strings.TrimSpace(s.Email), email) }
		if !slices.ContainsFunc(staff, match) {
			err = fmt.Errorf("no staff member with email %q (compared case-insensitively) exists in HappyFox. Available: %s. "+
				"Check the address, or select by id or name", email, listLabels(staff, label))
			break
		}
		found, err = selectOne(staff, match, label, "staff member", fmt.Sprintf("email %q", email))
	default:
		attr = path.Root("name")
		name := cfg.Name.ValueString()
		found, err = selectOne(staff, func(s client.Staff) bool { return s.Name == name }, label,
			"staff member", fmt.Sprintf("name %q", name))
	}
	if err != nil {
		resp.Diagnostics.AddAttributeError(attr, "No single HappyFox agent matches", err.Error())
		return
	}
	out := toStaffMemberModel(found)
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
