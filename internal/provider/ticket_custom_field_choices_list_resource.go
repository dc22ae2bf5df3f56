package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
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
	streamList(ctx, req, stream, r.data, func(_ struct{}, e *listEmitter) diag.Diagnostics {
		fields, err := r.data.Client.ListTicketCustomFields(ctx)
		if err != nil {
			return apiErrorDiags("list the ticket custom fields", err)
		}
		emitEach(e, func(f *client.TicketCustomField) (listedObject, bool) {
			if !isChoiceField(*f) {
				return listedObject{}, false
			}
			return listedObject{display: f.Name, identity: map[string]int64{"field_id": f.ID}, model: stateFromField(f)}, true
		})(fields)
		return nil
	})
}
