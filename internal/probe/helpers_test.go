package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// simAccount is the simulator as the probe's tests and its committed fixtures see it: the seed, plus 50 contacts
// so that size=60 can be told from size=50 (page-size-over-50). The simulator's contract test seeds the same.
func simAccount(a happyfoxsim.Assumptions) *happyfoxsim.Server {
	sim := happyfoxsim.New(happyfoxsim.Options{Assume: a})
	sim.SeedAdoptionAccount(50, 0, 0)
	return sim
}

type probeRun struct {
	sim *happyfoxsim.Server
	rep *Report
	err error
}

// probeSim runs the probe against sim. transport, when given, wraps the client's transport (to interrupt a run).
func probeSim(t *testing.T, sim *happyfoxsim.Server, write bool, transport ...func(http.RoundTripper) http.RoundTripper) probeRun {
	t.Helper()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return probeURL(t, context.Background(), sim, happyfoxsim.BaseURL(srv.URL), write, transport...)
}

func probeURL(t *testing.T, ctx context.Context, sim *happyfoxsim.Server, base string, write bool, transport ...func(http.RoundTripper) http.RoundTripper) probeRun {
	t.Helper()
	cfg := testConfig(base)
	if len(transport) > 0 {
		cfg.Transport = transport[0](http.DefaultTransport.(*http.Transport).Clone())
	}
	rep, err := Run(ctx, Options{Client: cfg, StaffID: 1, Write: write, Target: "simulator defaults"})
	return probeRun{sim: sim, rep: rep, err: err}
}

// testConfig: the simulator's credentials, no pacing to speak of, no waits between retries.
func testConfig(base string) client.Config {
	return client.Config{
		BaseURL: base, APIKey: happyfoxsim.DefaultAPIKey, AuthCode: happyfoxsim.DefaultAuthCode,
		GetRequestsPerMinute: 600000, WriteRequestsPerMinute: 600000,
		MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond,
	}
}
