package provider

// Lookups: selecting one object by id or by exact name (never "the first match"), the id-or-name
// selectors of the single-object data sources, and finding a contact by e-mail.

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// maxListedCandidates bounds how many candidates an error message lists.
const maxListedCandidates = 20

// selectOne returns the single item that matches. Zero or several matches are errors that list candidates, so
// that a lookup by name never silently picks "the first match". what names the kind ("status"), criterion
// describes the selector (`name "On hold"`), and label renders an item for the message (e.g. `"On hold" (id 2)`).
func selectOne[T any](items []T, match func(T) bool, label func(T) string, what, criterion string) (T, error) {
	var zero T
	var matched []T
	for _, it := range items {
		if match(it) {
			matched = append(matched, it)
		}
	}
	switch len(matched) {
	case 1:
		return matched[0], nil
	case 0:
		return zero, fmt.Errorf("no %s with %s exists in HappyFox. Available: %s. Matching is exact; check spelling and case, or select by id",
			what, criterion, listLabels(items, label))
	default:
		return zero, fmt.Errorf("%s is ambiguous: %d HappyFox %s objects match it: %s. Select by id to choose one",
			criterion, len(matched), what, listLabels(matched, label))
	}
}

func listLabels[T any](items []T, label func(T) string) string {
	if len(items) == 0 {
		return "none"
	}
	var b strings.Builder
	for i, it := range items {
		if i == maxListedCandidates {
			fmt.Fprintf(&b, ", … and %d more", len(items)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(label(it))
	}
	return b.String()
}

// selectByID returns the item with the given id, or an error listing the ids that exist. It serves the id
// selector of happyfox_category, happyfox_staff_member and happyfox_status; name lookups use selectOne.
func selectByID[T any](items []T, id int64, idOf func(T) int64, label func(T) string, what string) (T, error) {
	for _, it := range items {
		if idOf(it) == id {
			return it, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("no %s with id %d exists in HappyFox. Available: %s. Check the id, or select by name", what, id,
		listLabels(items, label))
}

// Single-object data sources (happyfox_category, happyfox_status, happyfox_asset_type, happyfox_contact_group,
// happyfox_ticket_custom_field) select one object by `id` or by exact `name`. What they share:
// the two selector attributes, the exactly-one-of rule, and the lookup that never picks "the first match".

// withIDOrNameSelectors adds the `id` and `name` selectors to attrs, which describe one object of kind what
// (e.g. "status"); example is a realistic name for the docs.
func withIDOrNameSelectors(attrs map[string]schema.Attribute, what, example string) map[string]schema.Attribute {
	attrs["id"] = schema.Int64Attribute{
		Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("Numeric id of the %s. Set exactly one of `id` and `name`; when `name` is set, "+
			"this is the id of the %s found.", what, what),
		Validators: []validator.Int64{int64validator.AtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional: true, Computed: true,
		MarkdownDescription: fmt.Sprintf("Name of the %s, e.g. `%s`, matched exactly (case and spaces count). Set exactly "+
			"one of `id` and `name`. When no %s or several have this name, the error lists the candidates; select by "+
			"`id` then.", what, example, what),
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	return attrs
}

// idOrNameValidators is the ConfigValidators result of every id-or-name data source.
func idOrNameValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{exactlyOneSelector{"id", "name"}}
}

// exactlyOneSelector requires exactly one of its top-level attributes. Unlike datasourcevalidator.ExactlyOneOf,
// whose "none set" error has no attribute, each error is on an attribute: a second selector is reported on
// itself, a missing one on the first selector. Unknown selectors (from another resource) are decided at apply.
type exactlyOneSelector []string

func (s exactlyOneSelector) Description(context.Context) string {
	return "exactly one of " + s.list() + " must be set"
}

func (s exactlyOneSelector) MarkdownDescription(ctx context.Context) string {
	return s.Description(ctx)
}

func (s exactlyOneSelector) list() string {
	quoted := make([]string, len(s))
	for i, a := range s {
		quoted[i] = "`" + a + "`"
	}
	return strings.Join(quoted, ", ")
}

func (s exactlyOneSelector) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var set []string
	for _, a := range s {
		var v attr.Value
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(a), &v)...)
		if v == nil || v.IsUnknown() {
			if v != nil {
				return
			}
			continue
		}
		if !v.IsNull() {
			set = append(set, a)
		}
	}
	switch {
	case len(set) > 1:
		resp.Diagnostics.AddAttributeError(path.Root(set[1]), "Conflicting selectors",
			fmt.Sprintf("%s and %s are both set, but this data source selects by exactly one of %s: remove one of them.", set[0], set[1], s.list()))
	case len(set) == 0:
		resp.Diagnostics.AddAttributeError(path.Root(s[0]), "Missing selector",
			fmt.Sprintf("This data source selects one object by exactly one of %s: set one of them.", s.list()))
	}
}

// lookupByIDOrName reads the `id` / `name` selector from config and returns the one item it selects. Zero or
// several matches become an error on the selector attribute that lists the candidates, each rendered by label
// (nil: `"<name>" (id <id>)`).
func lookupByIDOrName[T any](ctx context.Context, cfg tfsdk.Config, items []T, idOf func(T) int64, nameOf func(T) string,
	label func(T) string, what string, diags *diag.Diagnostics) (T, bool) {
	var zero T
	var id types.Int64
	var name types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root("id"), &id)...)
	diags.Append(cfg.GetAttribute(ctx, path.Root("name"), &name)...)
	if diags.HasError() {
		return zero, false
	}
	if label == nil {
		label = func(it T) string { return fmt.Sprintf("%q (id %d)", nameOf(it), idOf(it)) }
	}
	var (
		found T
		err   error
		attr  path.Path
	)
	if !id.IsNull() {
		attr = path.Root("id")
		found, err = selectByID(items, id.ValueInt64(), idOf, label, what)
	} else {
		attr = path.Root("name")
		want := name.ValueString()
		found, err = selectOne(items, func(it T) bool { return nameOf(it) == want }, label, what, fmt.Sprintf("name %q", want))
	}
	if err != nil {
		diags.AddAttributeError(attr, "No single HappyFox "+what+" matches", err.Error())
		return zero, false
	}
	return found, true
}
