package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// listLies are read answers that say HappyFox has what it has not, so that the plan-time lookups (plan_checks.go)
// pass and the write reaches HappyFox, which refuses it: how the provider reports a refusal the plan could not
// foresee (a list that is wrong about the account, a change made between the plan and the apply).
type listLies struct {
	contacts     []int64 // GET user/<id>/ answers a contact with this id
	staffAllowed []int64 // GET staff/ shows these agents active with manage_assets
	groups       []int64 // GET contact_groups/ lists a group with this id
	assetTypes   []int64 // GET asset_types/ lists a type with this id
}

// newLyingTestSim is newTestSim behind a proxy that tells lies in its read answers (writes pass unchanged).
func newLyingTestSim(t *testing.T, opts happyfoxsim.Options, lies listLies) *testSim {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testAPIKey
	}
	if opts.AuthCode == "" {
		opts.AuthCode = testAuthCode
	}
	sim := happyfoxsim.New(opts)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		status := rec.Code
		if r.Method == http.MethodGet {
			body, status = lies.tell(strings.TrimPrefix(r.URL.Path, "/api/1.1/json/"), body, status)
		}
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	ts := &testSim{Server: sim, URL: srv.URL + "/api/1.1/json/"}
	t.Cleanup(ts.forgetSharedBudget)
	return ts
}

// tell rewrites the answer to GET rel.
func (l listLies) tell(rel string, body []byte, status int) ([]byte, int) {
	for _, id := range l.contacts {
		if rel == fmt.Sprintf("user/%d/", id) {
			b, _ := json.Marshal(map[string]any{"id": id, "name": "Listed But Gone", "email": fmt.Sprintf("gone%d@example.com", id),
				"phones": []any{}, "primary_phone": nil, "custom_fields": []any{}, "contact_groups": []any{}})
			return b, http.StatusOK
		}
	}
	var edit func(items []map[string]any) []map[string]any
	switch rel {
	case "staff/":
		edit = func(items []map[string]any) []map[string]any {
			for _, s := range items {
				if id, _ := s["id"].(float64); slices.Contains(l.staffAllowed, int64(id)) {
					s["active"] = true
					s["permissions"] = []string{"manage_assets"}
				}
			}
			return items
		}
	case "contact_groups/":
		edit = func(items []map[string]any) []map[string]any {
			for _, id := range l.groups {
				items = append(items, map[string]any{"id": id, "name": fmt.Sprintf("Listed group %d", id), "description": "", "tagged_domains": ""})
			}
			return items
		}
	case "asset_types/":
		edit = func(items []map[string]any) []map[string]any {
			for _, id := range l.assetTypes {
				items = append(items, map[string]any{"id": id, "name": fmt.Sprintf("Listed type %d", id), "description": nil, "settings": map[string]any{}})
			}
			return items
		}
	default:
		return body, status
	}
	if status != http.StatusOK {
		return body, status
	}
	var items []map[string]any
	if json.Unmarshal(body, &items) == nil { // a bare array (§5, §2.8)
		out, _ := json.Marshal(edit(items))
		return out, status
	}
	var env map[string]json.RawMessage // the envelope (§1.1)
	if json.Unmarshal(body, &env) != nil || json.Unmarshal(env["data"], &items) != nil {
		return body, status
	}
	env["data"], _ = json.Marshal(edit(items))
	var out bytes.Buffer
	_ = json.NewEncoder(&out).Encode(env)
	return out.Bytes(), status
}
