package probe

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"flag"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

var update = flag.Bool("update", false, "rewrite internal/happyfoxsim/testdata/probe from a run against the simulator's defaults")

// committedFixtures are the fixtures the simulator's contract test replays.
const committedFixtures = "../happyfoxsim/testdata/probe"

// A secret-laden account: a key and code of its own, and names, e-mails, descriptions and texts that must not
// leave the run.
const (
	secretKey  = "key-Qx7/pl+ZZ-secret"
	secretCode = "code-Vw3/mm+YY-secret"
)

var secretTexts = []string{
	"Zelda Quixotic", "zelda.quixotic", "hush-corp.example", "Secret Cabal", "Top secret roster", "Ulysses Staffer",
	"ulysses@hush-corp.example", "Classified Gadgets", "Prototype Zeppelin", "ZEP-777", "Clearance Level", "Cosmic",
	"+44 20 7946 0999",
}

func secretAccount(t *testing.T) *happyfoxsim.Server {
	t.Helper()
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: secretKey, AuthCode: secretCode})
	g := sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Secret Cabal", Description: "Top secret roster", TaggedDomains: "hush-corp.example"})
	c := sim.AddContact(happyfoxsim.Contact{Name: "Zelda Quixotic", Email: "zelda.quixotic@hush-corp.example", IsLoginEnabled: true,
		Phones: []happyfoxsim.Phone{{Type: "mo", Number: "+44 20 7946 0999", IsPrimary: true}}})
	if !sim.AddContactToGroupOutside(g.ID, c.ID, true) {
		t.Fatal("AddContactToGroupOutside")
	}
	sim.AddStaff(happyfoxsim.Staff{Name: "Ulysses Staffer", Email: "ulysses@hush-corp.example", Active: true, Permissions: []string{"manage_assets"}})
	sim.AddAssetType("Classified Gadgets")
	sim.AddAssetCustomField(2, happyfoxsim.AssetCustomField{Name: "Clearance Level", Type: "dropdown",
		Choices: []happyfoxsim.Choice{{ID: 900, Text: "Cosmic", DependantFields: []any{}}}})
	if _, ok := sim.AddAsset(happyfoxsim.Asset{Name: "Prototype Zeppelin", DisplayID: "ZEP-777", AssetTypeID: 1, ContactIDs: []int64{c.ID}, CreatedBy: 1}); !ok {
		t.Fatal("AddAsset")
	}
	sim.SeedAdoptionAccount(50, 0, 0) // after the secrets, which are then on the first page of users/
	return sim
}

// TestFixturesAndReportHoldNoAccountText: a run with -write against an account full of names, e-mails and texts
// writes fixtures and a report holding none of them, and no form of the key or code; the answers the run got did
// hold them (so the redaction had work to do), ids are small fake ids, and the same id is the same fake id in every
// fixture.
func TestFixturesAndReportHoldNoAccountText(t *testing.T) {
	sim := secretAccount(t)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	cfg := testConfig(happyfoxsim.BaseURL(srv.URL))
	cfg.APIKey, cfg.AuthCode = secretKey, secretCode
	rep, err := Run(t.Context(), Options{Client: cfg, StaffID: 1, Write: true})
	if err != nil {
		t.Fatal(err)
	}

	var raw bytes.Buffer
	for _, ex := range rep.Exchanges {
		raw.Write(ex.Body)
	}
	for _, s := range []string{"Zelda Quixotic", "Secret Cabal", "Prototype Zeppelin", "Cosmic", "Ulysses Staffer"} {
		if !strings.Contains(raw.String(), s) {
			t.Fatalf("no answer held %q: the test proves nothing", s)
		}
	}

	dir := t.TempDir()
	if err := WriteFixtures(dir, rep); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	files := map[string][]byte{"stdout": out.Bytes()}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	if len(files) < 30 {
		t.Fatalf("only %d files", len(files))
	}

	forbidden := append([]string{secretKey, secretCode, base64.StdEncoding.EncodeToString([]byte(secretKey + ":" + secretCode)),
		strings.ReplaceAll(secretKey, "/", `\/`)}, secretTexts...)
	for _, c := range sim.Contacts() {
		forbidden = append(forbidden, c.Name, c.Email)
	}
	for _, g := range sim.ContactGroups() {
		forbidden = append(forbidden, g.Name, g.Description, g.TaggedDomains)
	}
	for _, a := range sim.AssetTypes() {
		forbidden = append(forbidden, a.Name)
	}
	for name, b := range files {
		for _, s := range forbidden {
			if len(s) >= 4 && bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds %q", name, s)
			}
		}
	}

	// Every string of a fixture body is a placeholder; ids are small and stable.
	byName := map[string]Fixture{}
	for name, b := range files {
		if !strings.HasSuffix(name, ".json") || name == "report.json" {
			continue
		}
		var f Fixture
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		byName[f.Name] = f
		walkStrings(f.Body, func(key, s string) {
			fakeID := idField(key) && numericKey.MatchString(s)
			if s != "" && s != placeholder && !dateLike.MatchString(s) && !fakeID {
				t.Errorf("%s: %s = %q is no placeholder", name, key, s)
			}
		})
	}
	contact, page := byName["contact"], byName["contacts"]
	cid := obj(contact.Body)["id"]
	if n, _ := strconv.Atoi(strings.TrimSpace(jsonText(cid))); n < 1 || n > 400 {
		t.Errorf("the contact's fake id is %v", cid)
	}
	if first := obj(items(page.Body)[0])["id"]; jsonText(first) != jsonText(cid) {
		t.Errorf("the same contact has fake id %v in users/ and %v in user/<id>/", first, cid)
	}
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

func walkStrings(v any, fn func(key, s string)) {
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case string:
			fn(key, x)
		}
	}
	walk("", v)
}

// TestCommittedFixturesAreTheProbesOutput: internal/happyfoxsim/testdata/probe holds exactly what the probe writes
// against the simulator's defaults (go test ./internal/probe -run TestCommittedFixtures -update rewrites it). Once
// a real account's fixtures replace them (report.json's target is then not "simulator defaults"), the test skips.
func TestCommittedFixturesAreTheProbesOutput(t *testing.T) {
	r := probeSim(t, simAccount(happyfoxsim.Assumptions{}), true)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if *update {
		if err := WriteFixtures(committedFixtures, r.rep); err != nil {
			t.Fatal(err)
		}
		return
	}
	var committed ReportFile
	b, err := os.ReadFile(filepath.Join(committedFixtures, "report.json"))
	if err != nil {
		t.Fatalf("%v (go test ./internal/probe -run TestCommittedFixtures -update writes them)", err)
	}
	if err := json.Unmarshal(b, &committed); err != nil {
		t.Fatal(err)
	}
	if committed.Target != "simulator defaults" {
		t.Skipf("the committed fixtures are of %s, not of the simulator", committed.Target)
	}
	dir := t.TempDir()
	if err := WriteFixtures(dir, r.rep); err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadDir(dir)
	got, _ := os.ReadDir(committedFixtures)
	if len(want) != len(got) {
		t.Errorf("%d files committed, the probe writes %d", len(got), len(want))
	}
	for _, e := range want {
		w, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		g, err := os.ReadFile(filepath.Join(committedFixtures, e.Name()))
		if err != nil || !bytes.Equal(w, g) {
			t.Errorf("%s differs from what the probe writes against the simulator's defaults (go test ./internal/probe -run TestCommittedFixtures -update)", e.Name())
		}
	}
}
