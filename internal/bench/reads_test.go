package bench

import (
	"fmt"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// TestBenchReads measures what plans of large configurations read, at HappyFox's real limits (the simulator enforces
// 500 GETs and 300 writes a minute, the provider paces to its defaults), and prints every GET by kind and by what
// it is for (purposes_test.go). Run by scripts/bench.sh (HAPPYFOX_BENCH=1), not by make test:
// HAPPYFOX_BENCH=1 go test -count=1 -v -run '^TestBenchReads$' ./internal/bench/.
func TestBenchReads(t *testing.T) {
	if !benchEnabled() {
		t.Skip("set HAPPYFOX_BENCH=1 (scripts/bench.sh) to run the benchmark")
	}
	t.Run("groups", benchReadsGroups)
}

// benchGroups is the number of adopted contact groups whose members Terraform does not manage.
const benchGroups = 150

// benchReadsGroups: 150 contact groups adopted with import blocks, their members not managed (as the adoption
// guide's generated configuration leaves them), then planned. Goal: the plan costs at most 5 GETs.
func benchReadsGroups(t *testing.T) {
	sim := newSimEnv(t, happyfoxsim.Options{})
	groups := seedGroups(sim.sim, benchGroups)
	w := newWorkspace(t, sim, limits{}, "")
	w.config(adoptedGroupsConfig(groups))
	fmt.Printf("| Command (%d adopted contact groups, members not managed) | GETs | Writes | Wall time | GETs by purpose | GETs by kind |\n|---|---|---|---|---|---|\n", benchGroups)
	for _, args := range [][]string{
		{"apply", "-auto-approve", "-input=false"},
		{"plan", "-input=false", "-detailed-exitcode"},
	} {
		res, reqs := w.tfAccounted(args...)
		fmt.Printf("| `%s` | **%d** | %d | %.1f s | %s | %s |\n", res.command(), res.gets(), res.writes(), res.Elapsed.Seconds(),
			getsByPurpose(reqs), getsByKind(reqs))
		if args[0] == "plan" && res.gets() > 5 {
			t.Errorf("the plan of %d adopted groups cost %d GETs (%s), goal: at most 5", benchGroups, res.gets(), res.routes())
		}
		if res.writes() != 0 {
			t.Errorf("%s wrote: %s", res.command(), res.routes())
		}
	}
}
