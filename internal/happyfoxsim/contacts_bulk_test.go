package happyfoxsim_test

import (
	"fmt"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestBulkUsersRejectItemNamesTheField(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetBulkFaults(happyfoxsim.BulkFaults{RejectItems: map[string]happyfoxsim.BulkItemError{
		"Two@Example.com": {Field: "c-cf-1", Message: "Enter a valid value."},
	}})
	res := h.post("users/", []any{
		map[string]any{"name": "One", "email": "one@example.com"},
		map[string]any{"name": "Two", "email": "two@example.com"},
		map[string]any{"name": "Existing Person", "email": "existing@example.com"},
	}, 200).list(t)
	if len(res) != 3 {
		t.Fatalf("%v", res)
	}
	if r := res[1].(map[string]any); r["success"] != false || r["email"] != "two@example.com" {
		t.Fatalf("item 2: %v", r)
	}
	mustEqualJSON(t, res[1].(map[string]any)["error"], `[{"field":"c-cf-1","errors":["Enter a valid value."]}]`)
	if _, found := h.sim.ContactByEmail("two@example.com"); found {
		t.Fatal("a rejected item created a contact")
	}
	if _, found := h.sim.ContactByEmail("one@example.com"); !found {
		t.Fatal("the other items must be carried out")
	}
	st := h.sim.BulkCounters()
	if st.Requests != 1 || st.Items != 3 || st.ItemsFailed != 1 || st.ItemsCreated != 1 || st.MaxItems != 3 {
		t.Fatalf("%+v", st)
	}
}

func TestBulkUsersLoseAnswerAfterProcessing(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	h.sim.SetBulkFaults(happyfoxsim.BulkFaults{LoseAnswers: 1})
	// A single-object POST is not a bulk request: answered.
	h.post("users/", map[string]any{"name": "Single", "email": "single@example.com"}, 200)
	var items []any
	for i := range 100 {
		items = append(items, map[string]any{"name": "n", "email": fmt.Sprintf("lost%d@example.com", i)})
	}
	r := h.request("POST", "users/", items)
	if r.err == nil {
		t.Fatalf("answer not lost: %d %s", r.status, r.body)
	}
	for i := range 100 {
		if _, found := h.sim.ContactByEmail(fmt.Sprintf("lost%d@example.com", i)); !found {
			t.Fatalf("item %d not carried out", i)
		}
	}
	// The switch is used up: the next bulk request is answered.
	h.post("users/", []any{map[string]any{"name": "n", "email": "after@example.com"}}, 200)
	if st := h.sim.BulkCounters(); st.Requests != 2 || st.LostAnswers != 1 || st.ItemsCreated != 101 {
		t.Fatalf("%+v", st)
	}
}
