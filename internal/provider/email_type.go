package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// emailType is a string type for e-mail addresses. HappyFox matches contacts by e-mail case-insensitively
// (docs/dev/happyfox-api.md §2.3, §2.4), so values that differ only in case are semantically equal: a refresh that reads
// "bob@x.com" back for a configured "Bob@X.com" keeps the configured spelling and shows no diff.
type emailType struct{ basetypes.StringType }

var _ basetypes.StringTypable = emailType{}

func (t emailType) Equal(o attr.Type) bool {
	other, ok := o.(emailType)
	return ok && t.StringType.Equal(other.StringType)
}

func (emailType) String() string { return "provider.emailType" }

func (emailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return emailValue{StringValue: in}, nil
}

func (t emailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return emailValue{StringValue: s}, nil
}

func (emailType) ValueType(context.Context) attr.Value { return emailValue{} }

// emailValue is a value of emailType.
type emailValue struct{ basetypes.StringValue }

var _ basetypes.StringValuableWithSemanticEquals = emailValue{}

func (v emailValue) Equal(o attr.Value) bool {
	other, ok := o.(emailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (emailValue) Type(context.Context) attr.Type { return emailType{} }

// StringSemanticEquals reports whether two addresses are the same mailbox for HappyFox: equal ignoring case
// and surrounding white space.
func (v emailValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	n, ok := nv.(emailValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected an e-mail value, got %T. This is a bug in the provider; please report it.", nv))
		return false, diags
	}
	return client.SameEmail(v.ValueString(), n.ValueString()), diags
}

func emailNull() emailValue       { return emailValue{StringValue: basetypes.NewStringNull()} }
func emailOf(s string) emailValue { return emailValue{StringValue: basetypes.NewStringValue(s)} }

// emailOrNull maps HappyFox's null e-mail (read as "", phone-only contacts) to a null value.
func emailOrNull(s string) emailValue {
	if s == "" {
		return emailNull()
	}
	return emailOf(s)
}

// isSet reports whether the value is a known, non-empty address.
func (v emailValue) isSet() bool {
	return !v.IsNull() && !v.IsUnknown() && strings.TrimSpace(v.ValueString()) != ""
}

// emailPattern accepts what Django's EmailValidator (HappyFox's backend, docs/dev/happyfox-api.md §1) accepts in
// practice: a local part without white space or "@", and a domain of dot-separated labels with a dot.
var emailPattern = regexp.MustCompile(`^[A-Za-z0-9!#$%&'*+/=?^_` + "`" + `{|}~.-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// validEmail reports whether s is an e-mail address HappyFox will accept.
func validEmail(s string) bool {
	if len(s) > 254 || !emailPattern.MatchString(s) {
		return false
	}
	local, _, _ := strings.Cut(s, "@")
	return len(local) <= 64 && !strings.HasPrefix(local, ".") && !strings.HasSuffix(local, ".") && !strings.Contains(local, "..")
}

// emailValidator checks an e-mail address at plan time. stored marks an address HappyFox stores (a contact's, not a
// lookup's): white space around it is then reported with the text rule (text_cleaning.go).
type emailValidator struct{ stored bool }

func (emailValidator) Description(context.Context) string {
	return "must be an e-mail address such as jane@example.com"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if problem := textCleaningProblem(req.Path, s, singleLine); v.stored && problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, textCleaningSummary, problem)
		return
	}
	if !validEmail(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid e-mail address",
			fmt.Sprintf("%q is not an e-mail address: expected something like jane@example.com, without spaces or a display name.", s))
	}
}
