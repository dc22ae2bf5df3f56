package tfvalue

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// EmailType is a string type for e-mail addresses. HappyFox matches contacts by e-mail case-insensitively
// (docs/dev/happyfox-api.md §2.3, §2.4), so values that differ only in case are semantically equal: a refresh that reads
// "bob@x.com" back for a configured "Bob@X.com" keeps the configured spelling and shows no diff.
type EmailType struct{ basetypes.StringType }

var _ basetypes.StringTypable = EmailType{}

func (t EmailType) Equal(o attr.Type) bool {
	other, ok := o.(EmailType)
	return ok && t.StringType.Equal(other.StringType)
}

func (EmailType) String() string { return "tfvalue.EmailType" }

func (EmailType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return EmailValue{StringValue: in}, nil
}

func (t EmailType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return EmailValue{StringValue: s}, nil
}

func (EmailType) ValueType(context.Context) attr.Value { return EmailValue{} }

// EmailValue is a value of EmailType.
type EmailValue struct{ basetypes.StringValue }

var _ basetypes.StringValuableWithSemanticEquals = EmailValue{}

func (v EmailValue) Equal(o attr.Value) bool {
	other, ok := o.(EmailValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (EmailValue) Type(context.Context) attr.Type { return EmailType{} }

// StringSemanticEquals reports whether two addresses are the same mailbox for HappyFox: equal ignoring case
// and surrounding white space.
func (v EmailValue) StringSemanticEquals(_ context.Context, nv basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	n, ok := nv.(EmailValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected an e-mail value, got %T. This is a bug in the provider; please report it.", nv))
		return false, diags
	}
	return client.SameEmail(v.ValueString(), n.ValueString()), diags
}

func EmailNull() EmailValue       { return EmailValue{StringValue: basetypes.NewStringNull()} }
func EmailOf(s string) EmailValue { return EmailValue{StringValue: basetypes.NewStringValue(s)} }

// EmailOrNull maps HappyFox's null e-mail (read as "", phone-only contacts) to a null value.
func EmailOrNull(s string) EmailValue {
	if s == "" {
		return EmailNull()
	}
	return EmailOf(s)
}

// IsSet reports whether the value is a known, non-empty address.
func (v EmailValue) IsSet() bool {
	return !v.IsNull() && !v.IsUnknown() && strings.TrimSpace(v.ValueString()) != ""
}
