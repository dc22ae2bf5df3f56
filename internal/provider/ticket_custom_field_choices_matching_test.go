package provider

import (
	"slices"
	"testing"
)

func known(texts ...string) []wantedChoice {
	out := make([]wantedChoice, len(texts))
	for i, t := range texts {
		out[i] = wantedChoice{Text: t, Known: true}
	}
	return out
}

func TestMatchChoiceIDs(t *testing.T) {
	existing := []choiceRef{{7, "Widget"}, {5, "Gadget"}, {6, "Gizmo"}}
	cases := []struct {
		name     string
		existing []choiceRef
		wanted   []wantedChoice
		rename   bool
		want     []int64
	}{
		{"unchanged", existing, known("Widget", "Gadget", "Gizmo"), true, []int64{7, 5, 6}},
		{"reorder keeps every id", existing, known("Gizmo", "Widget", "Gadget"), true, []int64{6, 7, 5}},
		{"rename in place keeps the id", existing, known("Widget", "Gadget Pro", "Gizmo"), true, []int64{7, 5, 6}},
		{"rename and reorder", existing, known("Gizmo", "Gadget Pro", "Widget"), true, []int64{6, 5, 7}},
		{"add at the end", existing, known("Widget", "Gadget", "Gizmo", "Sprocket"), true, []int64{7, 5, 6, 0}},
		{"insert in the middle does not rename", existing, known("Widget", "Sprocket", "Gadget", "Gizmo"), true, []int64{7, 0, 5, 6}},
		{"remove", existing, known("Widget", "Gizmo"), true, []int64{7, 6}},
		{"remove first, rename nothing", existing, known("Gadget", "Gizmo"), true, []int64{5, 6}},
		{"text match wins over position", existing, known("Gadget", "New"), true, []int64{5, 0}},
		{"position taken by a text match is not reused", existing, known("Widget", "Gizmo", "New"), true, []int64{7, 6, 0}},
		{"adoption on create: exact text only", existing, known("Gizmo", "Widget", "Sprocket"), false, []int64{6, 7, 0}},
		{"adoption on create never renames", existing, known("Widget", "Gadget Pro"), false, []int64{7, 0}},
		{"case matters", existing, known("widget"), false, []int64{0}},
		{"empty field", nil, known("A", "B"), true, []int64{0, 0}},
		{"duplicate existing texts are kept once each", []choiceRef{{1, "A"}, {2, "A"}}, known("A", "A"), false, []int64{1, 2}},
		{"one of duplicate existing texts is dropped", []choiceRef{{1, "A"}, {2, "A"}}, known("A"), false, []int64{1}},
		{"unknown text matches nothing and renames nothing", existing,
			[]wantedChoice{{Text: "Widget", Known: true}, {Known: false}, {Text: "Gizmo", Known: true}}, true, []int64{7, 0, 6}},
		{"pinned id first, even when another choice has the text", existing,
			[]wantedChoice{{Text: "Gizmo", Known: true, Pinned: 7}, {Text: "Widget", Known: true}}, false, []int64{7, 0}},
		{"pinned id that no longer exists falls back to text", existing,
			[]wantedChoice{{Text: "Gadget", Known: true, Pinned: 99}}, true, []int64{5}},
		{"an id is pinned only once", existing,
			[]wantedChoice{{Text: "Widget", Known: true, Pinned: 7}, {Text: "Widget 2", Known: true, Pinned: 7}}, true, []int64{7, 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := matchChoiceIDs(tc.existing, tc.wanted, tc.rename)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("matchChoiceIDs = %v, want %v", got, tc.want)
			}
			seen := map[int64]bool{}
			for _, id := range got {
				if id != 0 && seen[id] {
					t.Fatalf("id %d kept twice: %v", id, got)
				}
				seen[id] = true
			}
		})
	}
}

func TestUnkeptChoices(t *testing.T) {
	existing := []choiceRef{{7, "Widget"}, {5, "Gadget"}, {6, "Gizmo"}}
	got := unkeptChoices(existing, []int64{6, 0, 7})
	if !slices.Equal(got, []choiceRef{{5, "Gadget"}}) {
		t.Fatalf("unkeptChoices = %v", got)
	}
	if got := unkeptChoices(existing, []int64{7, 5, 6}); got != nil {
		t.Fatalf("unkeptChoices = %v, want none", got)
	}
}
