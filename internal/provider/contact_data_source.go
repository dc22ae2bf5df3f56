package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ datasource.DataSourceWithConfigure        = &contactDataSource{}
	_ datasource.DataSourceWithConfigValidators = &contactDataSource{}
)

// NewContactDataSource is the constructor of the happyfox_contact data source.
func NewContactDataSource() datasource.DataSource {
	return &contactDataSource{dataSourceBase{typeSuffix: "_contact"}}
}

type contactDataSource struct{ dataSourceBase }

type contactDataModel struct {
	ID             types.Int64  `tfsdk:"id"`
	Email          types.String `tfsdk:"email"`
	Name           types.String `tfsdk:"name"`
	Phones         types.List   `tfsdk:"phones"`
	IsLoginEnabled types.Bool   `tfsdk:"is_login_enabled"`
	CustomFields   types.Map    `tfsdk:"custom_fields"`
	ContactGroups  types.List   `tfsdk:"contact_groups"`
	CreatedAt      types.String `tfsdk:"created_at"`
	UpdatedAt      types.String `tfsdk:"updated_at"`
}

var contactGroupRefType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"id":             types.Int64Type,
	"name":           types.StringType,
	"access_tickets": types.BoolType,
}}

func (d *contactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one HappyFox contact by id or by e-mail address (exact match, ignoring case). Fails when " +
			"no contact matches.",
		Attributes: map[string]schema.Attribute{
			"id": schema.Int64Attribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Numeric id of the contact. Exactly one of `id` and `email` must be set.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"email": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "E-mail address of the contact, matched exactly but ignoring case. Exactly one of `id` and `email` must be set.",
				Validators:          []validator.String{tfvalidate.Email{}},
			},
			"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Full name of the contact."},
			"phones": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Phone numbers of the contact, in HappyFox's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         schema.Int64Attribute{Computed: true, MarkdownDescription: "HappyFox id of the phone."},
					"type":       schema.StringAttribute{Computed: true, MarkdownDescription: "`mo` (mobile), `w` (work), `m` (main), `h` (home) or `o` (other)."},
					"number":     schema.StringAttribute{Computed: true, MarkdownDescription: "The number as stored in HappyFox."},
					"is_primary": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether this is the primary phone."},
				}},
			},
			"is_login_enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the contact may log in to the support portal."},
			"custom_fields": schema.MapAttribute{
				ElementType: types.StringType, Computed: true,
				MarkdownDescription: "Custom fields that have a value, keyed by field id, encoded as in `happyfox_contact` " +
					"(choice ids for choice fields, comma-joined choice ids for multiple-choice fields).",
			},
			"contact_groups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Contact groups the contact belongs to.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":             schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the group."},
					"name":           schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the group."},
					"access_tickets": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the contact sees every ticket of the group."},
				}},
			},
			"created_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Creation time, `YYYY-MM-DD HH:MM:SS` UTC."},
			"updated_at": schema.StringAttribute{Computed: true, MarkdownDescription: "Last change, `YYYY-MM-DD HH:MM:SS` UTC; null if never."},
		},
	}
}

func (d *contactDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{exactlyOneSelector{"id", "email"}}
}

func (d *contactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg contactDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c := d.data.Client
	var ct *client.Contact
	var err error
	if !cfg.ID.IsNull() {
		ct, err = c.GetContact(ctx, cfg.ID.ValueInt64())
		if client.IsNotFound(err) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Contact not found",
				fmt.Sprintf("HappyFox has no contact with id %d.", cfg.ID.ValueInt64()))
			return
		}
	} else {
		email := strings.TrimSpace(cfg.Email.ValueString())
		ct, err = c.LookupContactByEmail(ctx, email)
		if err == nil && ct == nil {
			resp.Diagnostics.AddAttributeError(path.Root("email"), "Contact not found",
				fmt.Sprintf("No HappyFox contact has the e-mail %q (compared ignoring case). Check the address, or look the contact up by id.", email))
			return
		}
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read the contact", err, nil)
		return
	}
	out := contactDataModel{
		ID:             types.Int64Value(ct.ID),
		Email:          types.StringValue(ct.Email),
		Name:           types.StringValue(ct.Name),
		IsLoginEnabled: types.BoolPointerValue(ct.IsLoginEnabled),
		CreatedAt:      nullIfEmpty(ct.CreatedAt),
		UpdatedAt:      nullIfEmpty(ct.UpdatedAt),
	}
	switch {
	case !cfg.Email.IsNull() && client.SameEmail(cfg.Email.ValueString(), ct.Email):
		out.Email = cfg.Email // keep the configured spelling
	case ct.Email == "":
		out.Email = types.StringNull()
	}
	var d2 diag.Diagnostics
	out.Phones, d2 = phonesValue(phonesFromRemote(ct.Phones, nil))
	resp.Diagnostics.Append(d2...)
	out.CustomFields = contactFieldValues(ctx, ct, &fieldDefs{c: c}, &resp.Diagnostics)
	groups := make([]attr.Value, 0, len(ct.Groups))
	for _, g := range ct.Groups {
		groups = append(groups, types.ObjectValueMust(contactGroupRefType.AttrTypes, map[string]attr.Value{
			"id": types.Int64Value(g.ID), "name": types.StringValue(g.Name), "access_tickets": types.BoolValue(g.AccessAllTickets),
		}))
	}
	out.ContactGroups = types.ListValueMust(contactGroupRefType, groups)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}

// contactFieldValues renders every custom field of the contact that has a value.
func contactFieldValues(ctx context.Context, ct *client.Contact, defs *fieldDefs, diags *diag.Diagnostics) types.Map {
	out := map[string]string{}
	for _, v := range ct.CustomFields {
		s, err := defs.remoteFieldString(ctx, v)
		if err != nil {
			diags.AddError("Could not read a contact custom field", err.Error())
			continue
		}
		if s != "" {
			out[strconv.FormatInt(v.ID, 10)] = s
		}
	}
	return types.MapValueMust(types.StringType, tfvalue.StringValues(out))
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
