package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// requireQueryCLI skips the test unless the CLI is Terraform >= 1.14 (list resources and `terraform query`;
// OpenTofu has neither).
func requireQueryCLI(t *testing.T) {
	t.Helper()
	out, err := exec.Command(tfBinary, "version", "-json").Output()
	if err != nil {
		t.Skipf("cannot tell the CLI version: %v", err)
	}
	var v struct {
		TerraformVersion string `json:"terraform_version"`
	}
	if err := json.Unmarshal(jsonPart(out), &v); err != nil || v.TerraformVersion == "" {
		t.Skipf("cannot tell the CLI version from %q", out)
	}
	if strings.Contains(filepath.Base(tfBinary), "tofu") {
		t.Skip("OpenTofu has no terraform query")
	}
	if got := version.Must(version.NewVersion(v.TerraformVersion)); got.LessThan(version.Must(version.NewVersion("1.14.0"))) {
		t.Skipf("Terraform %s has no terraform query (needs 1.14 or newer)", got)
	}
}

// adoptionQuery renders the .tfquery.hcl that lists a whole account: every contact, group, asset of the
// given types and ticket field's choices, and the members of every group.
func adoptionQuery(groupIDs, assetTypeIDs []int64) string {
	var b strings.Builder
	b.WriteString(`
list "happyfox_contact" "all" {
  provider         = happyfox
  include_resource = true
  limit            = 100000
}
list "happyfox_contact_group" "all" {
  provider         = happyfox
  include_resource = true
  limit            = 100000
}
list "happyfox_ticket_custom_field_choices" "all" {
  provider         = happyfox
  include_resource = true
}
`)
	for _, id := range assetTypeIDs {
		fmt.Fprintf(&b, `
list "happyfox_asset" "type_%d" {
  provider         = happyfox
  include_resource = true
  limit            = 100000
  config {
    asset_type_id = %d
  }
}
`, id, id)
	}
	for _, id := range groupIDs {
		fmt.Fprintf(&b, `
list "happyfox_contact_group_membership" "group_%d" {
  provider         = happyfox
  include_resource = true
  limit            = 100000
  config {
    group_id = %d
  }
}
`, id, id)
	}
	return b.String()
}

// TestAdoptAccount_query adopts a whole hand-made account the way the adoption guide says: terraform query
// -generate-config-out writes resource and import blocks, one apply imports everything with zero write
// requests, and the next plan is empty.
func TestAdoptAccount_query(t *testing.T) {
	skipUnlessAcc(t)
	requireQueryCLI(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: "e2e-key", AuthCode: "e2e-code"})
	acc := sim.SeedAdoptionAccount(120, 30, 60)
	var groupIDs []int64
	for _, g := range sim.ContactGroups() {
		groupIDs = append(groupIDs, g.ID)
	}
	var typeIDs []int64
	for _, at := range sim.AssetTypes() {
		typeIDs = append(typeIDs, at.ID)
	}
	w := newWorkspace(t, sim, "e2e-key", "e2e-code", "provider \"happyfox\" {}\n")
	writeFile(t, filepath.Join(w.dir, "adopt.tfquery.hcl"), adoptionQuery(groupIDs, typeIDs))

	sim.ResetCounters()
	if out, err := w.run(nil, "query", "-generate-config-out=adopt.tf"); err != nil {
		t.Fatalf("terraform query: %v\n%s", err, out)
	}
	q := sim.Counters().Routes
	for route, n := range q {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("terraform query sent %d %s", n, route)
		}
		if strings.HasPrefix(route, "GET /user/") || strings.HasPrefix(route, "GET /asset/") {
			t.Errorf("terraform query fetched objects one at a time: %d %s", n, route)
		}
	}
	gen, err := os.ReadFile(filepath.Join(w.dir, "adopt.tf"))
	if err != nil {
		t.Fatal(err)
	}
	contacts, assets := len(sim.Contacts()), len(sim.Assets())
	members := 0
	for _, g := range sim.ContactGroups() {
		members += len(g.Members)
	}
	want := contacts + len(groupIDs) + assets + members
	imports := strings.Count(string(gen), "\nimport {")
	if imports < want {
		t.Fatalf("adopt.tf has %d import blocks, want at least %d (contacts %d, groups %d, assets %d, memberships %d)",
			imports, want, contacts, len(groupIDs), assets, members)
	}
	t.Logf("query: %d GET users/, %d GET contact_groups/, %d GET contact_group/{id}/, %d GET assets/; %d objects",
		q["GET /users/"], q["GET /contact_groups/"], q["GET /contact_group/{id}/"], q["GET /assets/"], want)
	if len(acc.ContactIDs) != 120 {
		t.Fatalf("seeded %d contacts", len(acc.ContactIDs))
	}

	sim.ResetCounters()
	out, err := w.run(nil, "apply", "-input=false", "-auto-approve")
	if err != nil {
		t.Fatalf("terraform apply of the generated configuration: %v\n%s", err, out)
	}
	for route, n := range sim.Counters().Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("the adopting apply sent %d %s, want no write at all", n, route)
		}
	}
	m := regexp.MustCompile(`(\d+) imported, (\d+) added, (\d+) changed, (\d+) destroyed`).FindStringSubmatch(out)
	if m == nil || m[2] != "0" || m[3] != "0" || m[4] != "0" || m[1] != fmt.Sprint(imports) {
		t.Fatalf("apply summary %q, want %d imported (every import block of adopt.tf), 0 added, 0 changed, 0 destroyed\n%s", m, imports, tail(out, 3000))
	}
	if out, err := w.run(nil, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after adoption is not empty: %v\n%s", err, tail(out, 5000))
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// jsonPart drops what a CLI prints before its JSON (OpenTofu prints CLI configuration warnings on stdout).
func jsonPart(out []byte) []byte {
	if i := bytes.IndexByte(out, '{'); i >= 0 {
		return out[i:]
	}
	return out
}
