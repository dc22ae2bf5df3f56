package client

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
)

// captureLogger is a Logger that keeps every line, with Trace enabled, for tests that check what is logged.
type captureLogger struct {
	mu      sync.Mutex
	entries []map[string]any
}

func (l *captureLogger) add(level, msg string, fields map[string]any) {
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

func (l *captureLogger) Trace(_ context.Context, msg string, f map[string]any) {
	l.add("trace", msg, f)
}
func (l *captureLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("debug", msg, f)
}
func (l *captureLogger) Warn(_ context.Context, msg string, f map[string]any) { l.add("warn", msg, f) }
func (l *captureLogger) TraceEnabled(context.Context) bool                    { return true }

// Entries returns the lines logged so far.
func (l *captureLogger) Entries() []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]map[string]any(nil), l.entries...)
}

// String returns the lines logged so far, one JSON object a line.
func (l *captureLogger) String() string {
	var b strings.Builder
	for _, e := range l.Entries() {
		j, _ := json.Marshal(e)
		b.Write(j)
		b.WriteByte('\n')
	}
	return b.String()
}
