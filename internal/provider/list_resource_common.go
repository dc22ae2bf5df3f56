package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// List resources (Terraform >= 1.14: list blocks in .tfquery.hcl files, `terraform query`): each resource type
// also implements list.ListResource, so a listed object is built by the same toModel the resource's Read uses
// and the configuration `terraform query -generate-config-out` writes matches what the first refresh reads.
//
// Results are pushed as each page of HappyFox arrives, and listing stops at the query's limit (Terraform's
// default is 100 per list block: set limit to adopt more).

// ListResources registers the list resources (a ProviderWithListResources method, kept out of provider.go).
func (p *happyfoxProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		func() list.ListResource { return &contactGroupResource{} },
		func() list.ListResource { return &contactResource{} },
		func() list.ListResource { return &contactGroupMembershipResource{} },
		func() list.ListResource { return &assetResource{} },
		func() list.ListResource { return &ticketCustomFieldChoicesResource{} },
	}
}

// listEmitter pushes results up to the request's limit; emit reports whether to go on.
type listEmitter struct {
	ctx   context.Context
	req   list.ListRequest
	push  func(list.ListResult) bool
	count int64
}

func newListEmitter(ctx context.Context, req list.ListRequest, push func(list.ListResult) bool) *listEmitter {
	return &listEmitter{ctx: ctx, req: req, push: push}
}

// done reports whether the limit is reached (a limit of 0 or less means none).
func (e *listEmitter) done() bool { return e.req.Limit > 0 && e.count >= e.req.Limit }

// emit pushes one object: its display name, identity attributes and, when asked for, the resource object
// model. It returns false when listing must stop.
func (e *listEmitter) emit(display string, identity map[string]int64, model any, diags diag.Diagnostics) bool {
	if e.done() {
		return false
	}
	r := e.req.NewListResult(e.ctx)
	r.DisplayName = display
	r.Diagnostics.Append(diags...)
	for k, v := range identity {
		r.Diagnostics.Append(r.Identity.SetAttribute(e.ctx, path.Root(k), v)...)
	}
	if e.req.IncludeResource && !r.Diagnostics.HasError() {
		r.Diagnostics.Append(r.Resource.Set(e.ctx, model)...)
	}
	if !e.push(r) {
		return false
	}
	e.count++
	return !r.Diagnostics.HasError() && !e.done()
}

// fail pushes a result that carries only an error.
func (e *listEmitter) fail(diags diag.Diagnostics) { e.push(list.ListResult{Diagnostics: diags}) }

// notConfigured is the error of a list request that reached a resource without provider data.
func notConfigured() diag.Diagnostics {
	var d diag.Diagnostics
	d.AddError("Provider not configured", "The HappyFox provider was not configured before listing. This is a bug in the provider; please report it.")
	return d
}

var _ provider.ProviderWithListResources = &happyfoxProvider{}
