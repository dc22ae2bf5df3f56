package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tflist"
)

var _ list.ListResourceWithConfigure = &contactGroupMembershipResource{}

type membershipListModel struct {
	GroupID types.Int64 `tfsdk:"group_id"`
}

func (r *contactGroupMembershipResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the members of one contact group with one request (`GET contact_group/<id>/`). Use " +
			"`for_each` on the list block (over `happyfox_contact_groups`, or a list of ids) to list several groups.",
		Attributes: map[string]listschema.Attribute{
			"group_id": listschema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Numeric id of the contact group.",
			},
		},
	}
}

func (r *contactGroupMembershipResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	tflist.Stream(ctx, req, stream, r.data != nil, func(cfg membershipListModel, e *tflist.Emitter) diag.Diagnostics {
		gid := cfg.GroupID.ValueInt64()
		g, err := r.data.Client.GetContactGroup(ctx, gid)
		if err == nil {
			err = r.data.Client.ResolveMemberAccess(ctx, g) // members may not show their ticket access (§2.8)
		}
		if err != nil {
			return apiErrorDiags(fmt.Sprintf("list the members of contact group %d", gid), err)
		}
		tflist.EmitEach(e, func(m *client.GroupMember) (tflist.Object, bool) {
			model := contactGroupMembershipModel{
				ID:            types.StringValue(membershipID(gid, m.ContactID)),
				GroupID:       types.Int64Value(gid),
				ContactID:     types.Int64Value(m.ContactID),
				AccessTickets: types.BoolValue(m.AccessTickets),
			}
			if !m.AccessShown {
				model.AccessTickets = unknownAccess(m.ContactID)
			}
			display := fmt.Sprintf("contact %d in %q", m.ContactID, g.Name)
			if m.Email != "" {
				display = fmt.Sprintf("%s in %q", m.Email, g.Name)
			}
			return tflist.Object{Display: display, Identity: map[string]int64{"group_id": gid, "contact_id": m.ContactID}, Model: model}, true
		})(g.Members)
		return nil
	})
}
