package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tflist"
)

var _ list.ListResourceWithConfigure = &contactResource{}

type contactListModel struct {
	Search         types.String `tfsdk:"search"`
	EmailDomain    types.String `tfsdk:"email_domain"`
	ContactGroupID types.Int64  `tfsdk:"contact_group_id"`
}

func (r *contactResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists contacts page by page (`GET users/`, 50 a page; each page carries the whole contact, " +
			"so no contact is fetched on its own). Take a big account in slices with `search`, `email_domain` or " +
			"`contact_group_id`, and raise the list block's `limit` (Terraform's default is 100).",
		Attributes: map[string]listschema.Attribute{
			"search": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "HappyFox's contact search (`q`): `field:value` terms separated by spaces, all of which " +
					"must match; the fields are `name`, `email`, `phone`, `updated_since` and `created_since`, e.g. " +
					"`name:adam`. HappyFox filters, so only matching contacts are fetched.",
			},
			"email_domain": listschema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Only contacts whose e-mail address is at this domain, e.g. `example.com` (case-insensitive; " +
					"filtered by the provider, since HappyFox's `email:` search matches whole addresses only).",
			},
			"contact_group_id": listschema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Only members of this contact group (filtered by the provider from each contact's groups).",
			},
		},
	}
}

func (r *contactResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	tflist.Stream(ctx, req, stream, r.data != nil, func(cfg contactListModel, e *tflist.Emitter) diag.Diagnostics {
		domain := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(cfg.EmailDomain.ValueString()), "@"))
		keep := func(c *client.Contact) bool {
			if domain != "" && !strings.HasSuffix(strings.ToLower(c.Email), "@"+domain) {
				return false
			}
			if !cfg.ContactGroupID.IsNull() {
				in := false
				for _, g := range c.Groups {
					in = in || g.ID == cfg.ContactGroupID.ValueInt64()
				}
				return in
			}
			return true
		}
		defs := &fieldDefs{c: r.data.Client}
		err := r.data.Client.ContactPages(ctx, strings.TrimSpace(cfg.Search.ValueString()), tflist.EmitEach(e, func(c *client.Contact) (tflist.Object, bool) {
			if !keep(c) {
				return tflist.Object{}, false
			}
			var d diag.Diagnostics
			var m contactModel
			if req.IncludeResource {
				// As the first read after an import does: every custom field with a value is taken over.
				m = r.toModel(ctx, c, contactModel{}, true, defs, &d)
			}
			name := c.Name
			if c.Email != "" {
				name += " <" + c.Email + ">"
			}
			return tflist.Object{Display: name, Identity: map[string]int64{"id": c.ID}, Model: &m, Diags: d}, true
		}))
		if err != nil {
			return apiErrorDiags("list the contacts", err)
		}
		return nil
	})
}
