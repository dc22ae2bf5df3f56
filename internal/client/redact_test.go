package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// credentialForms are the ways a credential can leak: as is, and as the Basic Authorization value.
func credentialForms(key, code string) []string {
	return []string{key, code, base64.StdEncoding.EncodeToString([]byte(key + ":" + code))}
}

// echoing answers with status and a body that echoes the request's credentials in every error shape of §1.2
// the client decodes: a plain "error" text, shape A field errors, shape B, "message" and "detail".
func echoing(status int) fakeRoute {
	return func(w http.ResponseWriter, r *http.Request, _ recorded) {
		auth := r.Header.Get("Authorization")
		user, pass, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"error": [{"field": "name", "errors": ["header was %[1]s"]}, {"field": "%[2]s", "errors": ["code %[3]s"]}],
 "errors": {"auth": "%[1]s", "nested": {"key": ["%[2]s:%[3]s"]}},
 "message": "Authorization: %[1]s", "detail": "api_key=%[2]s auth_code=%[3]s (escaped: %[4]s)"}`,
			auth, user, pass, strings.ReplaceAll(strings.TrimPrefix(auth, "Basic "), "/", `\/`))
	}
}

// TestErrorsNeverContainEchoedCredentials: whatever HappyFox (or a proxy) echoes in a 400, 401, 404 or 409
// body, neither the error text nor any log line holds the API key, the auth code or their Basic form.
func TestErrorsNeverContainEchoedCredentials(t *testing.T) {
	// A key and code whose Basic form holds "/" and "+", so that the JSON-escaped form is exercised too.
	const key, code = "key?>>~~??", "code>>>?~~"
	if b := base64.StdEncoding.EncodeToString([]byte(key + ":" + code)); !strings.ContainsAny(b, "/+") {
		t.Fatalf("test credentials give the Basic form %q without '/' or '+'", b)
	}
	for _, status := range []int{400, 401, 404, 409} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			api := newFakeAPI(t)
			api.on("GET", "contact_group/5/", echoing(status))
			api.on("POST", "contact_groups/", echoing(status))
			api.on("POST", "user/7/", echoing(status))
			logs := &captureLogger{}
			c := api.client(func(cfg *Config) { cfg.APIKey, cfg.AuthCode, cfg.Logger = key, code, logs })
			ctx := context.Background()

			name := "G"
			var errs []error
			_, err := c.GetContactGroup(ctx, 5)
			errs = append(errs, err)
			_, err = c.CreateContactGroup(ctx, ContactGroupInput{Name: &name})
			errs = append(errs, err)
			_, err = c.UpdateContact(ctx, 7, ContactInput{Name: "n", Email: "n@example.com"})
			errs = append(errs, err)

			for i, err := range errs {
				if err == nil {
					t.Fatalf("call %d: no error", i)
				}
				var text strings.Builder
				text.WriteString(err.Error())
				var ae *APIError
				if !errors.As(err, &ae) || ae.StatusCode != status {
					t.Fatalf("call %d: %v is not the HTTP %d *APIError", i, err, status)
				}
				for _, f := range FieldErrors(err) {
					fmt.Fprintf(&text, "\n%s: %s", f.Field, strings.Join(f.Messages, " "))
				}
				if !strings.Contains(text.String(), transport.Redacted) {
					t.Errorf("call %d: the error does not show where a credential was removed: %s", i, text.String())
				}
				for _, s := range append(credentialForms(key, code), strings.ReplaceAll(credentialForms(key, code)[2], "/", `\/`)) {
					if strings.Contains(text.String(), s) {
						t.Errorf("call %d: the error text contains the credential %q:\n%s", i, s, text.String())
					}
				}
			}
			out := logs.String()
			if !strings.Contains(out, "HappyFox response body") {
				t.Fatalf("no response body was logged; the log check proves nothing:\n%s", out)
			}
			for _, s := range append(credentialForms(key, code), strings.ReplaceAll(credentialForms(key, code)[2], "/", `\/`)) {
				if strings.Contains(out, s) {
					t.Errorf("the log contains the credential %q", s)
				}
			}
		})
	}
}
