package transport

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A body larger than the bound is an error, read no further: a server that never stops sending cannot exhaust
// the memory.
func TestHugeResponseBodyIsBounded(t *testing.T) {
	if maxResponseBytes != 32<<20 {
		t.Fatalf("default body limit = %d", maxResponseBytes)
	}
	old := maxResponseBytes
	maxResponseBytes = 1 << 20
	defer func() { maxResponseBytes = old }()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "[")
		chunk := strings.Repeat(`{"id": 1, "name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},`, 1000)
		for {
			if _, err := io.WriteString(w, chunk); err != nil {
				return // the client hung up
			}
			select {
			case <-r.Context().Done():
				return
			default:
			}
		}
	}))
	defer srv.Close()
	_, err := get(t.Context(), testChain(t, srv.URL+apiPrefix, RealClock, nil), "statuses/")
	if err == nil || !strings.Contains(err.Error(), "exceeds 1 MiB") {
		t.Fatalf("err = %v", err)
	}
}
