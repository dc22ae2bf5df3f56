package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// An apply of several hundred writes at HappyFox's real per-minute limits finishes without a single 429. Time is
// scaled: the simulator's one-minute window is shrunk to two seconds, and the provider's budgets are scaled by
// the same factor (300 writes per 2 s = 9,000 per minute).
func TestAccReliability_manyWritesAtTheLimitNever429(t *testing.T) {
	const n = 300
	window := 2 * time.Second
	scale := int(time.Minute / window)
	sim := newTestSim(t, happyfoxsim.Options{GetLimit: 500, WriteLimit: 300, LimitWindow: window, Lockout: time.Hour})
	cfg := sim.providerBlock(fmt.Sprintf(`
  get_requests_per_minute   = %d
  write_requests_per_minute = %d
`, 500*scale, 300*scale)) + fmt.Sprintf(`
resource "happyfox_contact_group" "many" {
  count = %d
  name  = "Paced ${count.index}"
}
`, n)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				st := sim.Counters()
				if st.RateLimited != 0 {
					return fmt.Errorf("HappyFox answered 429 %d times", st.RateLimited)
				}
				if got := st.Routes["POST /contact_groups/"]; got != n {
					return fmt.Errorf("%d creates for %d groups", got, n)
				}
				created := 0
				for _, g := range sim.ContactGroups() {
					if strings.HasPrefix(g.Name, "Paced ") {
						created++
					}
				}
				if created != n {
					return fmt.Errorf("%d groups in HappyFox, want %d", created, n)
				}
				return nil
			},
		}},
	})
}
