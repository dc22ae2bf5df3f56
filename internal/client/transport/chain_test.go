package transport

import (
	"net/http"
	"testing"
	"time"
)

// The chain is log → serial → retry → limit → timeout → auth → base, each layer with its settings. (The client's
// defaults that fill them: internal/client's TestNewDefaults.)
func TestNewBuildsTheChain(t *testing.T) {
	base := rtFunc(func(r *http.Request) (*http.Response, error) { return mkResp(r, 200, "{}"), nil })
	c := testChain(t, "https://acme.happyfox.com/api/1.1/json/", RealClock, func(cfg *Config) {
		cfg.MaxRetries, cfg.RateLimitMaxWait, cfg.Base = 3, time.Minute, base
	})
	lt := c.rt.(*logTransport).next.(*serialTransport).next.(*retryTransport)
	if lt.maxRetries != 3 || lt.maxWait != time.Minute ||
		lt.waitMin != time.Second || lt.waitMax != 30*time.Second || lt.defaultLockout != 10*time.Minute {
		t.Fatalf("retry settings = %+v", lt)
	}
	if c.rt.(*logTransport).next.(*serialTransport).basePath != "/api/1.1/json/" {
		t.Fatal("serial layer: base path")
	}
	lim := lt.next.(*limitTransport)
	if lim.get.rateNow() != defaultGetPerMinute || lim.write.rateNow() != defaultWritePerMinute || lim != c.limit {
		t.Fatalf("limiter settings: %v %v", lim.get.rateNow(), lim.write.rateNow())
	}
	tt := lim.next.(*timeoutTransport)
	if tt.timeout != 30*time.Second || tt.grace != abandonGrace(30*time.Second) {
		t.Fatalf("timeout = %s, grace %s", tt.timeout, tt.grace)
	}
	at := tt.next.(*authTransport)
	if at.userAgent != "test-agent/1.0" || at.username != testAPIKey || at.password != testAuthCode {
		t.Fatalf("auth layer %+v", at)
	}
	if at.next == nil {
		t.Fatal("no base transport")
	}
	if c.Budget() != nil {
		t.Fatal("a shared budget without SharedBudgetDir")
	}
}
