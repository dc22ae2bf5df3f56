package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tflist"
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
	tflist.Stream(ctx, req, stream, r.data != nil, func(_ struct{}, e *tflist.Emitter) diag.Diagnostics {
		fields, err := r.data.Client.ListTicketCustomFields(ctx)
		if err != nil {
			return apiErrorDiags("list the ticket custom fields", err)
		}
		tflist.EmitEach(e, func(f *client.TicketCustomField) (tflist.Object, bool) {
			if !isChoiceField(*f) {
				return tflist.Object{}, false
			}
			return tflist.Object{Display: f.Name, Identity: map[string]int64{"field_id": f.ID}, Model: stateFromField(f)}, true
		})(fields)
		return nil
	})
}
