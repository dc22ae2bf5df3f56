// Command floorprovider is the benchmark's floor: a Terraform provider built with the same plugin framework as
// terraform-provider-happyfox whose resource floor_thing has happyfox_asset's schema (same attributes, types,
// defaults, plan modifiers and similar validators) but does nothing: no API, no ModifyPlan, state in = state out.
// Timing it against happyfox_asset separates what any framework provider with this schema costs (its process,
// gRPC, the framework's schema handling, Terraform's own work for an external provider) from what this
// provider's code adds. Only the benchmark (internal/bench) builds it.
package main

import (
	"context"
	"log"
	"regexp"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	pschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/sdklog"
)

func main() {
	// The same log settings as the HappyFox provider (internal/sdklog), so that the floor is comparable.
	sdklog.QuietDiscardedLogs(false, "floor")
	err := providerserver.Serve(context.Background(), func() provider.Provider { return &floorProvider{} },
		providerserver.ServeOpts{Address: "registry.terraform.io/bench/floor", ProtocolVersion: 6})
	if err != nil {
		log.Fatal(err)
	}
}

type floorProvider struct{}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (p *floorProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = pschema.Schema{}
}

func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return &thing{} }}
}

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type thing struct{ next atomic.Int64 }

// thingModel has happyfox_asset's attributes, with the same types, defaults and plan modifiers.
type thingModel struct {
	ID              types.Int64  `tfsdk:"id"`
	AssetTypeID     types.Int64  `tfsdk:"asset_type_id"`
	Name            types.String `tfsdk:"name"`
	DisplayID       types.String `tfsdk:"display_id"`
	ContactIDs      types.Set    `tfsdk:"contact_ids"`
	ContactGroupIDs types.Set    `tfsdk:"contact_group_ids"`
	CustomFields    types.Map    `tfsdk:"custom_fields"`
	StaffID         types.Int64  `tfsdk:"staff_id"`
	CreatedAt       types.String `tfsdk:"created_at"`
	UpdatedAt       types.String `tfsdk:"updated_at"`
}

func (t *thing) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (t *thing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	idSet := func() schema.SetAttribute {
		return schema.SetAttribute{
			ElementType: types.Int64Type, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			Validators:    []validator.Set{setvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
		}
	}
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id": schema.Int64Attribute{Computed: true, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}},
		"asset_type_id": schema.Int64Attribute{Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()}},
		"name":              schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthBetween(1, 200)}},
		"display_id":        schema.StringAttribute{Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		"contact_ids":       idSet(),
		"contact_group_ids": idSet(),
		"custom_fields": schema.MapAttribute{ElementType: types.StringType, Optional: true, Computed: true,
			PlanModifiers: []planmodifier.Map{mapplanmodifier.UseStateForUnknown()},
			Validators:    []validator.Map{mapvalidator.KeysAre(stringvalidator.RegexMatches(regexp.MustCompile(`^[1-9][0-9]*$`), "an id"))}},
		"staff_id":   schema.Int64Attribute{Optional: true, Validators: []validator.Int64{int64validator.AtLeast(1)}},
		"created_at": schema.StringAttribute{Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
		"updated_at": schema.StringAttribute{Computed: true},
	}}
}

func (t *thing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.Int64Value(t.next.Add(1))
	m.CreatedAt, m.UpdatedAt = types.StringValue("2026-01-01T00:00:00Z"), types.StringValue("2026-01-01T00:00:00Z")
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (t *thing) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (t *thing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.UpdatedAt = types.StringValue("2026-01-02T00:00:00Z")
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (t *thing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
