package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const (
	choicesAddr     = "happyfox_ticket_custom_field_choices.test"
	putChoicesRoute = "PUT /ticket_custom_field/{id}/"
	// Seed field 62 "Product" (dropdown) holds Widget (7), Gadget (5), Gizmo (6) in that order; 63 is a text field.
	productFieldID = 62
)

func choicesConfig(sim *testSim, fieldID int64, texts ...string) string {
	var b strings.Builder
	for _, t := range texts {
		fmt.Fprintf(&b, "    { text = %q },\n", t)
	}
	return sim.providerBlock("") + fmt.Sprintf(`
resource "happyfox_ticket_custom_field_choices" "test" {
  field_id = %d
  choices = [
%s  ]
}
`, fieldID, b.String())
}

// planChoiceIDs checks the ids the plan shows: 0 means "known after apply" (a new choice).
func planChoiceIDs(ids ...int64) []plancheck.PlanCheck {
	checks := []plancheck.PlanCheck{plancheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("choices"), knownvalue.ListSizeExact(len(ids)))}
	for i, id := range ids {
		p := tfjsonpath.New("choices").AtSliceIndex(i).AtMapKey("id")
		if id == 0 {
			checks = append(checks, plancheck.ExpectUnknownValue(choicesAddr, p))
		} else {
			checks = append(checks, plancheck.ExpectKnownValue(choicesAddr, p, knownvalue.Int64Exact(id)))
		}
	}
	return checks
}

// stateChoices checks the choices in state, in order.
func stateChoices(want ...choiceRef) statecheck.StateCheck {
	elems := make([]knownvalue.Check, len(want))
	for i, c := range want {
		elems[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(c.ID), "text": knownvalue.StringExact(c.Text),
		})
	}
	return statecheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("choices"), knownvalue.ListExact(elems))
}

// simChoices checks what the simulator holds, in order.
func simChoices(sim *testSim, fieldID int64, want ...choiceRef) resource.TestCheckFunc {
	return func(*terraform.State) error {
		f, ok := sim.TicketCustomField(fieldID)
		if !ok {
			return fmt.Errorf("ticket custom field %d is gone from the simulator", fieldID)
		}
		got := make([]choiceRef, len(f.Choices))
		for i, c := range f.Choices {
			got[i] = choiceRef{c.ID, c.Text}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("simulator holds choices %v, want %v", got, want)
		}
		return nil
	}
}

func TestAccTicketCustomFieldChoices_lifecycle(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	final := []choiceRef{{8, "Sprocket"}, {7, "Widget Pro"}, {9, "Cog"}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		// Destroy forgets the resource and leaves the choices exactly as they were.
		CheckDestroy: simChoices(sim, productFieldID, final...),
		Steps: []resource.TestStep{
			{
				// Create on a field that already has choices: matching texts are adopted with their ids (known in
				// the plan), the new text is created, the unconfigured "Gadget" is deleted.
				Config: choicesConfig(sim, productFieldID, "Gizmo", "Widget", "Sprocket"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(planChoiceIDs(6, 7, 0),
						plancheck.ExpectResourceAction(choicesAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("id"), knownvalue.Int64Exact(productFieldID))),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					stateChoices(choiceRef{6, "Gizmo"}, choiceRef{7, "Widget"}, choiceRef{8, "Sprocket"}),
					statecheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("id"), knownvalue.Int64Exact(productFieldID)),
					statecheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("field_id"), knownvalue.Int64Exact(productFieldID)),
				},
				Check: simChoices(sim, productFieldID, choiceRef{6, "Gizmo"}, choiceRef{7, "Widget"}, choiceRef{8, "Sprocket"}),
			},
			{
				// Rename in place keeps the id, so tickets keep their value.
				Config: choicesConfig(sim, productFieldID, "Gizmo", "Widget Pro", "Sprocket"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(planChoiceIDs(6, 7, 8),
						plancheck.ExpectResourceAction(choicesAddr, plancheck.ResourceActionUpdate)),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: simChoices(sim, productFieldID, choiceRef{6, "Gizmo"}, choiceRef{7, "Widget Pro"}, choiceRef{8, "Sprocket"}),
			},
			{
				// Reorder: every id stays, only the order changes.
				Config: choicesConfig(sim, productFieldID, "Sprocket", "Gizmo", "Widget Pro"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             planChoiceIDs(8, 6, 7),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: simChoices(sim, productFieldID, choiceRef{8, "Sprocket"}, choiceRef{6, "Gizmo"}, choiceRef{7, "Widget Pro"}),
			},
			{
				// Add: only the new choice is "known after apply".
				Config: choicesConfig(sim, productFieldID, "Sprocket", "Gizmo", "Widget Pro", "Cog"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             planChoiceIDs(8, 6, 7, 0),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					stateChoices(choiceRef{8, "Sprocket"}, choiceRef{6, "Gizmo"}, choiceRef{7, "Widget Pro"}, choiceRef{9, "Cog"}),
				},
			},
			{
				// Remove: the PUT leaves Gizmo out, HappyFox deletes it; the others keep their ids.
				Config: choicesConfig(sim, productFieldID, "Sprocket", "Widget Pro", "Cog"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             planChoiceIDs(8, 7, 9),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{stateChoices(final...)},
				Check:             simChoices(sim, productFieldID, final...),
			},
			{
				ResourceName:      choicesAddr,
				ImportState:       true,
				ImportStateId:     "62",
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccTicketCustomFieldChoices_importAdoptsCurrentList(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// An import block: the current list is adopted as it is, and a configuration that lists it gives
				// an empty plan, so nothing is sent.
				Config: choicesConfig(sim, productFieldID, "Widget", "Gadget", "Gizmo") + `
import {
  to = happyfox_ticket_custom_field_choices.test
  id = "62"
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(planChoiceIDs(7, 5, 6), plancheck.ExpectResourceAction(choicesAddr, plancheck.ResourceActionNoop)),
				},
				ConfigStateChecks: []statecheck.StateCheck{stateChoices(choiceRef{7, "Widget"}, choiceRef{5, "Gadget"}, choiceRef{6, "Gizmo"})},
				Check: func(*terraform.State) error {
					if n := sim.Counters().Routes[putChoicesRoute]; n != 0 {
						return fmt.Errorf("import of an unchanged list sent %d PUT requests", n)
					}
					return nil
				},
			},
			{
				ResourceName:  choicesAddr,
				ImportState:   true,
				ImportStateId: "63",
				ExpectError:   regexp.MustCompile(`Ticket custom field has no choices`),
			},
			{
				ResourceName:  choicesAddr,
				ImportState:   true,
				ImportStateId: "Product",
				ExpectError:   regexp.MustCompile(`Invalid import id`),
			},
		},
	})
}

func TestAccTicketCustomFieldChoices_driftFromOutside(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	cfg := choicesConfig(sim, productFieldID, "Widget", "Gadget", "Gizmo")
	configured := []choiceRef{{7, "Widget"}, {5, "Gadget"}, {6, "Gizmo"}}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: simChoices(sim, productFieldID, configured...)},
			{
				// An admin renames "Gadget" in the UI (HappyFox gives the text a new id, 8) and adds "Extra" (9).
				PreConfig: func() {
					if !sim.SetTicketCustomFieldChoices(productFieldID, []string{"Widget", "Gadget 2", "Gizmo", "Extra"}) {
						t.Fatal("could not change the choices in the simulator")
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					// The diff renames "Gadget 2" back in place (keeping the id it has now) and deletes "Extra".
					PreApply:             append(planChoiceIDs(7, 8, 6), plancheck.ExpectResourceAction(choicesAddr, plancheck.ResourceActionUpdate)),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: simChoices(sim, productFieldID, choiceRef{7, "Widget"}, choiceRef{8, "Gadget"}, choiceRef{6, "Gizmo"}),
			},
			{
				// Every choice deleted outside Terraform: the apply creates them again.
				PreConfig: func() { sim.SetTicketCustomFieldChoices(productFieldID, []string{}) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             append(planChoiceIDs(0, 0, 0), plancheck.ExpectResourceAction(choicesAddr, plancheck.ResourceActionUpdate)),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: simChoices(sim, productFieldID, choiceRef{10, "Widget"}, choiceRef{11, "Gadget"}, choiceRef{12, "Gizmo"}),
			},
		},
	})
}

func TestAccTicketCustomFieldChoices_keepsDependantFields(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	deps := []any{map[string]any{"field": 63, "choices": []any{1, 2}}}
	f := sim.AddTicketCustomField(happyfoxsim.TicketCustomField{
		Name: "Hardware type", Type: "choice",
		Choices: []happyfoxsim.Choice{{Text: "Laptop", DependantFields: deps}, {Text: "Phone", DependantFields: []any{}}},
	})
	laptop := f.Choices[0].ID
	// The simulator replaces a choice's dependant_fields with whatever the PUT sends, so these checks fail if
	// the provider sends anything but HappyFox's own value back.
	depsOf := func(id int64) string {
		got, _ := sim.TicketCustomField(f.ID)
		for _, c := range got.Choices {
			if c.ID == id {
				b, _ := json.Marshal(c.DependantFields)
				return string(b)
			}
		}
		return "choice gone"
	}
	want, _ := json.Marshal(deps)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: choicesConfig(sim, f.ID, "Laptop", "Phone"),
				Check: func(*terraform.State) error {
					if sim.Counters().Routes[putChoicesRoute] != 1 {
						return fmt.Errorf("expected one PUT, counters %v", sim.Counters().Routes)
					}
					if got := depsOf(laptop); got != string(want) {
						return fmt.Errorf("Laptop dependant_fields = %s after adoption, want %s", got, want)
					}
					return nil
				},
			},
			{
				// Rename Laptop in place and add a choice: the renamed choice keeps its id and its dependant fields.
				Config: choicesConfig(sim, f.ID, "Notebook", "Phone", "Tablet"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: planChoiceIDs(laptop, laptop+1, 0),
				},
				Check: func(*terraform.State) error {
					if got := depsOf(laptop); got != string(want) {
						return fmt.Errorf("Notebook dependant_fields = %s after the rename, want %s", got, want)
					}
					if got := depsOf(laptop + 2); got != "[]" {
						return fmt.Errorf("new choice dependant_fields = %s, want []", got)
					}
					return nil
				},
			},
		},
	})
}

// outsideChanges wraps the simulator to model what its hooks cannot: a ticket custom field deleted in the
// HappyFox web interface (404 on its path, absent from the list), or an account that accepts the PUT of
// choices but ignores it (answers with the unchanged field).
type outsideChanges struct {
	sim       http.Handler
	mu        sync.Mutex
	deleted   map[int64]bool
	ignorePUT bool
}

func newOutsideSim(t *testing.T) (*testSim, *outsideChanges) {
	t.Helper()
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: testAPIKey, AuthCode: testAuthCode})
	oc := &outsideChanges{sim: sim, deleted: map[int64]bool{}}
	srv := httptest.NewServer(oc)
	t.Cleanup(srv.Close)
	return &testSim{Server: sim, URL: srv.URL + happyfoxsim.BasePath}, oc
}

func (o *outsideChanges) deleteField(id int64) { o.mu.Lock(); o.deleted[id] = true; o.mu.Unlock() }

func (o *outsideChanges) setIgnorePUT(v bool) { o.mu.Lock(); o.ignorePUT = v; o.mu.Unlock() }

func (o *outsideChanges) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	deleted, ignore := o.deleted, o.ignorePUT
	o.mu.Unlock()
	rel := strings.TrimPrefix(r.URL.Path, happyfoxsim.BasePath)
	var id int64
	if _, err := fmt.Sscanf(rel, "ticket_custom_field/%d/", &id); err == nil && rel == fmt.Sprintf("ticket_custom_field/%d/", id) {
		switch {
		case deleted[id]:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error": "Not found"}`))
			return
		case ignore && r.Method == http.MethodPut:
			r = r.Clone(r.Context())
			r.Method, r.Body, r.ContentLength = http.MethodGet, http.NoBody, 0
		}
	}
	if rel != "ticket_custom_fields/" || len(deleted) == 0 {
		o.sim.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	o.sim.ServeHTTP(rec, r)
	var fields []map[string]any
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &fields) != nil {
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	}
	kept := []map[string]any{}
	for _, f := range fields {
		if n, ok := f["id"].(float64); !ok || !deleted[int64(n)] {
			kept = append(kept, f)
		}
	}
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(kept)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(buf.Bytes())
}

func TestAccTicketCustomFieldChoices_fieldDeletedOutsideTerraform(t *testing.T) {
	sim, outside := newOutsideSim(t)
	cfg := choicesConfig(sim, productFieldID, "Widget", "Gadget", "Gizmo")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// The refresh drops the resource from state; the field cannot be created again, so the plan
				// fails on field_id instead of trying to PUT to a missing field.
				PreConfig: func() {
					outside.deleteField(productFieldID)
					sim.ResetCounters()
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`Ticket custom field not found(?s:.*)No ticket custom field with id 62`),
			},
			{
				// Nothing left to destroy but the configuration must go: an empty configuration plans nothing.
				Config: sim.providerBlock(""),
				Check: func(*terraform.State) error {
					if n := sim.Counters().Routes[putChoicesRoute]; n != 0 {
						return fmt.Errorf("%d PUT requests were sent for a deleted field", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccTicketCustomFieldChoices_ignoredPUTFails(t *testing.T) {
	sim, outside := newOutsideSim(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: choicesConfig(sim, productFieldID, "Widget", "Gadget", "Gizmo")},
			{
				PreConfig:   func() { outside.setIgnorePUT(true) },
				Config:      choicesConfig(sim, productFieldID, "Widget", "Gadget", "Gizmo", "Sprocket"),
				ExpectError: regexp.MustCompile(`HappyFox did not apply the change`),
			},
		},
	})
}

func TestAccTicketCustomFieldChoices_planTimeErrors(t *testing.T) {
	// Configuration errors are caught before the provider talks to HappyFox at all.
	sim := newTestSim(t, happyfoxsim.Options{})
	for _, tc := range []struct {
		name, cfg, want string
	}{
		{"duplicate", choicesConfig(sim, productFieldID, "Widget", "Gadget", "Widget"),
			`Duplicate choice text(?s:.*)choices\[2\] repeats the text "Widget"`},
		{"empty", choicesConfig(sim, productFieldID, "Widget", ""), `Empty choice text`},
		{"blank", choicesConfig(sim, productFieldID, "  "), `Empty choice text`},
		{"white space", choicesConfig(sim, productFieldID, "Widget "), `Text HappyFox would change(?s:.*)HappyFox would store "Widget"`},
		{"no choices", choicesConfig(sim, productFieldID), `choices list must contain at least 1 elements`},
		{"field id", choicesConfig(sim, 0, "A"), `field_id(?s:.*)at least 1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.cfg, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	if n := sim.Counters().Total; n != 0 {
		t.Fatalf("invalid configurations reached the API: %d requests", n)
	}
}

func TestAccTicketCustomFieldChoices_planTimeFieldErrors(t *testing.T) {
	skipUnlessAcc(t)
	// The field is checked against HappyFox's metadata at plan time: one GET of the field list, never a PUT.
	sim := newTestSim(t, happyfoxsim.Options{})
	for _, tc := range []struct {
		name, cfg, want string
	}{
		{"text field", choicesConfig(sim, 63, "A"),
			`Ticket custom field has no choices(?s:.*)"Order Number" \(id 63,(?s:.*)text\)`},
		{"unknown field", choicesConfig(sim, 999, "A"),
			`Ticket custom field not found(?s:.*)No ticket custom field with id 999`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tc.cfg, ExpectError: regexp.MustCompile(tc.want)}},
			})
		})
	}
	c := sim.Counters()
	if c.Routes["GET /ticket_custom_fields/"] == 0 {
		t.Fatal("the field was never looked up; the test proves nothing")
	}
	if n := c.Routes[putChoicesRoute]; n != 0 {
		t.Fatalf("%d PUT requests reached the API for invalid fields", n)
	}
	if f, _ := sim.TicketCustomField(63); f.Choices != nil {
		t.Fatalf("text field 63 got choices: %+v", f.Choices)
	}
}

func TestAccTicketCustomFieldChoices_changeFieldID(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: choicesConfig(sim, 61, "Yes", "No")},
			{
				// Another field is another resource: the old field keeps its choices, the new one is adopted.
				Config: choicesConfig(sim, 64, "North", "South", "East"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: append(planChoiceIDs(1, 2, 0),
						plancheck.ExpectResourceAction(choicesAddr, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectKnownValue(choicesAddr, tfjsonpath.New("id"), knownvalue.Int64Exact(64))),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeTestCheckFunc(
					simChoices(sim, 61, choiceRef{1, "Yes"}, choiceRef{2, "No"}),
					simChoices(sim, 64, choiceRef{1, "North"}, choiceRef{2, "South"}, choiceRef{3, "East"}),
				),
			},
		},
	})
}

// ticket-field-single=missing (§4.2, M): GET ticket_custom_field/<id>/ answers 404 for every id. The field is read
// from ticket_custom_fields/ (§4.1, H) instead, so the choices are managed as usual and nothing is taken for a
// deleted field.
func TestAccTicketCustomFieldChoices_withoutTheSingleFieldPath(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{TicketFieldSingle: "missing"}})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: choicesConfig(sim, productFieldID, "Widget", "Gadget", "Gizmo"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
			{
				Config: choicesConfig(sim, productFieldID, "Widget", "Gizmo", "Doohickey"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             planChoiceIDs(7, 6, 0),
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					f, _ := sim.TicketCustomField(productFieldID)
					if got := fmt.Sprint(f.Choices); !strings.Contains(got, "Doohickey") || strings.Contains(got, "Gadget") {
						return fmt.Errorf("choices after the update: %s", got)
					}
					if sim.Counters().Routes["GET /ticket_custom_field/{id}/"] == 0 {
						return fmt.Errorf("the single field path was never asked: the test proves nothing")
					}
					return nil
				},
			},
		},
	})
}
