package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var _ datasource.DataSourceWithConfigure = &contactsDataSource{}

// NewContactsDataSource is the constructor of the happyfox_contacts data source.
func NewContactsDataSource() datasource.DataSource {
	return &contactsDataSource{dataSourceBase{typeSuffix: "_contacts"}}
}

type contactsDataSource struct{ dataSourceBase }

type contactsPhone struct {
	Type      types.String `tfsdk:"type"`
	Number    types.String `tfsdk:"number"`
	IsPrimary types.Bool   `tfsdk:"is_primary"`
}

type contactsItem struct {
	ID             types.Int64     `tfsdk:"id"`
	Name           types.String    `tfsdk:"name"`
	Email          types.String    `tfsdk:"email"`
	IsLoginEnabled types.Bool      `tfsdk:"is_login_enabled"`
	Phones         []contactsPhone `tfsdk:"phones"`
	CustomFields   types.Map       `tfsdk:"custom_fields"`
}

type contactsModel struct {
	Search      types.String            `tfsdk:"search"`
	EmailDomain types.String            `tfsdk:"email_domain"`
	Contacts    map[string]contactsItem `tfsdk:"contacts"`
}

func (d *contactsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Contacts found by HappyFox's search (or every contact), read in pages of 50, as a map keyed by id: " +
			"made for a `for_each` import block that adopts them all (see the adoption guide). Each object holds the " +
			"arguments of `happyfox_contact` as an import reads them, custom fields included.",
		Attributes: map[string]schema.Attribute{
			"search": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "HappyFox's contact search (`q`): `field:value` terms separated by spaces, all of which must " +
					"match (`name`, `email`, `phone`, `updated_since`, `created_since`), e.g. `name:adam`. Default: every contact.",
			},
			"email_domain": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only contacts whose e-mail address is at this domain, e.g. `example.com` (filtered by the provider).",
			},
			"contacts": keyedByID("The contacts", map[string]schema.Attribute{
				"id":               schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the contact."},
				"name":             schema.StringAttribute{Computed: true, MarkdownDescription: "Name."},
				"email":            schema.StringAttribute{Computed: true, MarkdownDescription: "E-mail address (null for a phone-only contact)."},
				"is_login_enabled": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the contact can log in to the support portal."},
				"phones": schema.ListNestedAttribute{
					Computed:            true,
					MarkdownDescription: "Phones, as `happyfox_contact.phones` takes them.",
					NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
						"type":       schema.StringAttribute{Computed: true, MarkdownDescription: "Type code (`mo`, `w`, `m`, `h`, `o`)."},
						"number":     schema.StringAttribute{Computed: true, MarkdownDescription: "Number."},
						"is_primary": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is the primary phone."},
					}},
				},
				"custom_fields": importedCustomFields("happyfox_contact"),
			}),
		},
	}
}

func (d *contactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *contactsModel) bool {
		domain := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(cfg.EmailDomain.ValueString()), "@"))
		r := &contactResource{data: d.data}
		defs := &fieldDefs{c: d.data.Client}
		cfg.Contacts = map[string]contactsItem{}
		err := d.data.Client.ContactPages(ctx, strings.TrimSpace(cfg.Search.ValueString()), func(page []client.Contact) bool {
			for i := range page {
				c := &page[i]
				if domain != "" && !strings.HasSuffix(strings.ToLower(c.Email), "@"+domain) {
					continue
				}
				m := r.toModel(ctx, c, contactModel{}, true, defs, &resp.Diagnostics)
				item := contactsItem{
					ID: m.ID, Name: m.Name, Email: types.StringNull(), IsLoginEnabled: m.IsLoginEnabled,
					Phones: []contactsPhone{}, CustomFields: m.CustomFields,
				}
				if m.Email.IsSet() {
					item.Email = types.StringValue(m.Email.ValueString())
				}
				for _, p := range phonesOf(ctx, m.Phones, &resp.Diagnostics) {
					item.Phones = append(item.Phones, contactsPhone{Type: p.Type, Number: p.Number, IsPrimary: p.IsPrimary})
				}
				cfg.Contacts[idKey(c.ID)] = item
			}
			return !resp.Diagnostics.HasError()
		})
		if err != nil {
			addAPIError(&resp.Diagnostics, "list the contacts", err, nil)
			return false
		}
		return true
	})
}
