package bench

import (
	"fmt"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// benchMetadata shows that metadata lists are fetched once per provider process however many resources and data
// sources need them.
func benchMetadata(t *testing.T, r *report) {
	const n = 20
	sim := newSimEnv(t, happyfoxsim.Options{})
	w := newWorkspace(t, sim, limits{}, "")
	w.config(fmt.Sprintf(`
data "happyfox_asset_type" "laptop" {
  count = %[1]d
  name  = "Laptop"
}

data "happyfox_asset_custom_fields" "laptop" {
  count         = %[1]d
  asset_type_id = data.happyfox_asset_type.laptop[count.index].id
}

data "happyfox_statuses" "all" {
  count = %[1]d
}

data "happyfox_ticket_custom_field" "product" {
  count = %[1]d
  name  = "Product"
}

resource "happyfox_asset" "laptop" {
  count         = %[1]d
  asset_type_id = 2
  name          = "Metadata laptop ${count.index}"
  display_id    = "META-${count.index}"
  custom_fields = { "45" = "SN-${count.index}", "47" = "16" }
}
`, n))
	apply := w.tf("apply", "-auto-approve", "-input=false")
	plan := w.tf("plan", "-input=false")
	s := func(format string, args ...any) { r.printf("metadata", format, args...) }
	s("## 3. Metadata lists: once per provider process\n\n")
	s("A configuration with %[1]d each of the `happyfox_asset_type`, `happyfox_asset_custom_fields`, `happyfox_statuses` and "+
		"`happyfox_ticket_custom_field` data sources and %[1]d `happyfox_asset` resources with custom fields. The client "+
		"memoizes every metadata list (`internal/client/memo.go`; concurrent callers share one request), so each list costs "+
		"one request per provider process. Terraform starts one provider process per walk: `apply` plans (data sources, "+
		"plan-time validation) and then applies (custom field payloads) in two processes.\n\n", n)
	s("| List | `%s` (%d resources created) | `%s` (refresh of %d) |\n|---|---|---|\n", apply.command(), n, plan.command(), n)
	for _, route := range []string{"GET /asset_types/", "GET /asset_custom_fields/", "GET /statuses/", "GET /ticket_custom_fields/"} {
		s("| `%s` | %d | %d |\n", route, apply.Stats.Routes[route], plan.Stats.Routes[route])
		r.put("metadata/apply/"+route, measure{Command: apply.command(), Total: apply.Stats.Routes[route]})
		r.put("metadata/plan/"+route, measure{Command: plan.command(), Total: plan.Stats.Routes[route]})
	}
	s("\nAll requests of the `apply`: %s.\n\n", apply.routes())
}
