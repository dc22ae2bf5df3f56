package provider

import (
	"fmt"
	"strings"
	"testing"
)

func TestSelectOne(t *testing.T) {
	type item struct {
		id   int64
		name string
	}
	items := []item{{1, "New"}, {2, "On hold"}, {3, "on hold"}, {4, "Dup"}, {5, "Dup"}}
	label := func(i item) string { return fmt.Sprintf("%q (id %d)", i.name, i.id) }
	byName := func(n string) func(item) bool { return func(i item) bool { return i.name == n } }

	got, err := selectOne(items, byName("On hold"), label, "status", `name "On hold"`)
	if err != nil || got.id != 2 {
		t.Fatalf("exact match: got %+v, %v", got, err)
	}
	_, err = selectOne(items, byName("Missing"), label, "status", `name "Missing"`)
	if err == nil || !strings.Contains(err.Error(), `no status with name "Missing"`) || !strings.Contains(err.Error(), `"New" (id 1)`) {
		t.Fatalf("zero matches: %v", err)
	}
	_, err = selectOne(items, byName("Dup"), label, "status", `name "Dup"`)
	if err == nil || !strings.Contains(err.Error(), `name "Dup" is ambiguous: 2 HappyFox status objects match`) {
		t.Fatalf("several matches: %v", err)
	}
	if !strings.Contains(err.Error(), `"Dup" (id 4), "Dup" (id 5)`) {
		t.Fatalf("several matches should list candidates: %v", err)
	}
}
