package transporttest

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
)

// CaptureLogger is a Logger (internal/client/transport's) that keeps every line, with Trace enabled, for tests that
// check what is logged. The zero value is ready to use.
type CaptureLogger struct {
	mu      sync.Mutex
	entries []map[string]any
}

func (l *CaptureLogger) add(level, msg string, fields map[string]any) {
	e := map[string]any{"@level": level, "@message": msg}
	for k, v := range fields {
		e[k] = v
	}
	// Round-trip through JSON, so that numbers compare as in a JSON log (float64).
	b, _ := json.Marshal(e)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, out)
}

// Trace keeps a trace line.
func (l *CaptureLogger) Trace(_ context.Context, msg string, f map[string]any) {
	l.add("trace", msg, f)
}

// Debug keeps a debug line.
func (l *CaptureLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("debug", msg, f)
}

// Warn keeps a warning.
func (l *CaptureLogger) Warn(_ context.Context, msg string, f map[string]any) { l.add("warn", msg, f) }

// TraceEnabled is always true: bodies are logged.
func (l *CaptureLogger) TraceEnabled(context.Context) bool { return true }

// Entries returns the lines logged so far.
func (l *CaptureLogger) Entries() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]map[string]any(nil), l.entries...)
}

// String returns the lines logged so far, one JSON object a line.
func (l *CaptureLogger) String() string {
	var b strings.Builder
	for _, e := range l.Entries() {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}
