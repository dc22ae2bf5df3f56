package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
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

// apiErrorDiags is the diagnostics addAPIError writes for what failed, to return from a streamList body.
func apiErrorDiags(what string, err error) diag.Diagnostics {
	var d diag.Diagnostics
	addAPIError(&d, what, err, nil)
	return d
}

var _ provider.ProviderWithListResources = &happyfoxProvider{}
