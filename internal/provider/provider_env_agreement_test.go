package provider

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxenv"
)

// TestEnvironmentIsReadAsTheProviderReadsIt: internal/happyfoxenv (cmd/happyfox-probe's settings) reads the HAPPYFOX_*
// variables as the provider does when its block leaves them out: the same base URL, credentials, staff id and
// rates, and a refusal in the same cases.
func TestEnvironmentIsReadAsTheProviderReadsIt(t *testing.T) {
	for name, env := range map[string]map[string]string{
		"account":                 {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
		"account with blanks":     {"HAPPYFOX_ACCOUNT": "  acme ", "HAPPYFOX_API_KEY": " k ", "HAPPYFOX_AUTH_CODE": "c\t", "HAPPYFOX_STAFF_ID": " 7 "},
		"base URL":                {"HAPPYFOX_BASE_URL": "https://acme.happyfox.net/api/1.1/json/", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
		"blank account, base URL": {"HAPPYFOX_ACCOUNT": "  ", "HAPPYFOX_BASE_URL": "http://127.0.0.1:9/api/1.1/json/", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
		"rates and staff":         {"HAPPYFOX_ACCOUNT": "a-1", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c", "HAPPYFOX_STAFF_ID": "12", "HAPPYFOX_GET_REQUESTS_PER_MINUTE": "100", "HAPPYFOX_WRITE_REQUESTS_PER_MINUTE": "50"},
		"both account and URL":    {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_BASE_URL": "https://acme.happyfox.net/api/1.1/json/", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
		"neither":                 {"HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
		"bad account":             {"HAPPYFOX_ACCOUNT": "Acme.happyfox.com", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
		"no key":                  {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_AUTH_CODE": "c"},
		"blank code":              {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": " "},
		"staff zero":              {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c", "HAPPYFOX_STAFF_ID": "0"},
		"staff not a number":      {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c", "HAPPYFOX_STAFF_ID": "ada"},
		"rate zero":               {"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c", "HAPPYFOX_GET_REQUESTS_PER_MINUTE": "0"},
	} {
		t.Run(name, func(t *testing.T) {
			clearHappyFoxEnv(t)
			for k, v := range env {
				t.Setenv(k, v)
			}
			var diags diag.Diagnostics
			want := resolveSettings(nullProviderModel(), &diags)
			got, err := happyfoxenv.Resolve(os.LookupEnv)
			if diags.HasError() != (err != nil) {
				t.Fatalf("the provider says %v, happyfoxenv says %v", diags, err)
			}
			if diags.HasError() {
				return
			}
			if got.Config.BaseURL != want.BaseURL || got.Config.APIKey != want.APIKey || got.Config.AuthCode != want.AuthCode ||
				got.StaffID != want.StaffID || got.Config.GetRequestsPerMinute != want.GetRequestsPerMinute ||
				got.Config.WriteRequestsPerMinute != want.WriteRequestsPerMinute {
				t.Fatalf("happyfoxenv %+v (staff %d), the provider %+v", got.Config, got.StaffID, want)
			}
		})
	}
}
