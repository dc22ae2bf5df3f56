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

var _ list.ListResourceWithConfigure = &contactGroupResource{}

type contactGroupListModel struct {
	NameContains types.String `tfsdk:"name_contains"`
}

func (r *contactGroupResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the contact groups of the account with one request (`GET contact_groups/`). The listed " +
			"groups leave `contacts` out, so the configuration generated from them does not manage members (adopt " +
			"members with `happyfox_contact_group_membership`, listed per group).",
		Attributes: map[string]listschema.Attribute{
			"name_contains": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only groups whose name contains this text (case-insensitive).",
			},
		},
	}
}

func (r *contactGroupResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	tflist.Stream(ctx, req, stream, r.data != nil, func(cfg contactGroupListModel, e *tflist.Emitter) diag.Diagnostics {
		groups, err := r.data.Client.ListContactGroups(ctx)
		if err != nil {
			return apiErrorDiags("list the contact groups", err)
		}
		want := strings.ToLower(cfg.NameContains.ValueString())
		tflist.EmitEach(e, func(g *client.ContactGroup) (tflist.Object, bool) {
			if want != "" && !strings.Contains(strings.ToLower(g.Name), want) {
				return tflist.Object{}, false
			}
			m := r.toModel(g, contactGroupModel{Name: types.StringNull()})
			// The list has no members (§2.8): leave contacts out, so members are not managed.
			m.Contacts = types.SetNull(groupMemberObjectType)
			return tflist.Object{Display: g.Name, Identity: map[string]int64{"id": g.ID}, Model: m}, true
		})(groups)
		return nil
	})
}
