package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
	stream.Results = func(push func(list.ListResult) bool) {
		e := newListEmitter(ctx, req, push)
		var cfg membershipListModel
		if d := req.Config.Get(ctx, &cfg); d.HasError() {
			e.fail(d)
			return
		}
		if r.data == nil {
			e.fail(notConfigured())
			return
		}
		gid := cfg.GroupID.ValueInt64()
		g, err := r.data.Client.GetContactGroup(ctx, gid)
		if err != nil {
			var d diag.Diagnostics
			addAPIError(&d, fmt.Sprintf("list the members of contact group %d", gid), err, nil)
			e.fail(d)
			return
		}
		for _, m := range g.Members {
			model := contactGroupMembershipModel{
				ID:            types.StringValue(membershipID(gid, m.ContactID)),
				GroupID:       types.Int64Value(gid),
				ContactID:     types.Int64Value(m.ContactID),
				AccessTickets: types.BoolValue(m.AccessTickets),
			}
			display := fmt.Sprintf("contact %d in %q", m.ContactID, g.Name)
			if m.Email != "" {
				display = fmt.Sprintf("%s in %q", m.Email, g.Name)
			}
			if !e.emit(display, map[string]int64{"group_id": gid, "contact_id": m.ContactID}, model, nil) {
				return
			}
		}
	}
}
