package client

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestIDTolerance(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{`5`, 5, true},
		{`"5"`, 5, true},
		{`" 42 "`, 42, true},
		{`null`, 0, true},
		{`""`, 0, true},
		{`5.0`, 5, true},
		{`1e3`, 1000, true},
		{`-3`, -3, true},
		{`9223372036854775807`, 9223372036854775807, true},
		{`5.5`, 0, false},
		{`"abc"`, 0, false},
		{`true`, 0, false},
		{`{}`, 0, false},
		{`[]`, 0, false},
		{`99999999999999999999`, 0, false},
		{`1e300`, 0, false},
	}
	for _, tt := range tests {
		var id ID
		err := json.Unmarshal([]byte(tt.in), &id)
		if (err == nil) != tt.ok || (tt.ok && int64(id) != tt.want) {
			t.Errorf("ID(%s) = %d, %v; want %d ok=%v", tt.in, id, err, tt.want, tt.ok)
		}
	}
	// In a struct, a missing id stays 0.
	var s struct {
		ID ID `json:"id"`
	}
	if err := json.Unmarshal([]byte(`{"other": 1}`), &s); err != nil || s.ID != 0 {
		t.Fatal(s.ID, err)
	}
}

func TestFlexBoolAndString(t *testing.T) {
	bools := map[string]bool{`true`: true, `false`: false, `null`: false, `"TRUE"`: true, `"FALSE"`: false, `"1"`: true, `0`: false, `1`: true, `"yes"`: true, `""`: false}
	for in, want := range bools {
		var b flexBool
		if err := json.Unmarshal([]byte(in), &b); err != nil || bool(b) != want {
			t.Errorf("flexBool(%s) = %v, %v", in, b, err)
		}
	}
	for _, bad := range []string{`"maybe"`, `{}`, `[]`} {
		var b flexBool
		if err := json.Unmarshal([]byte(bad), &b); err == nil {
			t.Errorf("flexBool(%s) accepted", bad)
		}
	}
	strs := map[string]string{`"a"`: "a", `null`: "", `5`: "5", `true`: "true"}
	for in, want := range strs {
		var s flexString
		if err := json.Unmarshal([]byte(in), &s); err != nil || string(s) != want {
			t.Errorf("flexString(%s) = %q, %v", in, s, err)
		}
	}
}

func TestRefAndLists(t *testing.T) {
	refs := map[string]ref{
		`{"id": 1, "name": "General"}`: {1, "General"},
		`{"id": "2"}`:                  {2, ""},
		`3`:                            {3, ""},
		`"4"`:                          {4, ""},
		`"Administrator"`:              {0, "Administrator"},
		`null`:                         {},
	}
	for in, want := range refs {
		var r ref
		if err := json.Unmarshal([]byte(in), &r); err != nil || r != want {
			t.Errorf("ref(%s) = %+v, %v", in, r, err)
		}
	}
	ids := map[string][]int64{
		`[3, 4]`:                        {3, 4},
		`["3", {"id": 4, "name": "x"}]`: {3, 4},
		`null`:                          nil,
		`[]`:                            {},
		`7`:                             {7},
		`[null, 5]`:                     {5},
	}
	for in, want := range ids {
		var l idList
		if err := json.Unmarshal([]byte(in), &l); err != nil || !reflect.DeepEqual([]int64(l), want) {
			t.Errorf("idList(%s) = %#v, %v", in, l, err)
		}
	}
	doms := map[string][]string{
		`"example.com,acme.com"`:         {"example.com", "acme.com"},
		`" example.com , ,acme.com, "`:   {"example.com", "acme.com"},
		`""`:                             nil,
		`null`:                           nil,
		`["a.com", "b.com,c.com", null]`: {"a.com", "b.com", "c.com"},
	}
	for in, want := range doms {
		var d domainList
		if err := json.Unmarshal([]byte(in), &d); err != nil || !reflect.DeepEqual([]string(d), want) {
			t.Errorf("domainList(%s) = %#v, %v", in, d, err)
		}
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("héllo", 2); got != "h…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("abc", 5); got != "abc" {
		t.Errorf("truncate = %q", got)
	}
}
