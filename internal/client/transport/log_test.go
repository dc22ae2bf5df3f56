package transport

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport/transporttest"
)

// captureLogger keeps every line logged (transporttest.CaptureLogger).
type captureLogger = transporttest.CaptureLogger

func TestLogBodyTruncatedAndResponseIntact(t *testing.T) {
	big := `{"id": 5, "name": "` + strings.Repeat("x", 10000) + `"}`
	logs := &captureLogger{}
	c := testChain(t, "https://acme.happyfox.com"+apiPrefix, RealClock, func(cfg *Config) {
		cfg.Logger = logs
		cfg.Base = rtFunc(func(r *http.Request) (*http.Response, error) { return mkResp(r, 200, big), nil })
	})
	body, err := get(context.Background(), c, "user/5/")
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != big {
		t.Fatalf("body altered by logging: %d bytes of %d", len(body), len(big))
	}
	entries := logs.Entries()
	for _, e := range entries {
		if b, ok := e["http_response_body"].(string); ok {
			if len(b) > maxLoggedBody+100 || !strings.HasSuffix(b, "[truncated]") {
				t.Fatalf("logged body of %d bytes not truncated", len(b))
			}
			return
		}
	}
	t.Fatal("no response body logged")
}
