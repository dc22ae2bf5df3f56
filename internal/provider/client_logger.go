package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// tflogLogger adapts tflog to client.Logger, so that the client's log lines (already free of credentials)
// reach TF_LOG / TF_LOG_PROVIDER with the request's context. As defence in depth it also masks the
// credential forms the client hands it (client.SecretMasker).
type tflogLogger struct{}

var (
	_ client.Logger       = tflogLogger{}
	_ client.SecretMasker = tflogLogger{}
)

func (tflogLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(ctx, msg, fields)
}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}

func (tflogLogger) TraceEnabled(ctx context.Context) bool { return tflog.IsTrace(ctx) }

func (tflogLogger) Mask(ctx context.Context, secrets ...string) context.Context {
	return tflog.MaskLogStrings(ctx, secrets...)
}
