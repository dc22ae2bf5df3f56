package client

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Raw answers every status with its body and headers, undecoded, through the chain: pacing, auth, retries.
func TestRawKeepsTheAnswerWhateverItsStatus(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "users/", func(w http.ResponseWriter, _ *http.Request, rec recorded) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Ratelimit-Limit", "500")
		_, _ = io.WriteString(w, `{"page_info": {"count": 0}, "data": [], "unknown": {"nested": null}, "q": "`+rec.Query+`"}`)
	})
	api.on("GET", "contact_group/9/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, "<html><h1>Not Found</h1></html>")
	})
	c := api.client()
	ctx := context.Background()

	got, err := c.Raw(ctx, http.MethodGet, "users/", url.Values{"size": {"2"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != 200 || got.Header.Get("X-Ratelimit-Limit") != "500" || !strings.Contains(string(got.Body), `"unknown": {"nested": null}`) ||
		!strings.Contains(string(got.Body), `"q": "size=2"`) {
		t.Fatalf("GET users/: %d %v %s", got.Status, got.Header, got.Body)
	}
	if h := api.last().Header.Get("Authorization"); !strings.HasPrefix(h, "Basic ") {
		t.Fatalf("Raw sent no Basic auth: %q", h)
	}

	got, err = c.Raw(ctx, http.MethodGet, "contact_group/9/", nil, nil)
	if err != nil {
		t.Fatalf("a 404 is an answer, not an error: %v", err)
	}
	if got.Status != 404 || string(got.Body) != "<html><h1>Not Found</h1></html>" || got.Header.Get("Content-Type") != "text/html" {
		t.Fatalf("GET contact_group/9/: %d %v %q", got.Status, got.Header, got.Body)
	}
}

// A GET answered with a 5xx is retried like any read; a POST answered with one is an unknown outcome, and the
// caller gets the answer with the *AmbiguousError.
func TestRawRetriesReadsAndReportsUnknownOutcomes(t *testing.T) {
	api := newFakeAPI(t)
	gets := 0
	api.on("GET", "staff/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		gets++
		if gets == 1 {
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		_, _ = io.WriteString(w, `[]`)
	})
	api.on("POST", "assets/", func(w http.ResponseWriter, _ *http.Request, _ recorded) {
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, "<html>502</html>")
	})
	c := api.client()
	ctx := context.Background()

	got, err := c.Raw(ctx, http.MethodGet, "staff/", nil, nil)
	if err != nil || got.Status != 200 || gets != 2 {
		t.Fatalf("GET staff/ after one 502: %v, status %d, %d attempts", err, got.Status, gets)
	}
	got, err = c.Raw(ctx, http.MethodPost, "assets/", url.Values{"asset_type": {"1"}}, map[string]any{"name": "n"})
	if !IsAmbiguous(err) || got.Status != http.StatusBadGateway {
		t.Fatalf("POST answered 502: %v, status %d", err, got.Status)
	}
	if posts := len(api.requests()) - gets; posts != 1 {
		t.Fatalf("the POST was sent %d times, want once", posts)
	}
	if body := api.last().JSON(t); body.(map[string]any)["name"] != "n" {
		t.Fatalf("POST body %v", body)
	}
}

// A body that echoes the credentials comes back with them replaced, as every error text of the client does.
func TestRawRedactsEchoedCredentials(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "contact_group/5/", echoing(http.StatusUnauthorized))
	c := api.client()
	got, err := c.Raw(context.Background(), http.MethodGet, "contact_group/5/", nil, nil)
	if err != nil || got.Status != http.StatusUnauthorized {
		t.Fatalf("%v %d", err, got.Status)
	}
	for _, secret := range credentialForms(testAPIKey, testAuthCode) {
		if strings.Contains(string(got.Body), secret) {
			t.Fatalf("the body holds %q: %s", secret, got.Body)
		}
	}
	if !strings.Contains(string(got.Body), "[redacted]") {
		t.Fatalf("nothing was redacted, so the test proves nothing: %s", got.Body)
	}
}
