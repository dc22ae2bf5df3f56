package provider

import (
	"context"
	"testing"
)

func TestValidEmail(t *testing.T) {
	for _, ok := range []string{"a@b.co", "Jane.Doe+tag@Example.COM", "x_y@sub.example.org"} {
		if !validEmail(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "plain", "a@b", "a b@c.com", "Jane <jane@example.com>", "a@@b.com", ".a@b.com", "a..b@c.com", "a@-b.com", " a@b.com"} {
		if validEmail(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestEmailSemanticEquality(t *testing.T) {
	eq, diags := emailOf("Bob@X.com").StringSemanticEquals(context.Background(), emailOf("bob@x.com"))
	if diags.HasError() || !eq {
		t.Fatalf("Bob@X.com and bob@x.com should be equal: %v %v", eq, diags)
	}
	if eq, _ := emailOf("bob@x.com").StringSemanticEquals(context.Background(), emailOf("rob@x.com")); eq {
		t.Fatal("different addresses compared equal")
	}
	if !emailOrNull("").IsNull() || emailOrNull("a@b.co").IsNull() {
		t.Fatal("emailOrNull")
	}
}
