package bench

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Adopting a whole account with `terraform query -generate-config-out` and one apply (the adoption guide), for
// an account of 2,000 contacts, 300 groups (each contact in one: 2,000 memberships) and 1,000 assets. It needs
// Terraform >= 1.14 (scripts/bench.sh runs it under the newest Terraform built by scripts/build-terraform.sh)
// and is not part of TestBench, so BENCHMARKS.md is not rewritten by it: its numbers are printed.
//
// The simulator and the provider run without rate limits, so the measured wall time is the CPU cost of Terraform
// and the provider on loopback; the time at HappyFox's real limits is bounded below by the GETs at 500 per minute
// (§1.3), which the provider's client-side budget paces to.
const (
	adoptContacts = 2000
	adoptGroups   = 300
	adoptAssets   = 1000
	realGetLimit  = 500 // GETs per minute (docs/dev/happyfox-api.md §1.3)
)

func TestBenchAdopt(t *testing.T) {
	if !benchEnabled() {
		t.Skip("set HAPPYFOX_BENCH=1 (scripts/bench.sh) to run the benchmark")
	}
	requireQueryCLI(t)
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	acc := sim.sim.SeedAdoptionAccount(adoptContacts, adoptGroups, adoptAssets)
	var groupIDs, typeIDs []int64
	for _, g := range sim.sim.ContactGroups() {
		groupIDs = append(groupIDs, g.ID)
	}
	for _, at := range sim.sim.AssetTypes() {
		typeIDs = append(typeIDs, at.ID)
	}
	w := newWorkspace(t, sim, unlimited, "")
	writeFile(t, filepath.Join(w.dir, "main.tf"), "terraform {\n  required_providers {\n    happyfox = { source = \"happyfox-iac/happyfox\" }\n  }\n}\n\nprovider \"happyfox\" {}\n")
	writeFile(t, filepath.Join(w.dir, "adopt.tfquery.hcl"), adoptionQuery(groupIDs, typeIDs))

	q := w.tf("query", "-generate-config-out=adopt.tf")
	a := w.tf("apply", "-auto-approve", "-input=false")
	p, err := w.try("plan", "-detailed-exitcode", "-input=false")
	if err != nil {
		t.Fatalf("the plan after adoption is not empty: %v\n%s", err, tail(p.Output, 40))
	}
	if n := a.writes(); n != 0 {
		t.Errorf("the adopting apply made %d write request(s), want 0: %s", n, a.routes())
	}
	if q.writes() != 0 {
		t.Errorf("terraform query made writes: %s", q.routes())
	}
	floor := func(r run) time.Duration {
		return time.Duration(float64(r.gets()) / realGetLimit * float64(time.Minute)).Round(time.Second)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Adopting a whole account (terraform query, %s)\n\n", cliVersion(t))
	fmt.Fprintf(&b, "Account: %d contacts (3 e-mail domains, every 5th with a phone), %d contact groups plus the simulator's 2, "+
		"%d memberships, %d assets of one type plus the simulator's, %d asset types. `terraform query -generate-config-out=adopt.tf` "+
		"with one list block per kind (and one `happyfox_contact_group_membership` list block per group), then one "+
		"`terraform apply` of the generated file, then `terraform plan -detailed-exitcode`. Simulator on loopback "+
		"without latency or limits; \"at real limits\" is the GET count at HappyFox's 500 GETs per minute (a lower "+
		"bound; writes are 0).\n\n",
		len(acc.ContactIDs), len(acc.GroupIDs), len(acc.ContactIDs), len(acc.AssetIDs), len(typeIDs))
	fmt.Fprintf(&b, "| Command | GET requests | Writes | Wall time (loopback) | At real limits (≥) | Requests |\n|---|---|---|---|---|---|\n")
	for _, r := range []run{q, a, p} {
		fmt.Fprintf(&b, "| `%s` | %d | %d | %s | %s | %s |\n", r.command(), r.gets(), r.writes(),
			r.Elapsed.Round(100*time.Millisecond), floor(r), r.routes())
	}
	fmt.Println(b.String())
	t.Log("\n" + b.String())
}

func cliVersion(t *testing.T) string {
	out, err := exec.Command(tfBinary, "version", "-json").Output()
	if err != nil {
		return "unknown CLI"
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	_ = json.Unmarshal(jsonPart(out), &v)
	return "Terraform " + v.TerraformVersion
}

// requireQueryCLI skips unless the CLI is Terraform >= 1.14 (OpenTofu has no terraform query).
func requireQueryCLI(t *testing.T) {
	t.Helper()
	out, err := exec.Command(tfBinary, "version", "-json").Output()
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(jsonPart(out), &v) != nil || v.TerraformVersion == "" || strings.Contains(filepath.Base(tfBinary), "tofu") {
		t.Skipf("%s is not Terraform (terraform query needs Terraform >= 1.14; set TF_ACC_TERRAFORM_PATH)", tfBinary)
	}
	if version.Must(version.NewVersion(v.TerraformVersion)).LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("Terraform %s has no terraform query (needs 1.14 or newer; set TF_ACC_TERRAFORM_PATH)", v.TerraformVersion)
	}
}

// adoptionQuery lists every contact, group, asset of the given types, ticket field's choices, and the members of
// every group.
func adoptionQuery(groupIDs, assetTypeIDs []int64) string {
	var b strings.Builder
	for _, kind := range []string{"happyfox_contact", "happyfox_contact_group", "happyfox_ticket_custom_field_choices"} {
		fmt.Fprintf(&b, "list %q \"all\" {\n  provider         = happyfox\n  include_resource = true\n  limit            = 100000\n}\n", kind)
	}
	for _, id := range assetTypeIDs {
		fmt.Fprintf(&b, "list \"happyfox_asset\" \"type_%d\" {\n  provider         = happyfox\n  include_resource = true\n  limit            = 100000\n  config {\n    asset_type_id = %d\n  }\n}\n", id, id)
	}
	for _, id := range groupIDs {
		fmt.Fprintf(&b, "list \"happyfox_contact_group_membership\" \"group_%d\" {\n  provider         = happyfox\n  include_resource = true\n  limit            = 100000\n  config {\n    group_id = %d\n  }\n}\n", id, id)
	}
	return b.String()
}

// jsonPart drops what a CLI prints before its JSON (OpenTofu prints CLI configuration warnings on stdout).
func jsonPart(out []byte) []byte {
	if i := bytes.IndexByte(out, '{'); i >= 0 {
		return out[i:]
	}
	return out
}
