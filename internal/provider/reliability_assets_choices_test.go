package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// RELIABILITY.md, "An update drops, renames or reorders ticket field choices": the plan says which choices an update
// deletes, renames or only moves. plugin-testing cannot read warnings, so these tests run the resource's real
// ModifyPlan against the simulator over HTTP; the apply results (ids kept on reorder, deleted choices gone) are proven
// through the CLI by TestAccTicketCustomFieldChoices_lifecycle.

// planChoicesWarnings runs ModifyPlan for an update of field 62 (Widget 7, Gadget 5, Gizmo 6) from its
// current choices to texts, and returns the diagnostics.
func planChoicesWarnings(t *testing.T, texts ...string) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	sim := newTestSim(t, happyfoxsim.Options{})
	c, err := client.New(client.Config{BaseURL: sim.URL, APIKey: testAPIKey, AuthCode: testAuthCode})
	if err != nil {
		t.Fatal(err)
	}
	r := &ticketCustomFieldChoicesResource{data: &providerData{Client: c, StaffID: 1}}
	var sr resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &sr)

	field, err := c.GetTicketCustomField(ctx, productFieldID)
	if err != nil {
		t.Fatal(err)
	}
	state := tfsdk.State{Schema: sr.Schema}
	if d := state.Set(ctx, stateFromField(field)); d.HasError() {
		t.Fatal(d)
	}
	wantTexts := make([]types.String, len(texts))
	unknownIDs := make([]types.Int64, len(texts))
	for i, s := range texts {
		wantTexts[i], unknownIDs[i] = types.StringValue(s), types.Int64Unknown()
	}
	plan := tfsdk.Plan{Schema: sr.Schema}
	if d := plan.Set(ctx, ticketCustomFieldChoicesModel{
		ID: types.Int64Value(productFieldID), FieldID: types.Int64Value(productFieldID), Choices: choiceList(wantTexts, unknownIDs),
	}); d.HasError() {
		t.Fatal(d)
	}
	req := resource.ModifyPlanRequest{State: state, Plan: plan, Config: tfsdk.Config{Schema: sr.Schema, Raw: plan.Raw}}
	resp := resource.ModifyPlanResponse{Plan: plan}
	r.ModifyPlan(ctx, req, &resp)
	if n := writes(sim); n != 0 {
		t.Fatalf("planning made %d writes", n)
	}
	return resp.Diagnostics
}

func warningsText(d diag.Diagnostics) string {
	var b strings.Builder
	for _, w := range d.Warnings() {
		b.WriteString(w.Summary() + ": " + w.Detail() + "\n")
	}
	return b.String()
}

func TestTicketChoicesPlan_namesEveryDeletedChoice(t *testing.T) {
	d := planChoicesWarnings(t, "Widget")
	if d.HasError() {
		t.Fatal(d)
	}
	got := warningsText(d)
	for _, want := range []string{"Choices will be deleted", `"Gadget" (id 5)`, `"Gizmo" (id 6)`, "every ticket"} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, `"Widget" (id 7)`) {
		t.Errorf("a kept choice is named as deleted:\n%s", got)
	}
}

func TestTicketChoicesPlan_reorderIsSaidToBeAReorder(t *testing.T) {
	d := planChoicesWarnings(t, "Gizmo", "Widget", "Gadget")
	got := warningsText(d)
	if !strings.Contains(got, "Choices will only be reordered") || strings.Contains(got, "deleted") || strings.Contains(got, "renamed") {
		t.Errorf("a reorder must be shown as a reorder only:\n%s", got)
	}
}

func TestTicketChoicesPlan_renameAndDelete(t *testing.T) {
	// "Widget" stays; "Gadget Pro" takes Gadget's place (a rename, id 5 kept); Gizmo is deleted.
	got := warningsText(planChoicesWarnings(t, "Widget", "Gadget Pro"))
	for _, want := range []string{`"Gadget" to "Gadget Pro" (id 5)`, `"Gizmo" (id 6)`} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
}

func TestTicketChoicesPlan_noChangeNoWarning(t *testing.T) {
	if got := warningsText(planChoicesWarnings(t, "Widget", "Gadget", "Gizmo")); got != "" {
		t.Errorf("an unchanged list warns:\n%s", got)
	}
}

func TestChoiceCaseProblems(t *testing.T) {
	w := func(texts ...string) []wantedChoice {
		out := make([]wantedChoice, len(texts))
		for i, s := range texts {
			out[i] = wantedChoice{Text: s, Known: true}
		}
		return out
	}
	if p := choiceCaseProblems(w("Yes", "No", "yes")); len(p) != 1 || p[0].Index != 2 || !strings.Contains(p[0].Detail, `choices[0] is "Yes"`) {
		t.Errorf("Yes/yes: %+v", p)
	}
	if p := choiceCaseProblems(w("Yes", "Yes")); len(p) != 0 {
		t.Errorf("an exact repeat is choiceTextProblems' to report, got %+v", p)
	}
	if p := choiceCaseProblems(w("Yes", "No", "Maybe")); len(p) != 0 {
		t.Errorf("distinct texts: %+v", p)
	}
}
