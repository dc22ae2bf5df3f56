package sdklog

import (
	"os"
	"strings"
	"testing"
)

var quietVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_HAPPYFOX"}

func TestVariables(t *testing.T) {
	if got, want := strings.Join(Variables("happyfox"), " "), strings.Join(quietVars, " "); got != want {
		t.Errorf("Variables(\"happyfox\") = %s, want %s", got, want)
	}
}

// clearLogEnv unsets every variable QuietDiscardedLogs reads or writes, restoring them after the test.
func clearLogEnv(t *testing.T) {
	for _, name := range append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, quietVars...) {
		t.Setenv(name, "")
		if err := os.Unsetenv(name); err != nil {
			t.Fatal(err)
		}
	}
}

func TestQuietDiscardedLogs(t *testing.T) {
	t.Run("Terraform discards the logs: they are turned off", func(t *testing.T) {
		clearLogEnv(t)
		t.Setenv("TF_LOG_SDK_PROTO", "debug") // set explicitly: left alone
		QuietDiscardedLogs(false, "happyfox")
		for _, name := range quietVars {
			want := "off"
			if name == "TF_LOG_SDK_PROTO" {
				want = "debug"
			}
			if got := os.Getenv(name); got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	})
	for _, tc := range []struct {
		name, env string
		debug     bool
	}{
		{"TF_LOG set: logs are produced", "TF_LOG", false},
		{"TF_LOG_PROVIDER set: logs are produced", "TF_LOG_PROVIDER", false},
		{"debug mode: logs are produced", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clearLogEnv(t)
			if tc.env != "" {
				t.Setenv(tc.env, "trace")
			}
			QuietDiscardedLogs(tc.debug, "happyfox")
			for _, name := range quietVars {
				if _, set := os.LookupEnv(name); set {
					t.Errorf("%s was set to %q", name, os.Getenv(name))
				}
			}
		})
	}
}
