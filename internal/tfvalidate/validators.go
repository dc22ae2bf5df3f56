// Package tfvalidate holds the plan-time validators the provider's schemas share: the base URL and durations of the
// provider block, e-mail addresses, and the one rule for texts HappyFox would clean (surrounding or repeated white
// space, text.go), with one message. They name the attribute as the diagnostic's path and send nothing.
package tfvalidate

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// BaseURL applies the client's URL policy (https, or http on loopback only) at plan time.
type BaseURL struct{}

func (BaseURL) Description(context.Context) string {
	return "must be an https:// URL, or http:// on a loopback host"
}

func (v BaseURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (BaseURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := client.NormalizeBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid HappyFox base URL", err.Error())
	}
}

// Duration checks a Go duration string such as "30s" at plan time.
type Duration struct{}

func (Duration) Description(context.Context) string {
	return "must be a non-negative duration such as \"30s\" or \"10m\""
}

func (v Duration) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (Duration) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := ParseDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", fmt.Sprintf("%s.", err))
	}
}

func ParseDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; use a number with a unit, such as \"30s\", \"2m\" or \"1m30s\"", raw)
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative; use zero or a positive duration", raw)
	}
	return d, nil
}
