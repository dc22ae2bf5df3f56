package provider

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalidate"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// assetStringValidator checks an asset name or display_id at plan time: not blank, a single-line text HappyFox
// keeps as it is (tfvalidate/text.go: it trims white space, which would leave a difference that never goes away)
// and, when maxChars > 0, at most that many characters. HappyFox counts characters, not bytes (docs/dev/happyfox-api.md §3.3: name at most 200),
// which is why stringvalidator.LengthAtMost (bytes) is not used.
type assetStringValidator struct{ maxChars int }

func (v assetStringValidator) Description(context.Context) string {
	if v.maxChars > 0 {
		return fmt.Sprintf("must be 1 to %d characters on one line, without white space at either end", v.maxChars)
	}
	return "must not be blank, and must be one line without white space at either end"
}

func (v assetStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v assetStringValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	switch n := utf8.RuneCountInString(s); {
	case strings.TrimSpace(s) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value", fmt.Sprintf("%s must not be blank.", req.Path))
	case tfvalidate.TextCleaningProblem(req.Path, s, tfvalidate.SingleLine) != "":
		resp.Diagnostics.AddAttributeError(req.Path, tfvalidate.TextCleaningSummary, tfvalidate.TextCleaningProblem(req.Path, s, tfvalidate.SingleLine))
	case v.maxChars > 0 && n > v.maxChars:
		resp.Diagnostics.AddAttributeError(req.Path, "Value too long",
			fmt.Sprintf("%s must be at most %d characters long; it has %d.", req.Path, v.maxChars, n))
	}
}
