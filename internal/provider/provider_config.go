package provider

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxenv"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
)

// maxMaxRetries bounds max_retries, in the schema and for HAPPYFOX_MAX_RETRIES alike. The defaults are the
// client's (client.Default*), stated in the schema descriptions from the same constants.
const maxMaxRetries = 20

// resolvedSettings is the provider configuration after environment fallbacks and defaults.
type resolvedSettings struct {
	client.Config
	StaffID int64
	urlAttr string // the attribute the base URL came from, for error placement
}

// settingSource resolves one attribute: an unknown value is an error, a configured value wins, then the
// environment variable, then the default.
type settingSource struct {
	attr, env string
	diags     *diag.Diagnostics
}

func (s settingSource) unknown() {
	s.diags.AddAttributeError(path.Root(s.attr), fmt.Sprintf("Unknown HappyFox %s", s.attr),
		fmt.Sprintf("The provider cannot be configured because %q depends on a value that is not known until apply "+
			"(for example an attribute of a resource that has not been created yet). Set it to a static value, use the %s "+
			"environment variable, or apply the resource it depends on first with -target.", s.attr, s.env))
}

func (s settingSource) badEnv(value, want string) {
	s.diags.AddAttributeError(path.Root(s.attr), fmt.Sprintf("Invalid %s environment variable", s.env),
		fmt.Sprintf("%s is set to %q, which is not %s. Fix or unset the environment variable, or set %q in the provider block.",
			s.env, value, want, s.attr))
}

func (s settingSource) str(v types.String) (string, bool) {
	if v.IsUnknown() {
		s.unknown()
		return "", false
	}
	if !v.IsNull() {
		return v.ValueString(), true
	}
	if e, ok := os.LookupEnv(s.env); ok && strings.TrimSpace(e) != "" {
		return strings.TrimSpace(e), true
	}
	return "", false
}

func (s settingSource) int64(v types.Int64, def int64, minimum int64) int64 {
	return s.int64Between(v, def, minimum, math.MaxInt64)
}

// int64Between is int64 with an upper bound too. The bounds of a configured value are checked by the schema's
// validators; this checks the environment variable against the same bounds, so that the environment cannot
// pass a value the attribute would reject.
func (s settingSource) int64Between(v types.Int64, def, minimum, maximum int64) int64 {
	if v.IsUnknown() {
		s.unknown()
		return def
	}
	if !v.IsNull() {
		return v.ValueInt64()
	}
	e, ok := os.LookupEnv(s.env)
	if !ok || strings.TrimSpace(e) == "" {
		return def
	}
	n, err := strconv.ParseInt(strings.TrimSpace(e), 10, 64)
	if err != nil || n < minimum || n > maximum {
		want := fmt.Sprintf("a whole number of at least %d", minimum)
		if maximum != math.MaxInt64 {
			want = fmt.Sprintf("a whole number between %d and %d", minimum, maximum)
		}
		s.badEnv(e, want)
		return def
	}
	return n
}

func (s settingSource) duration(v types.String, def time.Duration) time.Duration {
	return s.durationWith(v, def, tfvalidate.ParseDuration)
}

// positiveDuration is duration for settings where zero makes no sense (request_timeout): "0s" is rejected
// rather than silently replaced by the default.
func (s settingSource) positiveDuration(v types.String, def time.Duration) time.Duration {
	return s.durationWith(v, def, parsePositiveDuration)
}

func (s settingSource) durationWith(v types.String, def time.Duration, parse func(string) (time.Duration, error)) time.Duration {
	raw, ok := s.str(v)
	if !ok {
		return def
	}
	d, err := parse(raw)
	if err != nil {
		if v.IsNull() {
			s.diags.AddAttributeError(path.Root(s.attr), fmt.Sprintf("Invalid %s environment variable", s.env),
				fmt.Sprintf("%s is set to %q: %s. Fix or unset the environment variable, or set %q in the provider block.",
					s.env, raw, err, s.attr))
		} else {
			s.diags.AddAttributeError(path.Root(s.attr), "Invalid duration", err.Error())
		}
		return def
	}
	return d
}

// parsePositiveDuration is tfvalidate.ParseDuration that also refuses zero.
func parsePositiveDuration(raw string) (time.Duration, error) {
	d, err := tfvalidate.ParseDuration(raw)
	if err != nil {
		return 0, err
	}
	if d == 0 {
		return 0, fmt.Errorf("%q is zero; use a positive duration such as \"30s\" (leave it unset for the default of 30s)", raw)
	}
	return d, nil
}

// positiveDurationValidator checks at plan time that a Go duration string is above zero (request_timeout).
type positiveDurationValidator struct{}

func (positiveDurationValidator) Description(context.Context) string {
	return "must be a positive duration such as \"30s\" or \"1m\""
}

func (v positiveDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveDurationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parsePositiveDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", fmt.Sprintf("%s.", err))
	}
}

func resolveSettings(cfg providerModel, diags *diag.Diagnostics) resolvedSettings {
	src := func(attr, env string) settingSource { return settingSource{attr: attr, env: env, diags: diags} }
	var out resolvedSettings

	account, hasAccount := src("account", happyfoxenv.Account).str(cfg.Account)
	baseURL, hasBaseURL := src("base_url", happyfoxenv.BaseURL).str(cfg.BaseURL)
	switch {
	case cfg.Account.IsUnknown() || cfg.BaseURL.IsUnknown():
		// already reported
	case hasAccount && hasBaseURL:
		attr := "base_url"
		if cfg.BaseURL.IsNull() {
			attr = "account"
		}
		diags.AddAttributeError(path.Root(attr), "Conflicting HappyFox account settings",
			"Both an account (account / HAPPYFOX_ACCOUNT) and a base URL (base_url / HAPPYFOX_BASE_URL) are set. "+
				"Set exactly one: account for <account>.happyfox.com, base_url for EU (.happyfox.net) accounts, custom domains or a simulator.")
	case hasAccount:
		if !happyfoxenv.AccountPattern.MatchString(account) {
			src("account", happyfoxenv.Account).badEnv(account, "a HappyFox account subdomain such as \"acme\"")
		}
		out.BaseURL = happyfoxenv.AccountBaseURL(account)
		out.urlAttr = "account"
	case hasBaseURL:
		out.BaseURL = baseURL
		out.urlAttr = "base_url"
	default:
		diags.AddAttributeError(path.Root("account"), "Missing HappyFox account",
			"Set account (or the HAPPYFOX_ACCOUNT environment variable) to your HappyFox account name, or base_url "+
				"(HAPPYFOX_BASE_URL) to the full API URL, e.g. https://acme.happyfox.net/api/1.1/json/ for EU accounts.")
	}

	var ok bool
	if out.APIKey, ok = src("api_key", happyfoxenv.APIKey).str(cfg.APIKey); !ok && !cfg.APIKey.IsUnknown() {
		diags.AddAttributeError(path.Root("api_key"), "Missing HappyFox API key",
			"Set api_key in the provider block or the HAPPYFOX_API_KEY environment variable. An API key and its auth code "+
				"are created in HappyFox under Apps > Goodies > API.")
	}
	if out.AuthCode, ok = src("auth_code", happyfoxenv.AuthCode).str(cfg.AuthCode); !ok && !cfg.AuthCode.IsUnknown() {
		diags.AddAttributeError(path.Root("auth_code"), "Missing HappyFox auth code",
			"Set auth_code in the provider block or the HAPPYFOX_AUTH_CODE environment variable (prefer the environment "+
				"variable, so that the secret stays out of your configuration).")
	}

	out.StaffID = src("staff_id", happyfoxenv.StaffID).int64(cfg.StaffID, 0, 1)
	out.GetRequestsPerMinute = int(src("get_requests_per_minute", happyfoxenv.GetRequestsPerMinute).int64(cfg.GetRequestsPerMinute, client.DefaultGetRequestsPerMinute, 1))
	out.WriteRequestsPerMinute = int(src("write_requests_per_minute", happyfoxenv.WriteRequestsPerMinute).int64(cfg.WriteRequestsPerMinute, client.DefaultWriteRequestsPerMinute, 1))
	out.MaxRetries = int(src("max_retries", "HAPPYFOX_MAX_RETRIES").int64Between(cfg.MaxRetries, client.DefaultMaxRetries, 0, maxMaxRetries))
	out.RequestTimeout = src("request_timeout", "HAPPYFOX_REQUEST_TIMEOUT").positiveDuration(cfg.RequestTimeout, client.DefaultRequestTimeout)
	out.RateLimitMaxWait = src("rate_limit_max_wait", "HAPPYFOX_RATE_LIMIT_MAX_WAIT").duration(cfg.RateLimitMaxWait, client.DefaultRateLimitMaxWait)
	// A user's zero means none (max_retries = 0, rate_limit_max_wait = "0s"); the client's zero means its default.
	if out.MaxRetries == 0 {
		out.MaxRetries = client.NoRetries
	}
	if out.RateLimitMaxWait == 0 {
		out.RateLimitMaxWait = client.NoWait
	}
	return out
}
