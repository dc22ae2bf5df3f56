package tfvalidate

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

// The one rule for texts HappyFox would change. HappyFox is a Django application (docs/dev/happyfox-api.md §1,
// "Backend"): its form fields strip the white space around a text, and it may also collapse runs of white space
// inside one (L). A text stored otherwise than configured leaves a change in every later plan, and a create's
// answer that no longer matches what was sent; so every text attribute of every resource is refused at plan
// time, on its own path, when HappyFox would clean it, with the one message below.
//
// Single-line texts (names, display ids, choice texts, tagged domains, phone numbers and types, e-mails, text custom
// fields) must have no white space at either end, single spaces between words, and no tab, line break or other
// control character. Multi-line texts (descriptions, textarea custom fields) must only have no white space at
// either end.

// TextLines says which cleaning a text attribute gets.
type TextLines int

const (
	SingleLine TextLines = iota
	MultiLine
)

// TextCleaningSummary is the summary of every such error.
const TextCleaningSummary = "Text HappyFox would change"

// CleanText returns the text HappyFox may store for s.
func CleanText(s string, lines TextLines) string {
	if lines == MultiLine {
		return strings.TrimSpace(s)
	}
	return client.CleanText(s) // the client's rule of what HappyFox may store, the same that compares answers
}

// TextCleaningProblem returns the detail of the error for s at attr, or "" when HappyFox keeps s as it is. A text
// that is only white space is left to the attribute's not-blank rule (see Text).
func TextCleaningProblem(attr path.Path, s string, lines TextLines) string {
	cleaned := CleanText(s, lines)
	if cleaned == s {
		return ""
	}
	rule := "no white space at either end"
	if lines == SingleLine {
		rule += ", single spaces between words, and no tab, line break or other control character"
	}
	return fmt.Sprintf("%s is %q. HappyFox would store %q, and the next plan would show a change: write %q instead (%s).",
		AttrLabel(attr), s, cleaned, cleaned, rule)
}

// AttrLabel renders an attribute path for a message; an element of a set is named by its set.
func AttrLabel(p path.Path) string {
	if last, _ := p.Steps().LastStep(); last != nil {
		if _, isSetValue := last.(path.PathStepElementKeyValue); isSetValue {
			return "An element of " + p.ParentPath().String()
		}
	}
	return p.String()
}

// Text applies the rule to a string attribute (or, inside setvalidator.ValueStringsAre and the like, to
// each element). NotBlank also refuses a text of white space only, which HappyFox would store empty; the empty
// string itself is left to the attribute's length rule.
type Text struct {
	Lines    TextLines
	NotBlank bool
}

func (v Text) Description(context.Context) string {
	d := "must have no white space at either end"
	if v.Lines == SingleLine {
		d = "must be one line, with no white space at either end and single spaces between words"
	}
	if v.NotBlank {
		d = "must not be blank and " + strings.TrimPrefix(d, "must ")
	}
	return d
}

func (v Text) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Text) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if s != "" && strings.TrimSpace(s) == "" && v.NotBlank {
		resp.Diagnostics.AddAttributeError(req.Path, "Blank text",
			fmt.Sprintf("%s is %q, only white space: HappyFox needs a visible text here.", AttrLabel(req.Path), s))
		return
	}
	if problem := TextCleaningProblem(req.Path, s, v.Lines); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, TextCleaningSummary, problem)
	}
}

// ShapedText is a single-line text that HappyFox keeps as it is (the rule of Text) and that must then have a shape
// (a domain, a phone number): Check returns the summary and detail of the error for a text without it, or "", "".
type ShapedText struct {
	Describe string // the description, e.g. "must be a domain such as example.com"
	Check    func(attr path.Path, s string) (summary, detail string)
}

func (v ShapedText) Description(context.Context) string { return v.Describe }

func (v ShapedText) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v ShapedText) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if problem := TextCleaningProblem(req.Path, s, SingleLine); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, TextCleaningSummary, problem)
		return
	}
	if summary, detail := v.Check(req.Path, s); summary != "" {
		resp.Diagnostics.AddAttributeError(req.Path, summary, detail)
	}
}

// FieldTextProblem applies the rule to a value of a text custom field (textarea fields are multi-line); "" for a
// value HappyFox keeps, a blank value (which clears the field) and fields of other types.
func FieldTextProblem(attr path.Path, fieldType, v string) string {
	if customfield.KindOf(fieldType) != customfield.Text || customfield.Blank(v) {
		return ""
	}
	lines := SingleLine
	if strings.EqualFold(strings.TrimSpace(fieldType), "textarea") {
		lines = MultiLine
	}
	return TextCleaningProblem(attr, v, lines)
}
