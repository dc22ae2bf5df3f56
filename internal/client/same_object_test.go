package client

import "testing"

func TestSameTextIsHappyFoxsCleaning(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Platform team", "Platform team", true},
		{"Platform team ", "Platform team", true},   // Django strips surrounding white space
		{"  Platform\tteam", "Platform team", true}, // runs of white space
		{"Platform  team", "Platform team", true},
		{"platform TEAM", "Platform team", true}, // names are unique whatever their case
		{"Platform team", "Platform teams", false},
		{"Platformteam", "Platform team", false},
		{"", "Platform team", false},
		{"Bücher", "BÜCHER", true},
	} {
		if got := SameText(tc.a, tc.b); got != tc.same {
			t.Errorf("SameText(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
	if !SameEmail(" Bob@Example.COM", "bob@example.com") || SameEmail("bob@example.com", "bob2@example.com") {
		t.Error("SameEmail")
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Key accounts", "Key accounts", true},
		{"Key  accounts\n\nin  EMEA", "Key accounts in EMEA", true}, // runs of white space and line breaks collapsed
		{"Key accounts", "key accounts", false},                     // a description's case is the author's
		{"Key accounts", "Key account", false},
		{"Keyaccounts", "Key accounts", false},
	} {
		if got := SameFreeText(tc.a, tc.b); got != tc.same {
			t.Errorf("SameFreeText(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestMismatchOfEachKind(t *testing.T) {
	str := func(s string) *string { return &s }
	ct := ContactInput{Name: "Ada Lovelace", Email: "ada@example.com"}
	for _, tc := range []struct {
		got   Contact
		field string
	}{
		{Contact{ID: 5, Name: "Ada Lovelace", Email: "ada@example.com"}, ""},
		{Contact{ID: 5, Name: "ADA  lovelace ", Email: "Ada@EXAMPLE.com"}, ""}, // only HappyFox's cleaning: the same contact
		{Contact{ID: 5, Email: "ada@example.com"}, ""},                         // a field left out tells nothing
		{Contact{ID: 1, Name: "Ada Lovelace", Email: "grace@example.com"}, "email"},
		{Contact{ID: 1, Name: "Grace Hopper", Email: "ada@example.com"}, "name"},
	} {
		m := ContactMismatch(ct, &tc.got)
		if (m == nil) != (tc.field == "") || (m != nil && m.Field != tc.field) {
			t.Errorf("contact %+v: %v, want field %q", tc.got, m, tc.field)
		}
	}
	if m := ContactMismatch(ContactInput{Name: "Phone Only"}, &Contact{ID: 3, Name: "Phone Only", Email: "x@example.com"}); m == nil || m.Field != "email" {
		t.Errorf("a contact created without an e-mail has none: %v", m)
	}
	if GroupMismatch("Platform team", &ContactGroup{ID: 2, Name: "platform team"}) != nil ||
		GroupMismatch("Platform team", &ContactGroup{ID: 2, Name: "Support"}) == nil {
		t.Error("GroupMismatch")
	}
	in := AssetInput{Name: str("MacBook Air 13"), DisplayID: str("LAP-7001")}
	for _, tc := range []struct {
		got   Asset
		field string
	}{
		{Asset{ID: 9, Name: "MacBook Air 13", DisplayID: "LAP-7001", AssetTypeID: 2}, ""},
		{Asset{ID: 9, Name: "MacBook Air 13", DisplayID: "LAP-7001"}, ""}, // the create answer may omit the type (§3.1)
		{Asset{ID: 1, Name: "Reception Printer", DisplayID: "PRN-001", AssetTypeID: 1}, "asset_type"},
		{Asset{ID: 9, Name: "MacBook Air 13", DisplayID: "LAP-7002", AssetTypeID: 2}, "display_id"},
		{Asset{ID: 9, Name: "MacBook Pro", DisplayID: "LAP-7001", AssetTypeID: 2}, "name"},
	} {
		m := AssetMismatch(2, in, &tc.got)
		if (m == nil) != (tc.field == "") || (m != nil && m.Field != tc.field) {
			t.Errorf("asset %+v: %v, want field %q", tc.got, m, tc.field)
		}
	}
	if !AssetIncomplete(&Asset{ID: 9}) || AssetIncomplete(&Asset{ID: 9, Name: "n", DisplayID: "d"}) {
		t.Error("AssetIncomplete")
	}
	if !IsAssetKey(in, &Asset{Name: "macbook air 13", DisplayID: "lap-7001", CreatedBy: 1}) ||
		IsAssetKey(AssetInput{Name: in.Name, DisplayID: in.DisplayID, ActingStaffID: 2}, &Asset{Name: "MacBook Air 13", DisplayID: "LAP-7001", CreatedBy: 1}) {
		t.Error("IsAssetKey")
	}
	groups := []ContactGroup{{ID: 1, Name: "Support"}, {ID: 2, Name: "Platform Team"}}
	if g := GroupByName(groups, "platform team "); g == nil || g.ID != 2 {
		t.Errorf("GroupByName: %v", g)
	}
}
