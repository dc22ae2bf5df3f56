package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tflist"
)

var _ list.ListResourceWithConfigure = &assetResource{}

type assetListModel struct {
	AssetTypeID  types.Int64  `tfsdk:"asset_type_id"`
	NameContains types.String `tfsdk:"name_contains"`
}

func (r *assetResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Lists the assets of one asset type page by page (`GET assets/?asset_type=<id>`, 50 a page; " +
			"each page carries the whole asset, so no asset is fetched on its own). Raise the list block's `limit` " +
			"(Terraform's default is 100) to adopt more.",
		Attributes: map[string]listschema.Attribute{
			"asset_type_id": listschema.Int64Attribute{
				Required:            true,
				MarkdownDescription: "Numeric id of the asset type (see the `happyfox_asset_types` data source).",
			},
			"name_contains": listschema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only assets whose name contains this text (case-insensitive; filtered by the provider).",
			},
		},
	}
}

func (r *assetResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	tflist.Stream(ctx, req, stream, r.data != nil, func(cfg assetListModel, e *tflist.Emitter) diag.Diagnostics {
		typeID := cfg.AssetTypeID.ValueInt64()
		want := strings.ToLower(cfg.NameContains.ValueString())
		err := r.data.Client.AssetPages(ctx, typeID, tflist.EmitEach(e, func(a *client.Asset) (tflist.Object, bool) {
			if want != "" && !strings.Contains(strings.ToLower(a.Name), want) {
				return tflist.Object{}, false
			}
			// As the first read after an import does: every custom field with a value is taken over.
			m := r.toModel(a, assetModel{AssetTypeID: types.Int64Value(typeID)}, true)
			display := a.Name
			if a.DisplayID != "" {
				display += " (" + a.DisplayID + ")"
			}
			return tflist.Object{Display: display, Identity: map[string]int64{"id": a.ID}, Model: m}, true
		}))
		if err != nil {
			var d diag.Diagnostics
			addAssetAPIError(&d, "list the assets", err)
			return d
		}
		return nil
	})
}
