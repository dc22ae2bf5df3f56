package probe

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// rewrite answers the requests whose path ends so with status and body instead of the simulator.
func rewrite(suffix string, status int, ctype, body string) func(http.RoundTripper) http.RoundTripper {
	return func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(req *http.Request) (*http.Response, error) {
			if !strings.HasSuffix(req.URL.Path, suffix) {
				return next.RoundTrip(req)
			}
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {ctype}},
				Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
		})
	}
}

// An answer no switch of the simulator gives is reported as unrecognised, with its shape and no value.
func TestAnAnswerNoSwitchGivesIsUnrecognised(t *testing.T) {
	for name, c := range map[string]struct {
		suffix, ctype, body, question, seen string
		status                              int
	}{
		"not found as 410":     {"/contact_group/999999999/", "text/plain", "Gone: Secret Cabal", "not-found", "410 a text body (text/plain)", 410},
		"members as strings":   {"/contact_group/1/", "application/json", `{"id": 1, "contacts": ["Zelda Quixotic"]}`, "group-members", "", 200},
		"ticket field as list": {"/ticket_custom_field/61/", "application/json", `[{"id": 61}]`, "ticket-field-single", "200 JSON [1 × {id: int}] (application/json)", 200},
	} {
		t.Run(name, func(t *testing.T) {
			sim := simAccount(happyfoxsim.Assumptions{})
			srv := httptest.NewServer(sim)
			t.Cleanup(srv.Close)
			r := probeURL(t, t.Context(), sim, happyfoxsim.BaseURL(srv.URL), false, rewrite(c.suffix, c.status, c.ctype, c.body))
			if r.err != nil {
				t.Fatal(r.err)
			}
			f, _ := r.rep.Finding(c.question)
			if f.Status != Unrecognised || !strings.Contains(f.Seen, c.seen) {
				t.Fatalf("%s: %s %s, seen %q", c.question, f.Status, f.Value, f.Seen)
			}
			var out bytes.Buffer
			r.rep.WriteText(&out)
			if strings.Contains(out.String(), "Secret Cabal") || strings.Contains(out.String(), "Zelda") {
				t.Fatalf("the report quotes the account: %s", out.String())
			}
			if !strings.Contains(out.String(), "Answers no simulator switch gives (each needs a new alternative): "+c.question) {
				t.Fatalf("the summary does not name %s:\n%s", c.question, out.String())
			}
		})
	}
}

// An account without data (no staff, contact, group, asset or field) leaves the questions that need data not
// settled, each saying why, and the run still succeeds; with -write nothing is created.
func TestAnEmptyAccountSettlesWhatItCan(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{Empty: true})
	r := probeSim(t, sim, true)
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, f := range r.rep.Findings {
		switch {
		case f.Status == NotSettled && f.Why == "":
			t.Errorf("%s is not settled and does not say why", f.Question)
		case f.Status == Unrecognised:
			t.Errorf("%s: unrecognised %s", f.Question, f.Seen)
		}
	}
	for _, q := range []string{"page-past-end", "group-members", "contact-choice-value", "asset-field-path", "asset-put-omitted-fields"} {
		if f, _ := r.rep.Finding(q); f.Status != NotSettled {
			t.Errorf("%s: %s %s", q, f.Status, f.Value)
		}
	}
	if f, _ := r.rep.Finding("not-found"); f.Status != Settled {
		t.Errorf("not-found needs no data: %s (%s)", f.Status, f.Why)
	}
	if n := sim.Counters().Routes["POST /assets/"]; n != 0 {
		t.Errorf("%d creates on an account without asset types", n)
	}
}
