package tfvalue

import (
	"context"
	"testing"
)

func TestEmailSemanticEquality(t *testing.T) {
	eq, diags := EmailOf("Bob@X.com").StringSemanticEquals(context.Background(), EmailOf("bob@x.com"))
	if diags.HasError() || !eq {
		t.Fatalf("Bob@X.com and bob@x.com should be equal: %v %v", eq, diags)
	}
	if eq, _ := EmailOf("bob@x.com").StringSemanticEquals(context.Background(), EmailOf("rob@x.com")); eq {
		t.Fatal("different addresses compared equal")
	}
	if !EmailOrNull("").IsNull() || EmailOrNull("a@b.co").IsNull() {
		t.Fatal("EmailOrNull")
	}
}
