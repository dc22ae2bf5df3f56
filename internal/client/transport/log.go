package transport

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// maxLoggedBody is how much of a request or response body is logged at Trace.
const maxLoggedBody = 4 << 10

// logTransport logs each logical request (after retries) through the configured Logger:
// method, path, status, attempts and duration at Debug, truncated bodies at
// Trace. Headers are never logged (they carry the Basic credentials), and
// every message and string field is redacted (logSink) before the Logger sees it; as defence in depth, a
// Logger that can mask (SecretMasker) is given the API key, auth code and the encoded Authorization value on
// the context for every log line written below it.
type logTransport struct {
	next http.RoundTripper
	log  logSink
	now  func() time.Time
}

type attemptsKey struct{}

// noteAttempt records the attempt number for the log layer.
func noteAttempt(ctx context.Context, n int) {
	if p, ok := ctx.Value(attemptsKey{}).(*atomic.Int64); ok {
		p.Store(int64(n))
	}
}

func (t *logTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := t.log.mask(req.Context())
	attempts := new(atomic.Int64)
	ctx = context.WithValue(ctx, attemptsKey{}, attempts)
	req = req.WithContext(ctx) // shallow copy: the caller's request is untouched

	fields := map[string]any{"http_method": req.Method, "http_path": req.URL.Path, "request_for": string(purposeOf(ctx, req.Method))}
	if req.URL.RawQuery != "" {
		fields["http_query"] = req.URL.RawQuery
	}
	if t.log.traceEnabled(ctx) && req.GetBody != nil {
		if b, err := req.GetBody(); err == nil {
			buf, _ := io.ReadAll(io.LimitReader(b, maxLoggedBody+1))
			_ = b.Close()
			t.log.trace(ctx, "HappyFox request body", withFields(fields, map[string]any{"http_request_body": t.log.redact.String(bodyForLog(buf))}))
		}
	}

	start := t.now()
	resp, err := t.next.RoundTrip(req)
	fields["duration_ms"] = t.now().Sub(start).Milliseconds()
	fields["attempts"] = attempts.Load()
	if err != nil {
		t.log.debug(ctx, "HappyFox request failed", withFields(fields, map[string]any{"error": t.log.redact.String(err.Error())}))
		return nil, err
	}
	fields["http_status"] = resp.StatusCode
	t.log.debug(ctx, "HappyFox request", fields)
	if t.log.traceEnabled(ctx) && resp.Body != nil {
		orig := resp.Body
		buf := make([]byte, maxLoggedBody+1)
		n, _ := io.ReadFull(orig, buf)
		buf = buf[:n]
		t.log.trace(ctx, "HappyFox response body", withFields(fields, map[string]any{"http_response_body": t.log.redact.String(bodyForLog(buf))}))
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
