package provider

import (
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
)

func TestChoiceTextProblems(t *testing.T) {
	type want struct {
		index   int
		summary string
		detail  string
	}
	cases := []struct {
		name  string
		texts []wantedChoice
		want  []want
	}{
		{"valid", known("Widget", "Gadget", "widget"), nil},
		{"empty", known("A", ""), []want{{1, "Empty choice text", "choices[1] has an empty text"}}},
		{"blank", known("   "), []want{{0, "Empty choice text", "choices[0]"}}},
		{"white space around", known(" A"), []want{{0, tfvalidate.TextCleaningSummary, `choices[0].text is " A". HappyFox would store "A"`}}},
		{"run of spaces", known("Not  sure"), []want{{0, tfvalidate.TextCleaningSummary, `would store "Not sure"`}}},
		{"line break", known("Yes", "No\n"), []want{{1, tfvalidate.TextCleaningSummary, `choices[1].text is "No\n"`}}},
		{"duplicate", known("A", "B", "A"), []want{{2, "Duplicate choice text", `choices[2] repeats the text "A" of choices[0]`}}},
		{"three times", known("A", "A", "A"), []want{
			{1, "Duplicate", "of choices[0]"}, {2, "Duplicate", "of choices[0]"}}},
		{"unknown texts are skipped", []wantedChoice{{Known: false}, {Known: false}, {Text: "A", Known: true}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := choiceTextProblems(tc.texts)
			if len(got) != len(tc.want) {
				t.Fatalf("problems = %+v, want %d", got, len(tc.want))
			}
			for i, w := range tc.want {
				if got[i].Index != w.index || !strings.Contains(got[i].Summary, w.summary) || !strings.Contains(got[i].Detail, w.detail) {
					t.Errorf("problem %d = %+v, want index %d, summary ~%q, detail ~%q", i, got[i], w.index, w.summary, w.detail)
				}
			}
		})
	}
}
