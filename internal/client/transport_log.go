package client

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maxLoggedBody is how much of a request or response body is logged at Trace.
const maxLoggedBody = 4 << 10

// logTransport logs each logical request (after retries) through tflog:
// method, path, status, attempts and duration at Debug, truncated bodies at
// Trace. Headers are never logged (they carry the Basic credentials), and
// as defence in depth the API key, auth code and the encoded Authorization
// value are masked on the context for every log line written below it.
type logTransport struct {
	next    http.RoundTripper
	secrets []string
	redact  redactor // also applied to bodies and errors before they are logged, whatever the logger masks
	now     func() time.Time
}

// maskSecrets returns ctx with the secrets masked in log messages and field
// values.
func maskSecrets(ctx context.Context, secrets []string) context.Context {
	if len(secrets) == 0 {
		return ctx
	}
	return tflog.MaskLogStrings(ctx, secrets...)
}

type attemptsKey struct{}

// noteAttempt records the attempt number for the log layer.
func noteAttempt(ctx context.Context, n int) {
	if p, ok := ctx.Value(attemptsKey{}).(*atomic.Int64); ok {
		p.Store(int64(n))
	}
}

func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := maskSecrets(req.Context(), t.secrets)
	attempts := new(atomic.Int64)
	ctx = context.WithValue(ctx, attemptsKey{}, attempts)
	req = req.WithContext(ctx) // shallow copy: the caller's request is untouched

	fields := map[string]any{"http_method": req.Method, "http_path": req.URL.Path}
	if req.URL.RawQuery != "" {
		fields["http_query"] = req.URL.RawQuery
	}
	if tflog.IsTrace(ctx) && req.GetBody != nil {
		if b, err := req.GetBody(); err == nil {
			buf, _ := io.ReadAll(io.LimitReader(b, maxLoggedBody+1))
			_ = b.Close()
			tflog.Trace(ctx, "HappyFox request body", withFields(fields, map[string]any{"http_request_body": t.redact.String(bodyForLog(buf))}))
		}
	}

	start := t.now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = t.now().Sub(start).Milliseconds()
	fields["attempts"] = attempts.Load()
	if err != nil {
		tflog.Debug(ctx, "HappyFox request failed", withFields(fields, map[string]any{"error": t.redact.String(err.Error())}))
		return nil, err
	}
	fields["http_status"] = resp.StatusCode
	tflog.Debug(ctx, "HappyFox request", fields)
	if tflog.IsTrace(ctx) && resp.Body != nil {
		orig := resp.Body
		buf := make([]byte, maxLoggedBody+1)
		n, _ := io.ReadFull(orig, buf)
		buf = buf[:n]
		tflog.Trace(ctx, "HappyFox response body", withFields(fields, map[string]any{"http_response_body": t.redact.String(bodyForLog(buf))}))
		resp.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(buf), orig), orig}
	}
	return resp, nil
}

func withFields(base, extra map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}

func bodyForLog(b []byte) string {
	if len(b) > maxLoggedBody {
		return string(b[:maxLoggedBody]) + " [truncated]"
	}
	return string(b)
}
