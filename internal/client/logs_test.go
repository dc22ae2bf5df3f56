package client

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestLogsNeverContainSecrets(t *testing.T) {
	api := newFakeAPI(t)
	var n atomic.Int32
	api.on("GET", "user/5/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		// A hostile or buggy server echoing the credentials back.
		_, _ = io.WriteString(w, `{"id": 5, "name": "`+testAuthCode+`", "email": "`+r.Header.Get("Authorization")+`", "note": "`+testAPIKey+`"}`)
	})
	api.reply("POST", "users/", 400, `{"error": [{"field": "name", "errors": ["bad `+testAPIKey+`"]}]}`)
	logs := &captureLogger{}
	c := api.client(func(cfg *Config) { cfg.Logger = logs })

	ctx := context.Background()
	if _, err := c.GetContact(ctx, 5); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateContact(ctx, ContactInput{Name: testAPIKey + " " + testAuthCode, Email: "a@example.com"})
	if err == nil {
		t.Fatal("expected an error")
	}

	out := logs.String()
	basic := base64.StdEncoding.EncodeToString([]byte(testAPIKey + ":" + testAuthCode))
	for _, secret := range []string{testAPIKey, testAuthCode, basic, "Authorization"} {
		if strings.Contains(out, secret) {
			t.Errorf("log output contains %q", secret)
		}
	}
	entries := logs.Entries()
	var sawGet, sawBody bool
	for _, e := range entries {
		if e["@message"] == "HappyFox request" && e["http_path"] == apiPrefix+"user/5/" {
			sawGet = true
			if e["http_status"] != float64(200) || e["attempts"] != float64(2) || e["http_method"] != "GET" {
				t.Errorf("request entry = %v", e)
			}
			if _, ok := e["duration_ms"]; !ok {
				t.Errorf("no duration: %v", e)
			}
			for k := range e {
				if strings.Contains(strings.ToLower(k), "header") {
					t.Errorf("header field logged: %s", k)
				}
			}
		}
		if e["@message"] == "HappyFox response body" && e["@level"] == "trace" {
			sawBody = true
		}
	}
	if !sawGet || !sawBody {
		t.Fatalf("expected debug and trace entries, got:\n%s", out)
	}
}
