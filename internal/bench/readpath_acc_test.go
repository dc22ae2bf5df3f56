package bench

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// End-to-end tests of the read path (internal/client/readpath.go): the built provider under the real CLI. They
// run with TF_ACC=1 (make test); the benchmark measures the same at larger scale.

func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if !accEnabled() {
		t.Skip("set TF_ACC=1 to run end-to-end tests")
	}
}

const (
	routeGetAsset   = "GET /asset/{id}/"
	routeListAssets = "GET /assets/"
)

// A plan that refreshes 300 assets of one type costs at most 60 GETs, and still sees what changed in HappyFox
// since the apply: a deleted asset is planned for creation, a changed custom field for update.
func TestAccReadPath_refreshOfManyAssetsCostsPages(t *testing.T) {
	skipUnlessAcc(t)
	const n = 300
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	w := newWorkspace(t, sim, unlimited, "")
	w.config(fmt.Sprintf(`resource "happyfox_asset" "many" {
  count         = %d
  asset_type_id = 2
  name          = "Laptop ${count.index}"
  display_id    = "LAP-${count.index}"
  custom_fields = { "45" = "SN-${count.index}" }
}
`, n))
	w.tf("apply", "-auto-approve", "-input=false")
	ids := stateIDs(t, w, "happyfox_asset")["many"]
	if len(ids) != n {
		t.Fatalf("%d assets in state, want %d", len(ids), n)
	}
	deleted, err := strconv.ParseInt(ids[7], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	changed, err := strconv.ParseInt(ids[260], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	sim.sim.RemoveAsset(deleted)
	sim.sim.SetAssetCustomField(changed, 45, "changed outside Terraform")

	res, err := w.try("plan", "-input=false", "-detailed-exitcode")
	if err == nil || !strings.Contains(res.Output, "1 to add, 1 to change, 0 to destroy") {
		t.Fatalf("plan after changes outside Terraform: %v\n%s", err, tail(res.Output, 40))
	}
	checkRefreshCost(t, res, n, 60)

	w.tf("apply", "-auto-approve", "-input=false")
	res = w.tf("plan", "-input=false", "-detailed-exitcode") // exit code 0: no changes
	checkRefreshCost(t, res, n, 60)
}

func checkRefreshCost(t *testing.T, res run, n, limit int) {
	t.Helper()
	single, list := res.Stats.Routes[routeGetAsset], res.Stats.Routes[routeListAssets]
	t.Logf("%s: %d single GETs + %d list pages for %d assets (%s)", res.command(), single, list, n, res.routes())
	if single+list > limit {
		t.Errorf("refreshing %d assets cost %d GETs (%d single, %d pages), want at most %d", n, single+list, single, list, limit)
	}
}

// Three managed assets in an asset type with 10,000 cost three GETs: the type is never listed.
func TestAccReadPath_fewAssetsInLargeAccountCostSingleGets(t *testing.T) {
	skipUnlessAcc(t)
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	fillAssets(t, sim, 1, 10_000)
	w := newWorkspace(t, sim, unlimited, "")
	w.config(assetsConfig(3, "Few"))
	w.tf("apply", "-auto-approve", "-input=false")
	res := w.tf("plan", "-input=false", "-detailed-exitcode")
	if single, list := res.Stats.Routes[routeGetAsset], res.Stats.Routes[routeListAssets]; single != 3 || list != 0 {
		t.Errorf("refreshing 3 assets among 10,000: %d single GETs and %d list pages, want 3 and 0", single, list)
	}
}
