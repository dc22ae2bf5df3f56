package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

func TestPhoneTypeCode(t *testing.T) {
	for in, want := range map[string]string{"mo": "mo", "Mobile": "mo", "WORK": "w", "main": "m", "h": "h", " other ": "o", "o": "o"} {
		if got, ok := phoneTypeCode(in); !ok || got != want {
			t.Errorf("phoneTypeCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "cell", "fax", "mob"} {
		if _, ok := phoneTypeCode(bad); ok {
			t.Errorf("phoneTypeCode(%q) accepted", bad)
		}
	}
}

func TestValidPhoneNumber(t *testing.T) {
	for _, ok := range []string{"123", "+1 (555) 010-0100", "020 7946 0000", "+44-20-7946-0000"} {
		if !validPhoneNumber(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", " 123", "123 ", "call me", "+-()", "12.34", "123x"} {
		if validPhoneNumber(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func ph(id int64, number string, primary bool) phoneModel {
	p := phoneModel{ID: types.Int64Unknown(), Type: types.StringValue("o"), Number: types.StringValue(number), IsPrimary: types.BoolNull()}
	if id != 0 {
		p.ID = types.Int64Value(id)
		p.IsPrimary = types.BoolValue(primary)
	}
	return p
}

func ids(ps []phoneModel) string {
	out := ""
	for _, p := range ps {
		out += fmt.Sprintf("%s:%s ", p.ID, p.IsPrimary)
	}
	return out
}

func TestAssignPhoneIDs(t *testing.T) {
	current := []phoneModel{ph(7, "111", true), ph(8, "222", false)}
	for name, tc := range map[string]struct {
		planned       []phoneModel
		want, removed string
	}{
		// Same numbers, reordered: each phone keeps its id.
		"reorder": {[]phoneModel{ph(0, "222", false), ph(0, "111", false)}, "8:false 7:true ", ""},
		// Formatting change: recognised by digits.
		"reformat": {[]phoneModel{ph(0, "1-1-1", false), ph(0, "222", false)}, "7:true 8:false ", ""},
		// Edited number: takes the id of the phone it replaces, in order.
		"edit": {[]phoneModel{ph(0, "111", false), ph(0, "999", false)}, "7:true 8:false ", ""},
		// An added phone is new.
		"add": {[]phoneModel{ph(0, "111", false), ph(0, "222", false), ph(0, "333", false)}, "7:true 8:false <unknown>:<unknown> ", ""},
		// A dropped phone cannot be deleted through the API.
		"remove": {[]phoneModel{ph(0, "222", false)}, "8:false ", "7"},
	} {
		t.Run(name, func(t *testing.T) {
			removed := assignPhoneIDs(current, tc.planned)
			if got := ids(tc.planned); got != tc.want {
				t.Errorf("ids %q, want %q", got, tc.want)
			}
			gotRemoved := ""
			for _, r := range removed {
				gotRemoved += fmt.Sprint(r.ID.ValueInt64())
			}
			if gotRemoved != tc.removed {
				t.Errorf("removed %q, want %q", gotRemoved, tc.removed)
			}
		})
	}
}

func TestAssignPhoneIDsExplicitPrimary(t *testing.T) {
	current := []phoneModel{ph(7, "111", true), ph(8, "222", false)}
	second := ph(0, "222", false)
	second.IsPrimary = types.BoolValue(true)
	planned := []phoneModel{ph(0, "111", false), second, ph(0, "333", false)}
	assignPhoneIDs(current, planned)
	if got := ids(planned); got != "7:false 8:true <unknown>:false " {
		t.Fatalf("an explicit primary must make the others non-primary: %q", got)
	}
}

func TestPhonesFromRemote(t *testing.T) {
	remote := []client.Phone{{ID: 1, Type: "mo", Number: "111"}, {ID: 2, Type: "w", Number: "222", IsPrimary: true}, {ID: 3, Type: "h", Number: "333"}}
	want := []phoneModel{ph(2, "222", false), ph(0, "1 1 1", false), ph(9, "999", false)}
	want[1].Type = types.StringValue("Mobile")
	got := phonesFromRemote(remote, want)
	// Order of want; phone 9 is gone (deleted outside); phone 3 was added outside and comes last. Configured
	// spellings ("Mobile", "1 1 1") are kept where HappyFox stored the same code and digits.
	var s string
	for _, p := range got {
		s += fmt.Sprintf("%d/%s/%s/%t ", p.ID.ValueInt64(), p.Type.ValueString(), p.Number.ValueString(), p.IsPrimary.ValueBool())
	}
	if s != "2/w/222/true 1/Mobile/1 1 1/false 3/h/333/false " {
		t.Fatalf("got %q", s)
	}
}

func TestPhonesInput(t *testing.T) {
	p := ph(0, "123", false)
	p.Type = types.StringValue("home")
	in := phonesInput([]phoneModel{ph(5, "555", true), p})
	if in[0].ID != 5 || !in[0].IsPrimary || in[1].ID != 0 || in[1].Type != "h" {
		t.Fatalf("payload %+v", in)
	}
}
