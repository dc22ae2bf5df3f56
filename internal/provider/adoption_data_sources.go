package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// Plural data sources for CLIs without `terraform query` (Terraform < 1.14, OpenTofu): each returns a map keyed
// by the object's id, shaped so that one `for_each` import block and one `for_each` resource adopt everything it
// returns (Terraform >= 1.7, OpenTofu >= 1.7). The objects carry the resource's arguments as the first read
// after an import would store them, so the generated configuration plans no change.

var (
	_ datasource.DataSourceWithConfigure = &contactGroupsDataSource{}
	_ datasource.DataSourceWithConfigure = &contactsDataSource{}
	_ datasource.DataSourceWithConfigure = &assetsDataSource{}
)

func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// ---------- happyfox_contact_groups ----------

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
				TaggedDomains: stringSetValue(g.TaggedDomains),
			}
		}
		return true
	})
}

// ---------- happyfox_contacts ----------

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
				if m.Email.isSet() {
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

// ---------- happyfox_assets ----------

// NewAssetsDataSource is the constructor of the happyfox_assets data source.
func NewAssetsDataSource() datasource.DataSource {
	return &assetsDataSource{dataSourceBase{typeSuffix: "_assets"}}
}

type assetsDataSource struct{ dataSourceBase }

type assetsItem struct {
	ID              types.Int64  `tfsdk:"id"`
	AssetTypeID     types.Int64  `tfsdk:"asset_type_id"`
	Name            types.String `tfsdk:"name"`
	DisplayID       types.String `tfsdk:"display_id"`
	ContactIDs      types.Set    `tfsdk:"contact_ids"`
	ContactGroupIDs types.Set    `tfsdk:"contact_group_ids"`
	CustomFields    types.Map    `tfsdk:"custom_fields"`
}

type assetsModel struct {
	AssetTypeID types.Int64           `tfsdk:"asset_type_id"`
	Assets      map[string]assetsItem `tfsdk:"assets"`
}

func (d *assetsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every asset of one asset type, read in pages of 50, as a map keyed by id: made for a `for_each` " +
			"import block that adopts them all (see the adoption guide). Each object holds the arguments of `happyfox_asset` " +
			"as an import reads them.",
		Attributes: map[string]schema.Attribute{
			"asset_type_id": schema.Int64Attribute{Required: true, MarkdownDescription: "Numeric id of the asset type (see `happyfox_asset_types`)."},
			"assets": keyedByID("The assets", map[string]schema.Attribute{
				"id":                schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of the asset."},
				"asset_type_id":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Numeric id of its asset type."},
				"name":              schema.StringAttribute{Computed: true, MarkdownDescription: "Name."},
				"display_id":        schema.StringAttribute{Computed: true, MarkdownDescription: "Display id (the asset's tag)."},
				"contact_ids":       schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids of the linked contacts."},
				"contact_group_ids": schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids of the linked contact groups."},
				"custom_fields":     importedCustomFields("happyfox_asset"),
			}),
		},
	}
}

func (d *assetsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readPlural(ctx, req, resp, func(cfg *assetsModel) bool {
		typeID := cfg.AssetTypeID.ValueInt64()
		r := &assetResource{data: d.data}
		cfg.Assets = map[string]assetsItem{}
		err := d.data.Client.AssetPages(ctx, typeID, eachOf(func(a *client.Asset) bool {
			m := r.toModel(a, assetModel{AssetTypeID: types.Int64Value(typeID)}, true)
			cfg.Assets[idKey(a.ID)] = assetsItem{
				ID: m.ID, AssetTypeID: m.AssetTypeID, Name: m.Name, DisplayID: m.DisplayID,
				ContactIDs: m.ContactIDs, ContactGroupIDs: m.ContactGroupIDs, CustomFields: m.CustomFields,
			}
			return true
		}))
		if err != nil {
			addAssetAPIError(&resp.Diagnostics, "list the assets", err)
			return false
		}
		return true
	})
}
