package transport

import "context"

// Logger receives the client's log lines. The client knows nothing of the logging system of its caller: the
// Terraform provider adapts its own logger to this interface and passes it in Config.Logger. Every message and
// every string field value has had the credentials removed (redact.go) before it reaches the Logger.
type Logger interface {
	Trace(ctx context.Context, msg string, fields map[string]any)
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
	// TraceEnabled reports whether Trace lines are kept for ctx, so that the client reads request and response
	// bodies for the log only when they will be written.
	TraceEnabled(ctx context.Context) bool
}

// SecretMasker is implemented by loggers that can also mask strings themselves, as defence in depth beneath
// the client's own redaction: the client calls Mask with every credential form once per request and logs
// with the context it returns.
type SecretMasker interface {
	Mask(ctx context.Context, secrets ...string) context.Context
}

// logSink is the client's view of the configured Logger: nil-safe, and redacting every message and string
// field value before the Logger sees it.
type logSink struct {
	l      Logger
	redact Redactor
}

func (s logSink) traceEnabled(ctx context.Context) bool { return s.l != nil && s.l.TraceEnabled(ctx) }

func (s logSink) mask(ctx context.Context) context.Context {
	if m, ok := s.l.(SecretMasker); ok && len(s.redact.secrets) > 0 {
		return m.Mask(ctx, s.redact.secrets...)
	}
	return ctx
}

func (s logSink) trace(ctx context.Context, msg string, fields map[string]any) {
	if s.l != nil {
		s.l.Trace(ctx, s.redact.String(msg), s.clean(fields))
	}
}

func (s logSink) debug(ctx context.Context, msg string, fields map[string]any) {
	if s.l != nil {
		s.l.Debug(ctx, s.redact.String(msg), s.clean(fields))
	}
}

func (s logSink) warn(ctx context.Context, msg string, fields map[string]any) {
	if s.l != nil {
		s.l.Warn(ctx, s.redact.String(msg), s.clean(fields))
	}
}

// clean returns a copy of fields with the credentials removed from every string value.
func (s logSink) clean(fields map[string]any) map[string]any {
	out := make(map[string]any, len(fields))
	for k, v := range fields {
		if str, ok := v.(string); ok {
			v = s.redact.String(str)
		}
		out[k] = v
	}
	return out
}
