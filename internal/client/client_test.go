package client

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNewValidation(t *testing.T) {
	ok := Config{APIKey: "k", AuthCode: "c"}
	tests := []struct {
		url     string
		wantErr string
		wantURL string
	}{
		{"https://acme.happyfox.com/api/1.1/json/", "", "https://acme.happyfox.com/api/1.1/json/"},
		{"https://acme.happyfox.net/api/1.1/json", "", "https://acme.happyfox.net/api/1.1/json/"},
		{"HTTPS://acme.happyfox.com/api/1.1/json/", "", "https://acme.happyfox.com/api/1.1/json/"},
		{"http://127.0.0.1:8080/api/1.1/json/", "", "http://127.0.0.1:8080/api/1.1/json/"},
		{"http://127.3.4.5/api/", "", "http://127.3.4.5/api/"},
		{"http://[::1]:9/api/1.1/json/", "", "http://[::1]:9/api/1.1/json/"},
		{"http://localhost:9/api/1.1/json/", "", "http://localhost:9/api/1.1/json/"},
		{"http://acme.happyfox.com/api/1.1/json/", "must use https", ""},
		{"http://10.0.0.1/api/1.1/json/", "must use https", ""},
		{"ftp://acme.happyfox.com/", "must use https", ""},
		{"", "required", ""},
		{"acme.happyfox.com/api", "absolute", ""},
		{"/api/1.1/json/", "absolute", ""},
		{"https://user:s3cret@acme.happyfox.com/api/1.1/json/", "credentials", ""},
		{"https://acme.happyfox.com/api/1.1/json/?x=1", "query", ""},
		{"https://acme.happyfox.com/api/1.1/json/#f", "fragment", ""},
		{"https://acme.happyfox.com/%zz", "not a valid URL", ""},
	}
	for _, tt := range tests {
		cfg := ok
		cfg.BaseURL = tt.url
		c, err := New(cfg)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("New(%q) err = %v, want %q", tt.url, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error leaks the password: %v", err)
			}
			continue
		}
		if err != nil {
			t.Errorf("New(%q): %v", tt.url, err)
			continue
		}
		if n, err := NormalizeBaseURL(tt.url); err != nil || n != tt.wantURL {
			t.Errorf("NormalizeBaseURL(%q) = %q, %v", tt.url, n, err)
		}
		if c.BaseURL() != tt.wantURL {
			t.Errorf("BaseURL = %q, want %q", c.BaseURL(), tt.wantURL)
		}
	}

	base := Config{BaseURL: "https://acme.happyfox.com/api/1.1/json/", APIKey: "k", AuthCode: "c"}
	bad := []func(*Config){
		func(c *Config) { c.APIKey = "" },
		func(c *Config) { c.AuthCode = "" },
		func(c *Config) { c.APIKey = "a:b" },
		func(c *Config) { c.UserAgent = "x\r\ny" },
		func(c *Config) { c.GetRequestsPerMinute = -1 },
		func(c *Config) { c.RequestTimeout = -time.Second },
		func(c *Config) { c.RetryWaitMin, c.RetryWaitMax = time.Minute, time.Second },
	}
	for i, mod := range bad {
		cfg := base
		mod(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("bad config %d accepted", i)
		}
	}
	cfg := base
	cfg.MaxRetries = -5
	if _, err := New(cfg); err != nil {
		t.Errorf("negative MaxRetries should clamp to 0: %v", err)
	}
}

// Zero means the default for every field, MaxRetries and RateLimitMaxWait included; NoRetries and NoWait ask for
// none. (The chain builds its layers from these settings: transport's TestNewBuildsTheChain.)
func TestNewDefaults(t *testing.T) {
	tc, err := chainConfig(Config{BaseURL: "https://acme.happyfox.com/api/1.1/json/", APIKey: "k", AuthCode: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if tc.MaxRetries != DefaultMaxRetries || tc.RateLimitMaxWait != DefaultRateLimitMaxWait ||
		tc.RetryWaitMin != time.Second || tc.RetryWaitMax != 30*time.Second || tc.DefaultLockout != 10*time.Minute {
		t.Fatalf("retry defaults = %+v", tc)
	}
	if tc.GetRequestsPerMinute != 500 || tc.WriteRequestsPerMinute != 300 {
		t.Fatalf("limiter defaults: %v %v", tc.GetRequestsPerMinute, tc.WriteRequestsPerMinute)
	}
	if tc.RequestTimeout != 30*time.Second {
		t.Fatalf("timeout = %s", tc.RequestTimeout)
	}
	if tc.UserAgent != DefaultUserAgent {
		t.Fatalf("user agent %q", tc.UserAgent)
	}
	if tc.Base == nil || tc.BaseURL.String() != "https://acme.happyfox.com/api/1.1/json/" {
		t.Fatalf("base transport %v, base URL %v", tc.Base, tc.BaseURL)
	}

	tc, err = chainConfig(Config{BaseURL: "https://acme.happyfox.com/api/1.1/json/", APIKey: "k", AuthCode: "c", MaxRetries: NoRetries, RateLimitMaxWait: NoWait})
	if err != nil {
		t.Fatal(err)
	}
	if tc.MaxRetries != 0 || tc.RateLimitMaxWait != 0 {
		t.Fatalf("NoRetries / NoWait gave maxRetries %d, maxWait %s; want none", tc.MaxRetries, tc.RateLimitMaxWait)
	}
}

func TestRequestHeadersEndToEnd(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "statuses/", 200, `[]`)
	if _, err := api.client().ListStatuses(t.Context()); err != nil {
		t.Fatal(err)
	}
	r := api.last()
	if r.Header.Get("User-Agent") != "test-agent/1.0" || r.Header.Get("Accept") != "application/json" || !strings.HasPrefix(r.Header.Get("Authorization"), "Basic ") {
		t.Fatalf("headers = %v", r.Header)
	}
}

func TestUnauthorizedEndToEnd(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "statuses/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		w.Header().Set("WWW-Authenticate", `Basic realm="API"`)
		w.WriteHeader(401)
	})
	_, err := api.client().ListStatuses(t.Context())
	if !IsUnauthorized(err) || !strings.Contains(err.Error(), "rejected the API key / auth code") {
		t.Fatalf("err = %v", err)
	}
	if len(api.requests()) != 1 {
		t.Fatal("401 retried")
	}
}
