package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// RELIABILITY.md, "An asset attribute left out of the configuration" and "Import, `-generate-config-out`, apply", for
// happyfox_asset and happyfox_ticket_custom_field_choices, through the real CLI: import blocks -> terraform plan
// -generate-config-out -> terraform apply makes no write, and the next plan is empty, also for assets whose
// contact_ids, contact_group_ids and custom_fields are empty in HappyFox.

const e2eKey, e2eCode = "e2e-api-key-assets", "e2e-auth-code-assets"

func simWrites(sim *happyfoxsim.Server) map[string]int {
	out := map[string]int{}
	for route, n := range sim.Counters().Routes {
		if !strings.HasPrefix(route, "GET ") && n > 0 {
			out[route] = n
		}
	}
	return out
}

// planExitCode runs terraform plan -detailed-exitcode: 0 empty, 2 changes.
func planExitCode(t *testing.T, w *workspace) (int, string) {
	t.Helper()
	out, err := w.run(nil, "plan", "-input=false", "-no-color", "-detailed-exitcode")
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out
	case errors.As(err, &ee):
		return ee.ExitCode(), out
	}
	t.Fatalf("plan: %v\n%s", err, out)
	return -1, out
}

func TestImportGenerateConfigApplyWritesNothing(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: e2eKey, AuthCode: e2eCode})
	// A laptop with custom field values, linked to nothing; the seed's assets 1 (a contact and a group) and 2
	// (nothing linked, no custom field values).
	laptop := sim.ReplaceAssetOutside(happyfoxsim.Asset{ID: 900, Name: "Imported laptop", DisplayID: "LAP-900", AssetTypeID: 2, CreatedBy: 1})
	if !laptop || !sim.SetAssetCustomField(900, 45, "SER-900") || !sim.SetAssetCustomField(900, 50, []any{4, 6}) {
		t.Fatal("seeding the laptop failed")
	}
	w := newWorkspace(t, sim, e2eKey, e2eCode, `
import {
  to = happyfox_asset.printer
  id = "1"
}
import {
  to = happyfox_asset.screen
  id = "2"
}
import {
  to = happyfox_asset.laptop
  id = "900"
}
import {
  to = happyfox_ticket_custom_field_choices.product
  id = "62"
}
`)
	if out, err := w.run(nil, "plan", "-input=false", "-no-color", "-generate-config-out=generated.tf"); err != nil {
		t.Fatalf("plan -generate-config-out: %v\n%s", err, out)
	}
	generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated configuration:\n%s", generated)
	out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve")
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	if !strings.Contains(out, "4 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("apply did more than import:\n%s", out)
	}
	if n := simWrites(sim); len(n) != 0 {
		t.Errorf("import, generated configuration and apply made writes: %v\n%s", n, out)
	}
	if code, out := planExitCode(t, w); code != 0 {
		t.Errorf("the plan after the import is not empty (exit %d):\n%s", code, out)
	}
	if n := simWrites(sim); len(n) != 0 {
		t.Errorf("writes after the import: %v", n)
	}
	for id, want := range map[int64]int{1: 1, 900: 0} {
		if a, _ := sim.Asset(id); len(a.ContactIDs) != want {
			t.Errorf("asset %d has contacts %v, want %d", id, a.ContactIDs, want)
		}
	}
}

// RELIABILITY.md, "An update drops, renames or reorders ticket field choices", through the real CLI: the plan that
// drops a choice names it in a warning, before anything is sent; the plan that only reorders says so.
func TestChoicesPlanWarnsBeforeDeleting(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: e2eKey, AuthCode: e2eCode})
	cfg := func(texts ...string) string {
		var b strings.Builder
		for _, s := range texts {
			b.WriteString(`    { text = "` + s + `" },` + "\n")
		}
		return "resource \"happyfox_ticket_custom_field_choices\" \"product\" {\n  field_id = 62\n  choices = [\n" + b.String() + "  ]\n}\n"
	}
	w := newWorkspace(t, sim, e2eKey, e2eCode, cfg("Widget", "Gadget", "Gizmo"))
	if out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	main := filepath.Join(w.dir, "main.tf")
	rewrite := func(c string) {
		raw, err := os.ReadFile(main)
		if err != nil {
			t.Fatal(err)
		}
		head, _, _ := strings.Cut(string(raw), "resource ")
		writeFile(t, main, head+c)
	}

	rewrite(cfg("Gizmo", "Widget", "Gadget"))
	before := sim.Counters().Routes["PUT /ticket_custom_field/{id}/"]
	code, out := planExitCode(t, w)
	if code != 2 || !strings.Contains(out, "Choices will only be reordered") || strings.Contains(out, "will be deleted") {
		t.Errorf("a reorder plan (exit %d) must say it only reorders:\n%s", code, out)
	}

	rewrite(cfg("Widget", "Gizmo"))
	code, out = planExitCode(t, w)
	flat := strings.Join(strings.Fields(out), " ")
	if code != 2 || !strings.Contains(flat, "Choices will be deleted") || !strings.Contains(flat, `"Gadget" (id 5)`) {
		t.Errorf("the plan (exit %d) does not name the deleted choice:\n%s", code, out)
	}
	if after := sim.Counters().Routes["PUT /ticket_custom_field/{id}/"]; after != before {
		t.Errorf("planning sent %d PUTs", after-before)
	}
}

// RELIABILITY.md, "The state's asset id now names another asset", without a refresh to catch it: when the state's asset
// id names another asset (of another type, with another name and display_id), apply -refresh=false sends no PUT and
// destroy -refresh=false sends no DELETE; the destroy only forgets the resource and says so.
func TestAssetWritesNeverTouchAForeignAsset(t *testing.T) {
	skipUnlessAcc(t)
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: e2eKey, AuthCode: e2eCode})
	cfg := func(name string) string {
		return "resource \"happyfox_asset\" \"laptop\" {\n  asset_type_id = 2\n  name = \"" + name + "\"\n  display_id = \"LAP-6001\"\n}\n"
	}
	w := newWorkspace(t, sim, e2eKey, e2eCode, cfg("Laptop"))
	if out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	var id int64
	for got := range w.stateIDs("happyfox_asset") {
		id = got
	}
	foreign := happyfoxsim.Asset{ID: id, Name: "Lobby Kiosk", DisplayID: "KSK-001", AssetTypeID: 1, CreatedBy: 1}
	sim.ReplaceAssetOutside(foreign)
	main := filepath.Join(w.dir, "main.tf")
	raw, _ := os.ReadFile(main)
	writeFile(t, main, strings.Replace(string(raw), `name = "Laptop"`, `name = "Laptop 2"`, 1))

	out, err := w.run(nil, "apply", "-input=false", "-no-color", "-auto-approve", "-refresh=false")
	if err == nil || !strings.Contains(strings.Join(strings.Fields(out), " "), "its id now names another asset") {
		t.Errorf("apply -refresh=false over a foreign asset: err %v\n%s", err, out)
	}
	out, err = w.run(nil, "destroy", "-input=false", "-no-color", "-auto-approve", "-refresh=false")
	if err != nil || !strings.Contains(out, "Asset not deleted") {
		t.Errorf("destroy -refresh=false: err %v\n%s", err, out)
	}
	if n := sim.Counters().Routes["PUT /asset/{id}/"] + sim.Counters().Routes["DELETE /asset/{id}/"]; n != 0 {
		t.Errorf("%d PUT/DELETE sent to the foreign asset", n)
	}
	if a, ok := sim.Asset(id); !ok || a.Name != "Lobby Kiosk" {
		t.Errorf("the foreign asset was changed or deleted: %+v (found %v)", a, ok)
	}
	if ids := w.stateIDs("happyfox_asset"); len(ids) != 0 {
		t.Errorf("the destroy left %v in the state", ids)
	}
}
