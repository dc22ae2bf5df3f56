package provider

import (
	"context"
	"slices"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// dataSourceBase is what every data source shares: the provider data, Metadata and Configure. Each embeds it and
// names its type.
type dataSourceBase struct {
	typeSuffix string // what follows the provider's type name, e.g. "_contacts"
	data       *providerData
}

func (d *dataSourceBase) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeSuffix
}

func (d *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// The plural data sources (happyfox_contact_groups, happyfox_contacts, happyfox_assets) are for CLIs without
// `terraform query` (Terraform < 1.14, OpenTofu): each returns a map keyed by the object's id, shaped so that one
// `for_each` import block and one `for_each` resource adopt everything it returns (Terraform >= 1.7, OpenTofu >= 1.7).
// The objects carry the resource's arguments as the first read after an import would store them, so the generated
// configuration plans no change.

// idKey is the key of an object in a plural data source's map.
func idKey(id int64) string { return strconv.FormatInt(id, 10) }

// readPlural is the Read every plural data source shares: it decodes the configuration into M, lets fill add
// the objects (fill returns false when it failed and wrote the error to resp), and stores the result.
func readPlural[M any](ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse, fill func(m *M) bool) {
	var m M
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !fill(&m) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// sortedList is a list the client fetched (and memoizes), sorted by order; when err is set it reports that listing
// failed ("list the HappyFox statuses") and returns false.
func sortedList[T any](items []T, err error, listing string, order func(a, b T) int, diags *diag.Diagnostics) ([]T, bool) {
	if err != nil {
		addAPIError(diags, listing, err, nil)
		return nil, false
	}
	slices.SortFunc(items, order)
	return items, true
}

// keyedByID is the computed attribute of a plural data source that holds its objects (what they are, e.g. "The
// assets"), keyed by id as a string, so that one for_each import block adopts them all.
func keyedByID(what string, attrs map[string]schema.Attribute) schema.MapNestedAttribute {
	return schema.MapNestedAttribute{
		Computed:            true,
		MarkdownDescription: what + ", keyed by their id as a string.",
		NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
	}
}

// computedList is the computed attribute of a data source that holds its objects in a list (what it holds and in
// which order, e.g. "The statuses, sorted by `order`, then `id`.").
func computedList(description string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
	}
}

// importedCustomFields is the custom_fields attribute of a plural data source's objects: every custom field with
// a value, keyed by field id, as the resource (e.g. "happyfox_asset") takes them.
func importedCustomFields(resourceType string) schema.MapAttribute {
	return schema.MapAttribute{
		Computed: true, ElementType: types.StringType,
		MarkdownDescription: "Every custom field with a value, keyed by field id, as `" + resourceType + ".custom_fields` takes them.",
	}
}
