package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// opCase describes the operations of one resource type for the API-calls table.
type opCase struct {
	resource string // resource type
	title    string // what one instance is, e.g. "a contact group with 120 members"
	setup    func(*happyfoxsim.Server) map[string]string
	create   string // configuration (text/template-free: %s placeholders are filled by setup's values via fill)
	update   string
	// min is the fewest requests HappyFox's API allows for each operation, by route; why lists the reason of
	// every request above the minimum, by operation and route.
	min map[string]map[string]int
	why map[string]map[string]string
}

// ops are the operations, in table order, and the command each is measured with. Update and destroy skip
// Terraform's refresh so that they show the operation alone (refresh is its own row).
var ops = []struct{ name, args string }{
	{"create", "apply -auto-approve -input=false"},
	{"refresh", "plan -refresh-only -input=false"},
	{"update", "apply -auto-approve -input=false -refresh=false"},
	{"import", "import -input=false ADDR ID"},
	{"destroy", "destroy -auto-approve -input=false -refresh=false"},
}

const (
	whyAssetFields = "the asset type's custom field definitions (`GET /asset_custom_fields/`), fetched once per provider " +
		"process whatever the number of assets: the plan checks the values, the apply turns them into HappyFox's types " +
		"(numbers, choice ids); plan and apply are separate processes"
	whyAssetIdentity = "the asset under the state's id, read before the write: the provider never updates or deletes " +
		"an asset that is not the state's (another type, or neither the name nor the display_id matches); served from " +
		"the type's paged list when many assets are written"
	whyGroupSyncRead = "the group's current members, so that the membership calls send only the difference (members " +
		"may have been added in HappyFox, e.g. by tagged domains) and never re-post the 100-contact batches needlessly"
	whyGroupReadBack = "read back after the writes: the group POST response has no members and the membership calls " +
		"answer per item, so this GET is what proves every member and access flag was stored (checkApplied, checkMembersApplied)"
	whyChoicesRead = "the field's current choices: the PUT replaces the whole list, and every kept choice must be " +
		"sent with its id and its dependant_fields exactly as HappyFox has them at apply time"
	whyChoicesList = "the ticket custom field list (memoized, once per provider process): the plan and the import " +
		"check that the field exists and is a dropdown or multiple-choice field"
)

func assetCase() opCase {
	return opCase{
		resource: "happyfox_asset",
		title:    "an asset with one custom field",
		create: `resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Bench laptop"
  display_id    = "BENCH-LAP-1"
  custom_fields = { "45" = "SN-0001" }
}
`,
		update: `resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Bench laptop (renamed)"
  display_id    = "BENCH-LAP-1"
  custom_fields = { "45" = "SN-0002" }
}
`,
		min: map[string]map[string]int{
			"create": {"POST /assets/": 1}, "refresh": {"GET /asset/{id}/": 1}, "update": {"PUT /asset/{id}/": 1},
			"import": {"GET /asset/{id}/": 1}, "destroy": {"DELETE /asset/{id}/": 1},
		},
		why: map[string]map[string]string{
			"create":  {"GET /asset_custom_fields/": whyAssetFields},
			"update":  {"GET /asset_custom_fields/": whyAssetFields, "GET /asset/{id}/": whyAssetIdentity},
			"destroy": {"GET /asset/{id}/": whyAssetIdentity},
		},
	}
}

func contactGroupCase() opCase {
	return opCase{
		resource: "happyfox_contact_group",
		title:    "a contact group with 120 members (`contacts`); the update changes the description and swaps 10 members",
		setup: func(sim *happyfoxsim.Server) map[string]string {
			var ids []string
			for i := range 130 {
				c := sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Member %d", i), Email: fmt.Sprintf("member%d@bench.example", i), IsLoginEnabled: true})
				ids = append(ids, fmt.Sprint(c.ID))
			}
			return map[string]string{
				"CREATE": memberList(ids[:120]),
				"UPDATE": memberList(ids[10:130]),
			}
		},
		create: `resource "happyfox_contact_group" "x" {
  name        = "Bench group"
  description = "Created by the benchmark"
  contacts    = CREATE
}
`,
		update: `resource "happyfox_contact_group" "x" {
  name        = "Bench group"
  description = "Updated by the benchmark"
  contacts    = UPDATE
}
`,
		min: map[string]map[string]int{
			"create":  {"POST /contact_groups/": 1, "POST /contact_group/{id}/update_contacts/": 2},
			"refresh": {"GET /contact_group/{id}/": 1},
			"update": {"POST /contact_group/{id}/": 1, "POST /contact_group/{id}/update_contacts/": 1,
				"POST /contact_group/{id}/delete_contacts/": 1},
			"import":  {"GET /contact_group/{id}/": 1},
			"destroy": {},
		},
		why: map[string]map[string]string{
			"create": {"GET /contact_group/{id}/": "1st: " + whyGroupSyncRead + "; 2nd: " + whyGroupReadBack},
			"update": {"GET /contact_group/{id}/": "1st: " + whyGroupSyncRead + "; 2nd: " + whyGroupReadBack},
		},
	}
}

func memberList(ids []string) string {
	parts := make([]string, 0, len(ids))
	for _, id := range ids {
		parts = append(parts, fmt.Sprintf("{ contact_id = %s }", id))
	}
	return "[\n    " + strings.Join(parts, ",\n    ") + "\n  ]"
}

func ticketChoicesCase() opCase {
	return opCase{
		resource: "happyfox_ticket_custom_field_choices",
		title:    "the choices of a dropdown ticket field (3 options; the update renames one)",
		create: `resource "happyfox_ticket_custom_field_choices" "x" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }]
}
`,
		update: `resource "happyfox_ticket_custom_field_choices" "x" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo 2" }]
}
`,
		min: map[string]map[string]int{
			"create": {"PUT /ticket_custom_field/{id}/": 1}, "refresh": {"GET /ticket_custom_field/{id}/": 1},
			"update": {"PUT /ticket_custom_field/{id}/": 1}, "import": {"GET /ticket_custom_field/{id}/": 1},
			"destroy": {},
		},
		why: map[string]map[string]string{
			"create": {"GET /ticket_custom_field/{id}/": whyChoicesRead, "GET /ticket_custom_fields/": whyChoicesList},
			"update": {"GET /ticket_custom_field/{id}/": whyChoicesRead, "GET /ticket_custom_fields/": whyChoicesList},
			"import": {"GET /ticket_custom_fields/": whyChoicesList},
		},
	}
}

// opCases are the resource types of the table. Types whose resource is not registered in this build are left
// out by benchCalls (the provider rejects their configuration).
func opCases() []opCase {
	return []opCase{assetCase(), contactGroupCase(), ticketChoicesCase(), contactCase(), membershipCase()}
}

func benchCalls(t *testing.T, r *report) {
	s := func(format string, args ...any) { r.printf("calls", format, args...) }
	s("## 1. API calls per operation\n\n")
	s("One instance of each resource type, each operation measured with its own command (update and destroy with " +
		"`-refresh=false`, so the refresh is not counted twice; import is `terraform import` after `terraform state rm`). " +
		"\"Minimum\" is the fewest requests HappyFox's API allows for the operation; every request above it is listed " +
		"with its reason. Simulator: default options (500 GET / 300 writes per minute); provider: default settings.\n\n")
	s("| Resource | Operation | Command | API calls | Minimum | Extra calls and why |\n|---|---|---|---|---|---|\n")
	for _, c := range opCases() {
		t.Run(c.resource, func(t *testing.T) { measureOps(t, r, c, s) })
	}
	s("\n")
}

func measureOps(t *testing.T, r *report, c opCase, s func(string, ...any)) {
	sim := newSimEnv(t, happyfoxsim.Options{})
	fill := map[string]string{}
	if c.setup != nil {
		fill = c.setup(sim.sim)
	}
	w := newWorkspace(t, sim, limits{}, "")
	addr := c.resource + ".x"
	for _, op := range ops {
		cfg := c.create
		if op.name != "create" && op.name != "refresh" {
			cfg = c.update
		}
		for k, v := range fill {
			cfg = strings.ReplaceAll(cfg, k, v)
		}
		w.config(cfg)
		args := strings.Fields(op.args)
		if op.name == "import" {
			id := stateID(t, w, c.resource, "x")
			w.tf("state", "rm", addr)
			for i, a := range args {
				switch a {
				case "ADDR":
					args[i] = addr
				case "ID":
					args[i] = id
				}
			}
		}
		res := w.tf(args...)
		key := "calls/" + c.resource + "/" + op.name
		r.put(key, measure{Command: res.command(), Calls: res.routes(), Total: res.Stats.Total, Gets: res.gets(), Writes: res.writes(), Seconds: secs(res.Elapsed)})
		minimum, extra := explain(res.Stats.Routes, c.min[op.name], c.why[op.name])
		s("| `%s` | %s | `%s` | %d: %s | %s | %s |\n", c.resource, op.name, res.command(), res.Stats.Total, res.routes(), minimum, extra)
		t.Logf("%s %s: %d calls (%s)", c.resource, op.name, res.Stats.Total, res.routes())
	}
}

// explain renders the minimum and lists the calls above it with their reasons ("**no reason recorded**" flags a
// call the document cannot explain, so the table never hides one).
func explain(got, minimum map[string]int, why map[string]string) (string, string) {
	var mins []string
	total := 0
	for _, k := range sortedKeys(minimum) {
		mins = append(mins, fmt.Sprintf("%d× `%s`", minimum[k], k))
		total += minimum[k]
	}
	minText := fmt.Sprintf("%d", total)
	if len(mins) > 0 {
		minText += ": " + strings.Join(mins, ", ")
	}
	var extras []string
	for _, k := range sortedKeys(got) {
		if n := got[k] - minimum[k]; n > 0 {
			reason := why[k]
			if reason == "" {
				reason = "**no reason recorded**"
			}
			extras = append(extras, fmt.Sprintf("+%d× `%s`: %s", n, k, reason))
		}
	}
	for _, k := range sortedKeys(minimum) {
		if n := minimum[k] - got[k]; n > 0 {
			extras = append(extras, fmt.Sprintf("%d× `%s` fewer than the minimum?!", n, k))
		}
	}
	if len(extras) == 0 {
		return minText, "none"
	}
	return minText, strings.Join(extras, "<br>")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stateID returns the id attribute of resource type.name from the workspace's state file.
func stateID(t testing.TB, w *workspace, typ, name string) string {
	t.Helper()
	ids := stateIDs(t, w, typ)
	id, ok := ids[name]
	if !ok || len(id) == 0 {
		t.Fatalf("no %s.%s in state", typ, name)
	}
	return id[0]
}

// stateIDs returns the ids of every instance of type, by resource name.
func stateIDs(t testing.TB, w *workspace, typ string) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatalf("reading state: %v", err)
	}
	var st struct {
		Resources []struct {
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				Attributes struct {
					ID json.RawMessage `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		t.Fatalf("decoding state: %v", err)
	}
	out := map[string][]string{}
	for _, res := range st.Resources {
		if res.Type != typ {
			continue
		}
		for _, in := range res.Instances {
			out[res.Name] = append(out[res.Name], strings.Trim(string(in.Attributes.ID), `"`))
		}
	}
	return out
}
