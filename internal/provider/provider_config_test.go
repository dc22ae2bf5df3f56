package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func clearHappyFoxEnv(t *testing.T) {
	for _, v := range []string{"HAPPYFOX_ACCOUNT", "HAPPYFOX_BASE_URL", "HAPPYFOX_API_KEY", "HAPPYFOX_AUTH_CODE", "HAPPYFOX_STAFF_ID",
		"HAPPYFOX_GET_REQUESTS_PER_MINUTE", "HAPPYFOX_WRITE_REQUESTS_PER_MINUTE", "HAPPYFOX_MAX_RETRIES",
		"HAPPYFOX_REQUEST_TIMEOUT", "HAPPYFOX_RATE_LIMIT_MAX_WAIT"} {
		t.Setenv(v, "")
	}
}

func nullProviderModel() providerModel {
	return providerModel{
		Account: types.StringNull(), BaseURL: types.StringNull(), APIKey: types.StringNull(), AuthCode: types.StringNull(),
		StaffID: types.Int64Null(), GetRequestsPerMinute: types.Int64Null(), WriteRequestsPerMinute: types.Int64Null(),
		MaxRetries: types.Int64Null(), RequestTimeout: types.StringNull(), RateLimitMaxWait: types.StringNull(),
	}
}

func TestResolveSettings_envFallbackAndDefaults(t *testing.T) {
	clearHappyFoxEnv(t)
	t.Setenv("HAPPYFOX_ACCOUNT", "acme")
	t.Setenv("HAPPYFOX_API_KEY", "k")
	t.Setenv("HAPPYFOX_AUTH_CODE", "c")
	t.Setenv("HAPPYFOX_STAFF_ID", "7")
	t.Setenv("HAPPYFOX_WRITE_REQUESTS_PER_MINUTE", "120")
	var diags diag.Diagnostics
	s := resolveSettings(nullProviderModel(), &diags)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.BaseURL != "https://acme.happyfox.com/api/1.1/json/" || s.StaffID != 7 || s.WriteRequestsPerMinute != 120 ||
		s.GetRequestsPerMinute != client.DefaultGetRequestsPerMinute || s.MaxRetries != client.DefaultMaxRetries ||
		s.RequestTimeout != client.DefaultRequestTimeout || s.RateLimitMaxWait != client.DefaultRateLimitMaxWait {
		t.Fatalf("unexpected settings: %+v", s)
	}
}

func TestResolveSettings_configWinsOverEnv(t *testing.T) {
	clearHappyFoxEnv(t)
	t.Setenv("HAPPYFOX_API_KEY", "from-env")
	t.Setenv("HAPPYFOX_STAFF_ID", "7")
	t.Setenv("HAPPYFOX_RATE_LIMIT_MAX_WAIT", "1h")
	m := nullProviderModel()
	m.BaseURL = types.StringValue("https://help.example.com/api/1.1/json/")
	m.APIKey = types.StringValue("from-config")
	m.AuthCode = types.StringValue("c")
	m.StaffID = types.Int64Value(3)
	m.RateLimitMaxWait = types.StringValue("0s")
	var diags diag.Diagnostics
	s := resolveSettings(m, &diags)
	if diags.HasError() {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.APIKey != "from-config" || s.StaffID != 3 || s.RateLimitMaxWait != client.NoWait || s.BaseURL != "https://help.example.com/api/1.1/json/" {
		t.Fatalf("config did not win: %+v", s)
	}
}

func TestResolveSettings_errorsNameAttributeAndEnv(t *testing.T) {
	for name, tc := range map[string]struct {
		env   map[string]string
		model func(*providerModel)
		want  []string // each must appear in some diagnostic
	}{
		"nothing set": {want: []string{"account", "HAPPYFOX_ACCOUNT", "HAPPYFOX_API_KEY", "HAPPYFOX_AUTH_CODE"}},
		"unknown api key": {
			env:   map[string]string{"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_AUTH_CODE": "c"},
			model: func(m *providerModel) { m.APIKey = types.StringUnknown() },
			want:  []string{"Unknown HappyFox api_key", "HAPPYFOX_API_KEY"},
		},
		"both account and base_url": {
			env:  map[string]string{"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_BASE_URL": "https://x.example/api/1.1/json/", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
			want: []string{"Set exactly one"},
		},
		"bad env number": {
			env:  map[string]string{"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c", "HAPPYFOX_STAFF_ID": "ada"},
			want: []string{"HAPPYFOX_STAFF_ID", "\"ada\""},
		},
		"bad env duration": {
			env:  map[string]string{"HAPPYFOX_ACCOUNT": "acme", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c", "HAPPYFOX_REQUEST_TIMEOUT": "soon"},
			want: []string{"HAPPYFOX_REQUEST_TIMEOUT", "duration"},
		},
		"bad env account": {
			env:  map[string]string{"HAPPYFOX_ACCOUNT": "acme.happyfox.com", "HAPPYFOX_API_KEY": "k", "HAPPYFOX_AUTH_CODE": "c"},
			want: []string{"HAPPYFOX_ACCOUNT", "subdomain"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			clearHappyFoxEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			m := nullProviderModel()
			if tc.model != nil {
				tc.model(&m)
			}
			var diags diag.Diagnostics
			resolveSettings(m, &diags)
			var all strings.Builder
			for _, d := range diags.Errors() {
				fmt.Fprintf(&all, "%s: %s\n", d.Summary(), d.Detail())
			}
			for _, w := range tc.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("diagnostics do not mention %q:\n%s", w, all.String())
				}
			}
		})
	}
}

func TestAccProvider_badCredentials(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := fmt.Sprintf(`
provider "happyfox" {
  base_url  = %q
  api_key   = %q
  auth_code = "wrong-auth-code"
}
data "happyfox_statuses" "all" {}
`, sim.URL, testAPIKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: regexp.MustCompile(`(?s)rejected the credentials.*(api_key|HAPPYFOX_API_KEY)`),
		}},
	})
	if sim.Counters().Unauthorized == 0 {
		t.Fatal("the simulator saw no 401; the test proves nothing")
	}
}

func TestAccProvider_planTimeConfigErrors(t *testing.T) {
	clearHappyFoxEnv(t)
	for name, tc := range map[string]struct{ block, want string }{
		"plain http to a remote host": {`base_url = "http://help.example.com/api/1.1/json/"`, `(?s)base_url.*https`},
		"bad duration":                {`account = "acme"` + "\n" + `request_timeout = "10 minutes"`, `(?s)request_timeout.*not a duration`},
		"zero budget":                 {`account = "acme"` + "\n" + `write_requests_per_minute = 0`, `(?s)write_requests_per_minute.*at least 1`},
		"account with domain":         {`account = "acme.happyfox.com"`, `(?s)account.*subdomain`},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := fmt.Sprintf("provider \"happyfox\" {\n%s\napi_key = \"k\"\nauth_code = \"c\"\n}\ndata \"happyfox_statuses\" \"all\" {}\n", tc.block)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
}

func TestAccProvider_environmentOnlyConfiguration(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	clearHappyFoxEnv(t)
	t.Setenv("HAPPYFOX_BASE_URL", sim.URL)
	t.Setenv("HAPPYFOX_API_KEY", testAPIKey)
	t.Setenv("HAPPYFOX_AUTH_CODE", testAuthCode)
	t.Setenv("HAPPYFOX_REQUEST_TIMEOUT", (5 * time.Second).String())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `data "happyfox_statuses" "all" {}`,
			Check:  resource.TestCheckResourceAttrSet("data.happyfox_statuses.all", "statuses.0.id"),
		}},
	})
}

func TestResolveSettings_envBoundsMatchTheAttributes(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want []string
	}{
		"HAPPYFOX_MAX_RETRIES above 20": {
			env:  map[string]string{"HAPPYFOX_MAX_RETRIES": "99"},
			want: []string{"HAPPYFOX_MAX_RETRIES", `"99"`, "between 0 and 20"},
		},
		"HAPPYFOX_REQUEST_TIMEOUT zero": {
			env:  map[string]string{"HAPPYFOX_REQUEST_TIMEOUT": "0s"},
			want: []string{"HAPPYFOX_REQUEST_TIMEOUT", `"0s" is zero`},
		},
	} {
		t.Run(name, func(t *testing.T) {
			clearHappyFoxEnv(t)
			t.Setenv("HAPPYFOX_ACCOUNT", "acme")
			t.Setenv("HAPPYFOX_API_KEY", "k")
			t.Setenv("HAPPYFOX_AUTH_CODE", "c")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			var diags diag.Diagnostics
			resolveSettings(nullProviderModel(), &diags)
			if !diags.HasError() {
				t.Fatal("accepted")
			}
			var all strings.Builder
			for _, d := range diags.Errors() {
				fmt.Fprintf(&all, "%s: %s\n", d.Summary(), d.Detail())
			}
			for _, w := range tc.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("diagnostics do not mention %q:\n%s", w, all.String())
				}
			}
		})
	}
}

// TestAccProvider_outOfRangeSettingsRejectedWithoutAPICalls: HAPPYFOX_MAX_RETRIES=99 is refused like
// max_retries = 99, naming the environment variable, and request_timeout = "0s" is refused on the attribute
// instead of silently becoming 30s. HappyFox (the simulator) sees no request at all.
func TestAccProvider_outOfRangeSettingsRejectedWithoutAPICalls(t *testing.T) {
	for name, tc := range map[string]struct {
		env   map[string]string
		block string
		want  string
	}{
		"HAPPYFOX_MAX_RETRIES=99":    {env: map[string]string{"HAPPYFOX_MAX_RETRIES": "99"}, want: `(?s)HAPPYFOX_MAX_RETRIES.*"99".*between\s+0\s+and\s+20`},
		"max_retries = 99":           {block: `max_retries = 99`, want: `(?s)max_retries.*between 0 and 20`},
		`request_timeout = "0s"`:     {block: `request_timeout = "0s"`, want: `(?s)request_timeout.*"0s"\s+is\s+zero`},
		"HAPPYFOX_REQUEST_TIMEOUT=0": {env: map[string]string{"HAPPYFOX_REQUEST_TIMEOUT": "0"}, want: `(?s)HAPPYFOX_REQUEST_TIMEOUT.*"0"\s+is\s+zero`},
	} {
		t.Run(name, func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{})
			clearHappyFoxEnv(t)
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      sim.providerBlock(tc.block) + `data "happyfox_statuses" "all" {}`,
					PlanOnly:    true,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
			if n := sim.Counters().Total; n != 0 {
				t.Fatalf("HappyFox got %d requests; a configuration error must be reported before any", n)
			}
		})
	}
}
