package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// Defaults of the provider configuration; they are also stated in the schema descriptions.
const (
	defaultGetPerMinute   = 500
	defaultWritePerMinute = 300
	defaultMaxRetries     = 4
	defaultRequestTimeout = 30 * time.Second
	// HappyFox locks an account out for 10 minutes after a 429; waiting a little longer than that lets one
	// lockout pass without failing the apply.
	defaultRateLimitMaxWait = 10*time.Minute + 30*time.Second
)

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
	if err != nil || n < minimum {
		s.badEnv(e, fmt.Sprintf("a whole number of at least %d", minimum))
		return def
	}
	return n
}

func (s settingSource) duration(v types.String, def time.Duration) time.Duration {
	raw, ok := s.str(v)
	if !ok {
		return def
	}
	d, err := parseDuration(raw)
	if err != nil {
		if v.IsNull() {
			s.badEnv(raw, "a duration such as \"30s\" or \"10m\"")
		} else {
			s.diags.AddAttributeError(path.Root(s.attr), "Invalid duration", err.Error())
		}
		return def
	}
	return d
}

func parseDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; use a number with a unit, such as \"30s\", \"2m\" or \"1m30s\"", raw)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative; use zero or a positive duration", raw)
	}
	return d, nil
}

func resolveSettings(cfg providerModel, diags *diag.Diagnostics) resolvedSettings {
	src := func(attr, env string) settingSource { return settingSource{attr: attr, env: env, diags: diags} }
	var out resolvedSettings

	account, hasAccount := src("account", "HAPPYFOX_ACCOUNT").str(cfg.Account)
	baseURL, hasBaseURL := src("base_url", "HAPPYFOX_BASE_URL").str(cfg.BaseURL)
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
		if !accountPattern.MatchString(account) {
			src("account", "HAPPYFOX_ACCOUNT").badEnv(account, "a HappyFox account subdomain such as \"acme\"")
		}
		out.BaseURL = "https://" + account + ".happyfox.com/api/1.1/json/"
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
	if out.APIKey, ok = src("api_key", "HAPPYFOX_API_KEY").str(cfg.APIKey); !ok && !cfg.APIKey.IsUnknown() {
		diags.AddAttributeError(path.Root("api_key"), "Missing HappyFox API key",
			"Set api_key in the provider block or the HAPPYFOX_API_KEY environment variable. An API key and its auth code "+
				"are created in HappyFox under Apps > Goodies > API.")
	}
	if out.AuthCode, ok = src("auth_code", "HAPPYFOX_AUTH_CODE").str(cfg.AuthCode); !ok && !cfg.AuthCode.IsUnknown() {
		diags.AddAttributeError(path.Root("auth_code"), "Missing HappyFox auth code",
			"Set auth_code in the provider block or the HAPPYFOX_AUTH_CODE environment variable (prefer the environment "+
				"variable, so that the secret stays out of your configuration).")
	}

	out.StaffID = src("staff_id", "HAPPYFOX_STAFF_ID").int64(cfg.StaffID, 0, 1)
	out.GetRequestsPerMinute = int(src("get_requests_per_minute", "HAPPYFOX_GET_REQUESTS_PER_MINUTE").int64(cfg.GetRequestsPerMinute, defaultGetPerMinute, 1))
	out.WriteRequestsPerMinute = int(src("write_requests_per_minute", "HAPPYFOX_WRITE_REQUESTS_PER_MINUTE").int64(cfg.WriteRequestsPerMinute, defaultWritePerMinute, 1))
	out.MaxRetries = int(src("max_retries", "HAPPYFOX_MAX_RETRIES").int64(cfg.MaxRetries, defaultMaxRetries, 0))
	out.RequestTimeout = src("request_timeout", "HAPPYFOX_REQUEST_TIMEOUT").duration(cfg.RequestTimeout, defaultRequestTimeout)
	out.RateLimitMaxWait = src("rate_limit_max_wait", "HAPPYFOX_RATE_LIMIT_MAX_WAIT").duration(cfg.RateLimitMaxWait, defaultRateLimitMaxWait)
	if out.RequestTimeout == 0 {
		out.RequestTimeout = defaultRequestTimeout
	}
	return out
}
