package tfvalidate

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The text rule: what HappyFox would store for a text, and which texts are refused with the one message.
func TestTextCleaning(t *testing.T) {
	for _, tc := range []struct {
		in    string
		lines TextLines
		want  string // "" when the text is kept as it is
	}{
		{"Platform team", SingleLine, ""},
		{"Platform team ", SingleLine, "Platform team"},
		{" Platform team", SingleLine, "Platform team"},
		{"Platform  team", SingleLine, "Platform team"},
		{"Platform\tteam", SingleLine, "Platform team"},
		{"Platform\nteam", SingleLine, "Platform team"},
		{"Platform\u00a0\u00a0team", SingleLine, "Platform team"},
		{"Plat\x00form", SingleLine, "Plat form"},
		{"Équipe plateforme", SingleLine, ""},
		{"Line one\n\nLine  two", MultiLine, ""},
		{"Line one\nLine two\n", MultiLine, "Line one\nLine two"},
		{"\tIndented", MultiLine, "Indented"},
		{"", SingleLine, ""},
		{"", MultiLine, ""},
	} {
		problem := TextCleaningProblem(path.Root("name"), tc.in, tc.lines)
		if (problem == "") != (tc.want == "") {
			t.Errorf("%q (%v): problem %q, want one only if HappyFox stores %q", tc.in, tc.lines, problem, tc.want)
			continue
		}
		if got := CleanText(tc.in, tc.lines); tc.want != "" && got != tc.want {
			t.Errorf("CleanText(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if tc.want != "" && !strings.Contains(problem, "HappyFox would store") {
			t.Errorf("%q: message %q does not say what HappyFox would store", tc.in, problem)
		}
	}
}

// The validator refuses a blank text only when asked, and leaves the empty string to the length rules.
func TestTextValidatorBlank(t *testing.T) {
	for _, tc := range []struct {
		in       string
		notBlank bool
		summary  string
	}{
		{"   ", true, "Blank text"},
		{"   ", false, TextCleaningSummary},
		{"", true, ""},
		{"ok", true, ""},
	} {
		var resp validator.StringResponse
		Text{Lines: SingleLine, NotBlank: tc.notBlank}.ValidateString(context.Background(),
			validator.StringRequest{Path: path.Root("name"), ConfigValue: types.StringValue(tc.in)}, &resp)
		got := ""
		if resp.Diagnostics.HasError() {
			got = resp.Diagnostics.Errors()[0].Summary()
		}
		if got != tc.summary {
			t.Errorf("%q (notBlank %v): error %q, want %q", tc.in, tc.notBlank, got, tc.summary)
		}
	}
}
