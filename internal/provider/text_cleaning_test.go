package provider

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
		lines textLines
		want  string // "" when the text is kept as it is
	}{
		{"Platform team", singleLine, ""},
		{"Platform team ", singleLine, "Platform team"},
		{" Platform team", singleLine, "Platform team"},
		{"Platform  team", singleLine, "Platform team"},
		{"Platform\tteam", singleLine, "Platform team"},
		{"Platform\nteam", singleLine, "Platform team"},
		{"Platform\u00a0\u00a0team", singleLine, "Platform team"},
		{"Plat\x00form", singleLine, "Plat form"},
		{"Équipe plateforme", singleLine, ""},
		{"Line one\n\nLine  two", multiLine, ""},
		{"Line one\nLine two\n", multiLine, "Line one\nLine two"},
		{"\tIndented", multiLine, "Indented"},
		{"", singleLine, ""},
		{"", multiLine, ""},
	} {
		problem := textCleaningProblem(path.Root("name"), tc.in, tc.lines)
		if (problem == "") != (tc.want == "") {
			t.Errorf("%q (%v): problem %q, want one only if HappyFox stores %q", tc.in, tc.lines, problem, tc.want)
			continue
		}
		if got := cleanText(tc.in, tc.lines); tc.want != "" && got != tc.want {
			t.Errorf("cleanText(%q) = %q, want %q", tc.in, got, tc.want)
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
		{"   ", false, textCleaningSummary},
		{"", true, ""},
		{"ok", true, ""},
	} {
		var resp validator.StringResponse
		textValidator{lines: singleLine, notBlank: tc.notBlank}.ValidateString(context.Background(),
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

// Tagged domains: internationalized domains in Unicode and punycode are accepted, garbage is not.
func TestTaggedDomainPattern(t *testing.T) {
	for _, ok := range []string{"example.com", "bücher.example", "xn--bcher-kva.example", "例え.テスト", "a-b.c1", "localhost"} {
		if !taggedDomainPattern.MatchString(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"a.com,b.com", "a b.com", "under_score.example", "-a.com", "a-.com", "a..b", "a.", ".a",
		"🙂.example", "http://example.com", "jane@example.com", ""} {
		if taggedDomainPattern.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
