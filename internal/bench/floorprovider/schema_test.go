package main

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/provider"
)

// TestFloorThingHasAssetSchema keeps the floor honest: floor_thing copies happyfox_asset's schema by hand, and the
// benchmark's "happyfox ÷ floor" column means something only while the two have the same attributes, with the
// same types and the same required, optional and computed flags. A change to happyfox_asset's schema fails here
// until floor_thing follows it.
func TestFloorThingHasAssetSchema(t *testing.T) {
	ctx := context.Background()
	asset := resourceSchema(t, ctx, provider.New("test")(), "happyfox_asset")
	var resp resource.SchemaResponse
	(&thing{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	floor := resp.Schema

	if got, want := attributeNames(floor), attributeNames(asset); got != want {
		t.Fatalf("floor_thing has attributes %s, happyfox_asset has %s", got, want)
	}
	for name, a := range asset.Attributes {
		f := floor.Attributes[name]
		if got, want := f.GetType().String(), a.GetType().String(); got != want {
			t.Errorf("%s: floor_thing type %s, happyfox_asset type %s", name, got, want)
		}
		for _, flag := range []struct {
			what       string
			floor, hfx bool
		}{
			{"required", f.IsRequired(), a.IsRequired()},
			{"optional", f.IsOptional(), a.IsOptional()},
			{"computed", f.IsComputed(), a.IsComputed()},
			{"sensitive", f.IsSensitive(), a.IsSensitive()},
		} {
			if flag.floor != flag.hfx {
				t.Errorf("%s: %s is %v on floor_thing, %v on happyfox_asset", name, flag.what, flag.floor, flag.hfx)
			}
		}
	}
}

// resourceSchema returns the schema of the resource named typeName of provider p.
func resourceSchema(t *testing.T, ctx context.Context, p interface {
	Resources(context.Context) []func() resource.Resource
}, typeName string) schema.Schema {
	t.Helper()
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "happyfox"}, &meta)
		if meta.TypeName != typeName {
			continue
		}
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			t.Fatalf("schema of %s: %v", typeName, resp.Diagnostics)
		}
		return resp.Schema
	}
	t.Fatalf("the provider has no resource %s", typeName)
	return schema.Schema{}
}

func attributeNames(s schema.Schema) string {
	names := make([]string, 0, len(s.Attributes))
	for name := range s.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
