// Package sdklog turns off the plugin SDK log output that Terraform would throw away. Both the provider
// (main.go) and the benchmark's floor provider (internal/bench/floorprovider) call it, so that the floor is
// measured with the same log settings as the provider.
package sdklog

import (
	"os"
	"strings"
)

// QuietDiscardedLogs turns off the log output that Terraform would throw away, for the provider whose
// terraform-plugin-log name is providerName ("happyfox" reads TF_LOG_PROVIDER_HAPPYFOX).
//
// terraform-plugin-go and terraform-plugin-framework log every RPC at TRACE level unless TF_LOG_SDK,
// TF_LOG_SDK_PROTO, TF_LOG_SDK_FRAMEWORK or TF_LOG_PROVIDER_<NAME> say otherwise, and Terraform discards
// those lines unless TF_LOG or TF_LOG_PROVIDER is set (the plugin inherits Terraform's environment, so it sees
// both). Producing them (JSON encoding, runtime.Caller, pipe writes) was about half of the provider's CPU in a
// plan of 500 resources (BENCHMARKS.md, section 5). So when neither TF_LOG nor TF_LOG_PROVIDER is set, the
// unset ones of those variables are set to "off" in this process only. Nothing a user can see changes: with
// TF_LOG or TF_LOG_PROVIDER set, every log line is produced as before, and in debug mode (-debug, where the
// provider's own terminal shows its logs) nothing is touched.
func QuietDiscardedLogs(debug bool, providerName string) {
	if debug || os.Getenv("TF_LOG") != "" || os.Getenv("TF_LOG_PROVIDER") != "" {
		return
	}
	for _, name := range Variables(providerName) {
		if _, set := os.LookupEnv(name); !set {
			_ = os.Setenv(name, "off")
		}
	}
}

// Variables are the environment variables QuietDiscardedLogs sets to "off" when they are unset.
func Variables(providerName string) []string {
	return []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_" + strings.ToUpper(providerName)}
}
