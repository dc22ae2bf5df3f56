package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/probe"
)

func simEnv(t *testing.T, extra ...string) (*happyfoxsim.Server, func(string) (string, bool)) {
	t.Helper()
	t.Setenv("HAPPYFOX_SHARED_BUDGET", "off")
	sim := happyfoxsim.New(happyfoxsim.Options{})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	env := map[string]string{
		"HAPPYFOX_BASE_URL": happyfoxsim.BaseURL(srv.URL), "HAPPYFOX_API_KEY": happyfoxsim.DefaultAPIKey,
		"HAPPYFOX_AUTH_CODE": happyfoxsim.DefaultAuthCode, "HAPPYFOX_GET_REQUESTS_PER_MINUTE": "600000",
		"HAPPYFOX_WRITE_REQUESTS_PER_MINUTE": "600000",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return sim, func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// The command reads the provider's variables, prints the report and writes the fixtures; without -write it sends
// GET requests only.
func TestProbeCommandReadsOnlyByDefault(t *testing.T) {
	sim, env := simEnv(t)
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-fixtures", dir}, env, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "not-found=json (the simulator's default)") ||
		!strings.Contains(stdout.String(), "needs -write") {
		t.Fatalf("report: %s", stdout.String())
	}
	var rep probe.ReportFile
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil || rep.Write || rep.Target != "a HappyFox account" || len(rep.Findings) != len(happyfoxsim.Questions()) {
		t.Fatalf("report.json: %v %+v", err, rep)
	}
	for route := range sim.Counters().Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("a read-only run sent %s", route)
		}
	}
}

// -write creates the scratch asset and deletes it again.
func TestProbeCommandWrite(t *testing.T) {
	sim, env := simEnv(t, "HAPPYFOX_STAFF_ID", "1")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-write", "-fixtures", ""}, env, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	st := sim.Counters()
	if st.Routes["POST /assets/"] != 1 || st.Routes["DELETE /asset/{id}/"] != 1 {
		t.Fatalf("routes: %v", st.Routes)
	}
	if !strings.Contains(stdout.String(), "asset-put-omitted-fields=kept") {
		t.Fatalf("report: %s", stdout.String())
	}
}

// Bad settings fail before any request, naming the variable.
func TestProbeCommandRefusesBadSettings(t *testing.T) {
	for name, c := range map[string]struct {
		args []string
		env  []string
		want string
		code int
	}{
		"no account":      {nil, []string{"HAPPYFOX_BASE_URL", ""}, "HAPPYFOX_ACCOUNT", 2},
		"two accounts":    {nil, []string{"HAPPYFOX_ACCOUNT", "acme"}, "exactly one", 2},
		"write, no staff": {[]string{"-write"}, nil, "HAPPYFOX_STAFF_ID", 1},
		"bad flag":        {[]string{"-nope"}, nil, "-nope", 2},
	} {
		t.Run(name, func(t *testing.T) {
			sim, env := simEnv(t, c.env...)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), append(c.args, "-fixtures", ""), env, &stdout, &stderr); code != c.code || !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			if n := sim.Counters().Total; n != 0 {
				t.Fatalf("%d requests", n)
			}
		})
	}
}
