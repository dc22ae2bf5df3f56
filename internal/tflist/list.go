// Package tflist is the skeleton every list resource shares (Terraform 1.14 and later: list blocks in .tfquery.hcl
// files, terraform query): decode the list block's arguments, push each object as its page of HappyFox arrives, stop
// at the query's limit (Terraform's default is 100 per list block), and push a result that carries only an error
// when listing failed.
package tflist

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// Emitter pushes results up to the request's limit; emit reports whether to go on.
type Emitter struct {
	ctx   context.Context
	req   list.ListRequest
	push  func(list.ListResult) bool
	count int64
}

func NewEmitter(ctx context.Context, req list.ListRequest, push func(list.ListResult) bool) *Emitter {
	return &Emitter{ctx: ctx, req: req, push: push}
}

// Done reports whether the limit is reached (a limit of 0 or less means none).
func (e *Emitter) Done() bool { return e.req.Limit > 0 && e.count >= e.req.Limit }

// Emit pushes one object: its display name, identity attributes and, when asked for, the resource object
// model. It returns false when listing must stop.
func (e *Emitter) Emit(display string, identity map[string]int64, model any, diags diag.Diagnostics) bool {
	if e.Done() {
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
	return !r.Diagnostics.HasError() && !e.Done()
}

// Fail pushes a result that carries only an error.
func (e *Emitter) Fail(diags diag.Diagnostics) { e.push(list.ListResult{Diagnostics: diags}) }

// Stream sets stream.Results to the skeleton every list resource shares: it decodes the list block's
// arguments into C (nothing to decode when C is struct{}, a list resource without arguments), stops with an
// error when the provider is not configured, and then runs list, pushing a result that carries only list's error
// diagnostics when it returns some.
func Stream[C any](ctx context.Context, req list.ListRequest, stream *list.ListResultsStream, configured bool,
	run func(cfg C, e *Emitter) diag.Diagnostics) {
	stream.Results = func(push func(list.ListResult) bool) {
		e := NewEmitter(ctx, req, push)
		var cfg C
		if _, none := any(cfg).(struct{}); !none {
			if d := req.Config.Get(ctx, &cfg); d.HasError() {
				e.Fail(d)
				return
			}
		}
		if !configured {
			e.Fail(notConfigured())
			return
		}
		if d := run(cfg, e); d.HasError() {
			e.Fail(d)
		}
	}
}

// Object is one object to push (what emit takes).
type Object struct {
	Display  string
	Identity map[string]int64
	Model    any
	Diags    diag.Diagnostics
}

// EachOf returns a function that calls fn on each item in order and stops (false) when fn returns false: a page
// callback for the client's *Pages functions, or a call on a whole slice.
func EachOf[T any](fn func(item *T) bool) func([]T) bool {
	return func(items []T) bool {
		for i := range items {
			if !fn(&items[i]) {
				return false
			}
		}
		return true
	}
}

// EmitEach returns a function (see EachOf) that pushes one result for each item that object keeps (ok), in
// order, and reports whether to go on.
func EmitEach[T any](e *Emitter, object func(item *T) (o Object, ok bool)) func([]T) bool {
	return EachOf(func(item *T) bool {
		o, ok := object(item)
		return !ok || e.Emit(o.Display, o.Identity, o.Model, o.Diags)
	})
}

// notConfigured is the error of a list request that reached a resource without provider data.
func notConfigured() diag.Diagnostics {
	var d diag.Diagnostics
	d.AddError("Provider not configured", "The HappyFox provider was not configured before listing. This is a bug in the provider; please report it.")
	return d
}
