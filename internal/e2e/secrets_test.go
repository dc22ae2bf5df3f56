package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const (
	secretKey  = "AKsecret7c1e9d"
	secretCode = "ACsecret2b44f0"
)

// forms returns the ways a credential could leak: as is, and inside a Basic Authorization header.
func forms(key, code string) []string {
	return []string{key, code, base64.StdEncoding.EncodeToString([]byte(key + ":" + code))}
}

func assertNoSecrets(t *testing.T, what, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s contains the secret %q", what, s)
		}
	}
}

// An apply at TF_LOG=trace must not write the API key or the auth code anywhere: not to the log (which holds the
// provider's request logs), not to the CLI output, not to the state.
func TestSecretsNeverInTraceLogOrState(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: secretKey, AuthCode: secretCode})
	w := newWorkspace(t, sim, secretKey, secretCode, `
provider "happyfox" {}
data "happyfox_statuses" "all" {}
resource "happyfox_contact_group" "g" {
  name           = "Secrets test"
  tagged_domains = ["example.com"]
}
`)
	logPath := filepath.Join(w.dir, "trace.log")
	out, err := w.run([]string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath}, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	logText, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// Prove the log holds the provider's own request logs, so that the check below can fail.
	if !strings.Contains(string(logText), "contact_groups/") {
		t.Fatalf("the trace log holds no HappyFox request log; the test would prove nothing (%d bytes)", len(logText))
	}
	state, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	secrets := forms(secretKey, secretCode)
	assertNoSecrets(t, "the TF_LOG=trace log", string(logText), secrets)
	assertNoSecrets(t, "the CLI output", out, secrets)
	assertNoSecrets(t, "the state", string(state), secrets)
}

// With a wrong auth code the apply fails with a clear error that names neither the key nor the code.
func TestSecretsNeverInErrors(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: secretKey, AuthCode: secretCode})
	const wrongCode = "ACwrong99aa11"
	w := newWorkspace(t, sim, secretKey, wrongCode, `
provider "happyfox" {}
resource "happyfox_contact_group" "g" {
  name = "Never created"
}
`)
	logPath := filepath.Join(w.dir, "trace.log")
	out, err := w.run([]string{"TF_LOG=trace", "TF_LOG_PATH=" + logPath}, "apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("apply with a wrong auth code succeeded:\n%s", out)
	}
	if !strings.Contains(out, "rejected the credentials") {
		t.Fatalf("the error does not say the credentials were rejected:\n%s", out)
	}
	logText, _ := os.ReadFile(logPath)
	secrets := append(forms(secretKey, wrongCode), secretCode)
	assertNoSecrets(t, "the error output", out, secrets)
	assertNoSecrets(t, "the TF_LOG=trace log", string(logText), secrets)
}
