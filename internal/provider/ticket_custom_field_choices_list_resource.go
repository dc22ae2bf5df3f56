package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
)

var _ list.ListResourceWithConfigure = &ticketCustomFieldChoicesResource{}

func (r *ticketCustomFieldChoicesResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the choices of every ticket custom field that has choices (dropdown and multiple choice " +
			"fields), with one request (`GET ticket_custom_fields/`, which carries the choices).",
		Attributes: map[string]listschema.Attribute{},
	}
}

func (r *ticketCustomFieldChoicesResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	stream.Results = func(push func(list.ListResult) bool) {
		e := newListEmitter(ctx, req, push)
		if r.data == nil {
			e.fail(notConfigured())
			return
		}
		fields, err := r.data.Client.ListTicketCustomFields(ctx)
		if err != nil {
			var d diag.Diagnostics
			addAPIError(&d, "list the ticket custom fields", err, nil)
			e.fail(d)
			return
		}
		for i := range fields {
			f := &fields[i]
			if !isChoiceField(*f) {
				continue
			}
			if !e.emit(f.Name, map[string]int64{"field_id": f.ID}, stateFromField(f), nil) {
				return
			}
		}
	}
}
