package happyfoxsim_test

import (
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// EchoCredentials makes a 4xx answer echo the Authorization header and the key and code.
func TestEchoCredentialsEchoesTheAuthorizationHeader(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetFaults(happyfoxsim.Faults{EchoCredentials: true})
	r := h.get("contact_group/999/", 404)
	for _, want := range []string{"Authorization: Basic ", happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, "Not found"} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("the 404 body does not echo %q: %s", want, r.body)
		}
	}
}
