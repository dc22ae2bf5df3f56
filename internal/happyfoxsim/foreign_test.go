package happyfoxsim_test

import (
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// ForeignAnswerRate carries the create out but answers with the oldest other object of the kind.
func TestForeignAnswerCarriesOutTheCreateButAnswersAnotherObject(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetFaults(happyfoxsim.Faults{ForeignAnswerRate: 1})
	got := h.post("contact_groups/", map[string]any{"name": "Brand new"}, 200).obj(t)
	if got["name"] == "Brand new" {
		t.Fatalf("the answer describes the created group: %v", got)
	}
	h.sim.SetFaults(happyfoxsim.Faults{})
	var found bool
	for _, g := range h.get("contact_groups/", 200).list(t) {
		if g.(map[string]any)["name"] == "Brand new" {
			found = true
		}
	}
	if !found {
		t.Fatal("the create was not carried out")
	}
	if n := h.sim.Counters().ForeignAnswers; n != 1 {
		t.Fatalf("ForeignAnswers = %d, want 1", n)
	}
}

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
