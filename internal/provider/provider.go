// Package provider maps Terraform resources and data sources onto the HappyFox API client.
// It knows nothing of HTTP: every call goes through internal/client.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxenv"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
)

var (
	_ provider.Provider            = &happyfoxProvider{}
	_ provider.ProviderWithActions = &happyfoxProvider{}
)

// New returns a constructor for the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &happyfoxProvider{version: version}
	}
}

type happyfoxProvider struct {
	version string
}

type providerModel struct {
	Account                types.String `tfsdk:"account"`
	BaseURL                types.String `tfsdk:"base_url"`
	APIKey                 types.String `tfsdk:"api_key"`
	AuthCode               types.String `tfsdk:"auth_code"`
	StaffID                types.Int64  `tfsdk:"staff_id"`
	GetRequestsPerMinute   types.Int64  `tfsdk:"get_requests_per_minute"`
	WriteRequestsPerMinute types.Int64  `tfsdk:"write_requests_per_minute"`
	MaxRetries             types.Int64  `tfsdk:"max_retries"`
	RequestTimeout         types.String `tfsdk:"request_timeout"`
	RateLimitMaxWait       types.String `tfsdk:"rate_limit_max_wait"`
}

func (p *happyfoxProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "happyfox"
	resp.Version = p.version
}

func (p *happyfoxProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a HappyFox Help Desk account (contact groups, contacts, assets, ticket custom field " +
			"choices) through the HappyFox REST API v1.1. See the provider documentation for authentication, rate limits " +
			"and the objects that HappyFox cannot delete.",
		Attributes: map[string]schema.Attribute{
			"account": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "HappyFox account name, the first label of `<account>.happyfox.com`. The provider calls " +
					"`https://<account>.happyfox.com/api/1.1/json/`. Lowercase letters, digits and hyphens. Exactly one of " +
					"`account` and `base_url` must be set (here or through the environment). Environment variable: `HAPPYFOX_ACCOUNT`.",
				Validators: []validator.String{
					stringvalidator.RegexMatches(happyfoxenv.AccountPattern, "must be the account's subdomain only, e.g. \"acme\" for acme.happyfox.com (lowercase letters, digits, hyphens)"),
					stringvalidator.ConflictsWith(path.MatchRoot("base_url")),
				},
			},
			"base_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Full API base URL, for EU accounts (`https://<account>.happyfox.net/api/1.1/json/`), custom " +
					"domains or a local simulator. Must be `https://`; plain `http://` is accepted only for a loopback host " +
					"(127.0.0.1, ::1, localhost). Exactly one of `account` and `base_url` must be set. Environment variable: `HAPPYFOX_BASE_URL`.",
				Validators: []validator.String{tfvalidate.BaseURL{}},
			},
			"api_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "HappyFox API key (the HTTP Basic user name). Create one under Apps > Goodies > API in " +
					"HappyFox. Environment variable: `HAPPYFOX_API_KEY`.",
			},
			"auth_code": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "Auth code belonging to the API key (the HTTP Basic password). It is never logged. " +
					"Environment variable: `HAPPYFOX_AUTH_CODE`.",
			},
			"staff_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Numeric id of the HappyFox agent (staff member) that writes are made as. HappyFox has no " +
					"\"who am I\" call, and asset writes must name an active agent with the Manage Assets permission " +
					"(`created_by`, `updated_by`, `deleted_by`). Look it up with the `happyfox_staff_member` data source. " +
					"Environment variable: `HAPPYFOX_STAFF_ID`.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"get_requests_per_minute": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Client-side budget of GET requests per minute. HappyFox allows 500 per account and locks the " +
					"account out for 10 minutes when it is exceeded; lower this to leave part of the budget to other " +
					fmt.Sprintf("integrations. Defaults to `%d`. Environment variable: `HAPPYFOX_GET_REQUESTS_PER_MINUTE`.", client.DefaultGetRequestsPerMinute),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"write_requests_per_minute": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Client-side budget of write requests (POST, PUT, DELETE) per minute. HappyFox allows 300 " +
					fmt.Sprintf("POST per minute per account. Defaults to `%d`. Environment variable: `HAPPYFOX_WRITE_REQUESTS_PER_MINUTE`.", client.DefaultWriteRequestsPerMinute),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a failed request is retried after a server error (5xx) or a network error, " +
					"with exponential backoff (1 s doubling up to 30 s) and jitter. A create is never repeated blindly: when its " +
					"answer is lost, the provider first looks the object up by its natural key (name, e-mail, display id) and " +
					"sends the create again only when HappyFox has no such object. Waiting out a rate-limit lockout (HTTP 429) " +
					fmt.Sprintf("is governed by `rate_limit_max_wait` instead. Defaults to `%d`. Environment variable: `HAPPYFOX_MAX_RETRIES`.", client.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("Timeout of a single HTTP request, as a Go duration such as `30s` or `1m`. Defaults to `%s`. ", client.DefaultRequestTimeout) +
					"Environment variable: `HAPPYFOX_REQUEST_TIMEOUT`.",
				Validators: []validator.String{positiveDurationValidator{}},
			},
			"rate_limit_max_wait": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the provider waits out a HappyFox rate-limit lockout (HTTP 429, normally 10 minutes) " +
					fmt.Sprintf("before failing, as a Go duration such as `11m` or `0s` (fail at once). Defaults to `%s`. ", client.DefaultRateLimitMaxWait) +
					"Environment variable: `HAPPYFOX_RATE_LIMIT_MAX_WAIT`.",
				Validators: []validator.String{tfvalidate.Duration{}},
			},
		},
	}
}

func (p *happyfoxProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	settings := resolveSettings(cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	settings.UserAgent = fmt.Sprintf("terraform-provider-happyfox/%s Terraform/%s", p.version, req.TerraformVersion)

	settings.Logger = tflogLogger{}
	settings.SharedBudgetDir = sharedBudgetDir(ctx) // shared_budget.go
	c, err := client.New(settings.Config)
	if client.IsBaseURLError(err) {
		resp.Diagnostics.AddAttributeError(path.Root(settings.urlAttr), "Invalid HappyFox API address", err.Error())
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Invalid HappyFox provider configuration", err.Error())
		return
	}
	data := &providerData{Client: c, StaffID: settings.StaffID}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

func (p *happyfoxProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewContactGroupResource,
		NewContactResource,
		NewContactGroupMembershipResource,
		NewAssetResource,
		NewTicketCustomFieldChoicesResource,
	}
}

func (p *happyfoxProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewStatusesDataSource,
		NewContactDataSource,
		NewContactGroupDataSource,
		NewContactCustomFieldsDataSource,
		NewAssetTypesDataSource,
		NewAssetTypeDataSource,
		NewAssetCustomFieldsDataSource,
		NewTicketCustomFieldsDataSource,
		NewTicketCustomFieldDataSource,
		NewStatusDataSource,
		NewCategoriesDataSource,
		NewCategoryDataSource,
		NewStaffDataSource,
		NewStaffMemberDataSource,
		NewContactGroupsDataSource,
		NewContactsDataSource,
		NewAssetsDataSource,
		NewTicketDataSource,
	}
}

// Actions registers the ticket actions (Terraform 1.14+). Older CLIs and OpenTofu ignore them.
func (p *happyfoxProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{
		NewTicketNoteAction,
		NewTicketTagsAction,
		NewTicketCreateAction,
	}
}
