package provider

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Name lengths are counted in characters, as the documentation says, not in bytes: a contact and a group named
// with 255 non-ASCII characters (510 bytes in UTF-8) are accepted and created; 256 characters are rejected.
func TestAccReliability_namesAreCountedInCharacters(t *testing.T) {
	skipUnlessAcc(t)
	sim := newTestSim(t, happyfoxsim.Options{})
	long := strings.Repeat("é", 255)
	if utf8.RuneCountInString(long) != 255 || len(long) != 510 {
		t.Fatal("test name is not 255 characters of 2 bytes")
	}
	cfg := func(name string) string {
		return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_contact" "c" {
  name  = %[1]q
  email = "long.name@example.com"
}
resource "happyfox_contact_group" "g" {
  name = %[1]q
}
`, name)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      cfg(long + "é"),
				PlanOnly:    true,
				ExpectError: expectErrorRegexp(`(?s)name UTF-8 character count must be between 1 and 255, got: 256`),
			},
			{
				Config: cfg(long),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr("happyfox_contact.c", "name", long),
					resource.TestCheckResourceAttr("happyfox_contact_group.g", "name", long),
					func(*terraform.State) error {
						if c, ok := sim.ContactByEmail("long.name@example.com"); !ok || c.Name != long {
							return fmt.Errorf("the contact was not created with the long name")
						}
						return nil
					},
				),
			},
		},
	})
}
