package tfvalidate

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// emailPattern accepts what Django's EmailValidator (HappyFox's backend, docs/dev/happyfox-api.md §1) accepts in
// practice: a local part without white space or "@", and a domain of dot-separated labels with a dot.
var emailPattern = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~.-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// ValidEmail reports whether s is an e-mail address HappyFox will accept.
func ValidEmail(s string) bool {
	if len(s) > 254 || !emailPattern.MatchString(s) {
		return false
	}
	local, _, _ := strings.Cut(s, "@")
	return len(local) <= 64 && !strings.HasPrefix(local, ".") && !strings.HasSuffix(local, ".") && !strings.Contains(local, "..")
}

// Email checks an e-mail address at plan time. Stored marks an address HappyFox stores (a contact's, not a
// lookup's): white space around it is then reported with the text rule (text.go).
type Email struct{ Stored bool }

func (Email) Description(context.Context) string {
	return "must be an e-mail address such as jane@example.com"
}

func (v Email) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v Email) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if problem := TextCleaningProblem(req.Path, s, SingleLine); v.Stored && problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, TextCleaningSummary, problem)
		return
	}
	if !ValidEmail(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid e-mail address",
			fmt.Sprintf("%q is not an e-mail address: expected something like jane@example.com, without spaces or a display name.", s))
	}
}
