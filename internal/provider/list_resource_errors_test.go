package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// TestAccListResources_apiError: when HappyFox fails the list request, `terraform query` fails with an error
// that says what could not be listed (the result streamList pushes when its body returns an error).
func TestAccListResources_apiError(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(queryMinVersion)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: sim.providerBlock("max_retries = 0")},
			{
				PreConfig: func() {
					sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1, Routes: []string{"GET /contact_groups/"}})
				},
				Query: true,
				Config: `
list "happyfox_contact_group" "all" {
  provider = happyfox
}
`,
				ExpectError: regexp.MustCompile(`list the contact groups`),
			},
		},
	})
}
