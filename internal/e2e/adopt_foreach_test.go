package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// adoptForEachExample is the guide's for_each example ("Adopting an existing HappyFox account", section 2), run as
// published: the guide includes this file, so what the test applies is what users read.
var adoptForEachExample = filepath.Join("..", "..", "examples", "guides", "adopt-for-each", "main.tf")

// seedForEachExample shapes the simulator's account to what the guide's example adopts: contact groups, contacts at
// example.com among contacts at other domains, and assets of the "Laptop" type among assets of other types. It
// returns how many objects the example must import.
func seedForEachExample(t *testing.T, sim *happyfoxsim.Server) (groups, contacts, laptops int) {
	t.Helper()
	acc := sim.SeedAdoptionAccount(80, 30, 0) // groups, and contacts at other domains
	var laptopType int64
	for _, at := range sim.AssetTypes() {
		if at.Name == "Laptop" {
			laptopType = at.ID
		}
	}
	if laptopType == 0 {
		t.Fatal(`the simulator's seed has no "Laptop" asset type, which the guide's example adopts`)
	}
	for i := 1; i <= 40; i++ {
		c := happyfoxsim.Contact{
			Name:           fmt.Sprintf("Example Person %02d", i),
			Email:          fmt.Sprintf("person-%02d@example.com", i),
			IsLoginEnabled: i%7 != 0,
			Memberships:    []happyfoxsim.Membership{{GroupID: acc.GroupIDs[i%len(acc.GroupIDs)]}},
		}
		if i%5 == 0 {
			c.Phones = []happyfoxsim.Phone{{Type: "w", Number: fmt.Sprintf("+1 555 %04d", i), IsPrimary: true}}
		}
		nc := sim.AddContact(c)
		if i == 1 { // hand-made accounts have custom field values (seed field 4 is a text field)
			sim.SetContactCustomField(nc.ID, 4, "ACME-042")
		}
		a, ok := sim.AddAsset(happyfoxsim.Asset{Name: fmt.Sprintf("Laptop %02d", i), DisplayID: fmt.Sprintf("LAP-%03d", i),
			AssetTypeID: laptopType, ContactIDs: []int64{nc.ID}, CreatedBy: 1})
		if !ok {
			t.Fatal("adding a laptop failed")
		}
		if i == 1 { // seed field 45, "Serial Number", is a text field of the Laptop type
			sim.SetAssetCustomField(a.ID, 45, "SN-0001")
		}
	}
	for i := 41; i <= 60; i++ { // laptops nobody holds
		if _, ok := sim.AddAsset(happyfoxsim.Asset{Name: fmt.Sprintf("Laptop %02d", i), DisplayID: fmt.Sprintf("LAP-%03d", i),
			AssetTypeID: laptopType, CreatedBy: 1}); !ok {
			t.Fatal("adding a laptop failed")
		}
	}
	groups = len(sim.ContactGroups())
	for _, c := range sim.Contacts() {
		if strings.HasSuffix(c.Email, "@example.com") {
			contacts++
		}
	}
	for _, a := range sim.Assets() {
		if a.AssetTypeID == laptopType {
			laptops++
		}
	}
	if total := len(sim.Contacts()); total <= 100 || contacts >= total {
		t.Fatalf("%d contacts, %d at example.com: the example must read a slice of several pages", total, contacts)
	}
	return groups, contacts, laptops
}

// TestAdoptAccount_forEach applies the guide's for_each example (examples/guides/adopt-for-each/main.tf, read from
// the file) to an account of 32 groups, 125 contacts (3 pages) of which 42 are at example.com, and 60 laptops
// (2 pages) beside assets of other types, on any CLI with for_each imports (Terraform >= 1.7, OpenTofu >= 1.7):
// the apply imports every group, every example.com contact and every laptop with zero write requests, and the
// next plan is empty.
func TestAdoptAccount_forEach(t *testing.T) {
	skipUnlessAcc(t)
	example, err := os.ReadFile(adoptForEachExample)
	if err != nil {
		t.Fatalf("reading the guide's example: %v", err)
	}
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: "e2e-key", AuthCode: "e2e-code"})
	groups, contacts, laptops := seedForEachExample(t, sim)
	w := newWorkspace(t, sim, "e2e-key", "e2e-code", string(example))

	sim.ResetCounters()
	out, err := w.run(nil, "apply", "-input=false", "-auto-approve")
	if err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, tail(out, 5000))
	}
	for route, n := range sim.Counters().Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("the adopting apply sent %d %s, want no write at all", n, route)
		}
	}
	m := regexp.MustCompile(`(\d+) imported, (\d+) added, (\d+) changed, (\d+) destroyed`).FindStringSubmatch(out)
	want := []string{strconv.Itoa(groups + contacts + laptops), "0", "0", "0"}
	if m == nil || strings.Join(m[1:], " ") != strings.Join(want, " ") {
		t.Fatalf("apply summary %q, want %s imported (%d groups, %d contacts, %d laptops), 0 added, 0 changed, 0 destroyed\n%s",
			m, want[0], groups, contacts, laptops, tail(out, 3000))
	}
	for typ, n := range map[string]int{"happyfox_contact_group": groups, "happyfox_contact": contacts, "happyfox_asset": laptops} {
		if got := len(w.stateIDs(typ)); got != n {
			t.Errorf("state holds %d %s, want %d", got, typ, n)
		}
	}
	if out, err := w.run(nil, "plan", "-input=false", "-detailed-exitcode"); err != nil {
		t.Fatalf("the plan after adoption is not empty: %v\n%s", err, tail(out, 5000))
	}
}
