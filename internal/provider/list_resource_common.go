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

// streamList sets stream.Results to the skeleton every list resource shares: it decodes the list block's
// arguments into C (nothing to decode when C is struct{}, a list resource without arguments), stops with an
// error when the provider has no data, and then runs list, pushing a result that carries only list's error
// diagnostics when it returns some.
func streamList[C any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, data *providerData,
	run func(cfg C, e *listEmitter) diag.Diagnostics) {
	stream.Results = func(push func(list.ListResult) bool) {
		e := newListEmitter(ctx, req, push)
		var cfg C
		if _, none := any(cfg).(struct{}); !none {
			if d := req.Config.Get(ctx, &cfg); d.HasError() {
				e.fail(d)
				return
			}
		}
		if data == nil {
			e.fail(notConfigured())
			return
		}
		if d := run(cfg, e); d.HasError() {
			e.fail(d)
		}
	}
}

// listedObject is one object to push (what emit takes).
type listedObject struct {
	display  string
	identity map[string]int64
	model    any
	diags    diag.Diagnostics
}

// eachOf returns a function that calls fn on each item in order and stops (false) when fn returns false: a page
// callback for the client's *Pages functions, or a call on a whole slice.
func eachOf[T any](fn func(item *T) bool) func([]T) bool {
	return func(items []T) bool {
		for i := range items {
			if !fn(&items[i]) {
				return false
			}
		}
		return true
	}
}

// emitEach returns a function (see eachOf) that pushes one result for each item that object keeps (ok), in
// order, and reports whether to go on.
func emitEach[T any](e *listEmitter, object func(item *T) (o listedObject, ok bool)) func([]T) bool {
	return eachOf(func(item *T) bool {
		o, ok := object(item)
		return !ok || e.emit(o.display, o.identity, o.model, o.diags)
	})
}

// apiErrorDiags is the diagnostics addAPIError writes for what failed, to return from a streamList body.
func apiErrorDiags(what string, err error) diag.Diagnostics {
	var d diag.Diagnostics
	addAPIError(&d, what, err, nil)
	return d
}

// notConfigured is the error of a list request that reached a resource without provider data.
func notConfigured() diag.Diagnostics {
	var d diag.Diagnostics
	d.AddError("Provider not configured", "The HappyFox provider was not configured before listing. This is a bug in the provider; please report it.")
	return d
}

var _ provider.ProviderWithListResources = &happyfoxProvider{}
