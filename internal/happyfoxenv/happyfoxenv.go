// Package happyfoxenv reads the provider's HAPPYFOX_* environment variables into a client configuration, for
// programs that run without Terraform (cmd/happyfox-probe). It follows the rules the provider applies when its block
// leaves an attribute out (internal/provider/provider_config.go; TestEnvironmentIsReadAsTheProviderReadsIt there
// fails when the two part): a variable set to blanks counts as unset, values are trimmed, exactly one of
// HAPPYFOX_ACCOUNT and HAPPYFOX_BASE_URL, and an account becomes https://<account>.happyfox.com/api/1.1/json/
// (§1 Base URL).
package happyfoxenv

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// The variables, as the provider documents them.
const (
	Account                = "HAPPYFOX_ACCOUNT"
	BaseURL                = "HAPPYFOX_BASE_URL"
	APIKey                 = "HAPPYFOX_API_KEY"
	AuthCode               = "HAPPYFOX_AUTH_CODE"
	StaffID                = "HAPPYFOX_STAFF_ID"
	GetRequestsPerMinute   = "HAPPYFOX_GET_REQUESTS_PER_MINUTE"
	WriteRequestsPerMinute = "HAPPYFOX_WRITE_REQUESTS_PER_MINUTE"
)

// AccountPattern is the rule for an account subdomain (the provider's `account`, HAPPYFOX_ACCOUNT).
var AccountPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// AccountBaseURL is the API base URL of an account on happyfox.com (§1 Base URL).
func AccountBaseURL(account string) string {
	return "https://" + account + ".happyfox.com/api/1.1/json/"
}

// Settings are the resolved variables.
type Settings struct {
	// Config holds BaseURL, APIKey, AuthCode and the two rates (the client's defaults when unset); the caller
	// adds the rest (SharedBudgetDir, Logger, ...).
	Config client.Config
	// StaffID is HAPPYFOX_STAFF_ID, the agent writes are made as; 0 when unset.
	StaffID int64
}

// Resolve reads the variables through lookup (os.LookupEnv in a program). The error lists every problem found,
// each naming its variable; it never quotes HAPPYFOX_API_KEY or HAPPYFOX_AUTH_CODE.
func Resolve(lookup func(string) (string, bool)) (Settings, error) {
	get := func(name string) (string, bool) {
		v, ok := lookup(name)
		v = strings.TrimSpace(v)
		return v, ok && v != ""
	}
	var out Settings
	var errs []error

	account, hasAccount := get(Account)
	baseURL, hasBaseURL := get(BaseURL)
	switch {
	case hasAccount && hasBaseURL:
		errs = append(errs, fmt.Errorf("both %s and %s are set: set exactly one (%s for <account>.happyfox.com, %s for EU "+
			"(.happyfox.net) accounts, custom domains or a simulator)", Account, BaseURL, Account, BaseURL))
	case hasAccount:
		if !AccountPattern.MatchString(account) {
			errs = append(errs, fmt.Errorf("%s is set to %q, which is not a HappyFox account subdomain such as \"acme\"", Account, account))
		}
		out.Config.BaseURL = AccountBaseURL(account)
	case hasBaseURL:
		out.Config.BaseURL = baseURL
	default:
		errs = append(errs, fmt.Errorf("set %s to your HappyFox account name, or %s to the full API URL, e.g. "+
			"https://acme.happyfox.net/api/1.1/json/ for EU accounts", Account, BaseURL))
	}

	var ok bool
	if out.Config.APIKey, ok = get(APIKey); !ok {
		errs = append(errs, fmt.Errorf("set %s (an API key and its auth code are created in HappyFox under Apps > Goodies > API)", APIKey))
	}
	if out.Config.AuthCode, ok = get(AuthCode); !ok {
		errs = append(errs, fmt.Errorf("set %s", AuthCode))
	}

	number := func(name string, def int64) int64 {
		raw, set := get(name)
		if !set {
			return def
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 1 {
			errs = append(errs, fmt.Errorf("%s is set to %q, which is not a whole number of at least 1", name, raw))
			return def
		}
		return n
	}
	out.StaffID = number(StaffID, 0)
	out.Config.GetRequestsPerMinute = int(number(GetRequestsPerMinute, client.DefaultGetRequestsPerMinute))
	out.Config.WriteRequestsPerMinute = int(number(WriteRequestsPerMinute, client.DefaultWriteRequestsPerMinute))
	return out, errors.Join(errs...)
}
