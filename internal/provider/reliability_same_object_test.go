package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// rewritingProxy sits in front of the simulator and rewrites JSON answers as something between the provider and
// HappyFox might: edit gets each decoded answer of a matching request and may change it in place.
type rewritingProxy struct {
	next  http.Handler
	match func(r *http.Request) bool
	edit  func(r *http.Request, body any)

	mu    sync.Mutex
	edits int
}

func (p *rewritingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !p.match(r) {
		p.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	p.next.ServeHTTP(rec, r)
	out := rec.Body.Bytes()
	var body any
	if rec.Code == http.StatusOK && json.Unmarshal(out, &body) == nil {
		p.edit(r, body)
		if b, err := json.Marshal(body); err == nil && !bytes.Equal(bytes.TrimSpace(out), b) {
			out = b
			p.mu.Lock()
			p.edits++
			p.mu.Unlock()
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(out)
}

func (p *rewritingProxy) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.edits
}

func newProxiedSim(t *testing.T, p *rewritingProxy) *testSim {
	t.Helper()
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: testAPIKey, AuthCode: testAuthCode})
	p.next = sim
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	ts := &testSim{Server: sim, URL: srv.URL + happyfoxsim.BasePath}
	t.Cleanup(ts.forgetSharedBudget)
	return ts
}

// eachObject calls f with every JSON object in body, nested ones included.
func eachObject(body any, f func(map[string]any)) {
	switch v := body.(type) {
	case map[string]any:
		f(v)
		for _, x := range v {
			eachObject(x, f)
		}
	case []any:
		for _, x := range v {
			eachObject(x, f)
		}
	}
}

// A proxy upper-cases every name in HappyFox's answers (the create's answer, the read-back, the lists the lookups
// and refreshes read). Names differing only in case are the same name for HappyFox, and for the provider's one rule
// of "the same object" (client.SameText): every object is created once and tracked, and the next plan is empty
// (the configured spelling is kept while HappyFox's is the same text), so nothing is orphaned and nothing diffs
// forever. Before the one rule, the client accepted such a contact and the provider refused it: it was left in
// HappyFox and in no state.
func TestAccReliability_answersThatChangeOnlyTheCaseOfNamesTrackTheObject(t *testing.T) {
	proxy := &rewritingProxy{
		match: func(*http.Request) bool { return true },
		edit: func(_ *http.Request, body any) {
			eachObject(body, func(m map[string]any) {
				if n, ok := m["name"].(string); ok && strings.Contains(n, "Case Proxy") {
					m["name"] = strings.ToUpper(n)
				}
			})
		},
	}
	sim := newProxiedSim(t, proxy)
	cfg := sim.providerBlock("") + `
resource "happyfox_contact" "c" {
  name  = "Ada Case Proxy"
  email = "ada.case.proxy@example.com"
}
resource "happyfox_contact_group" "g" {
  name = "Platform Case Proxy"
}
resource "happyfox_asset" "a" {
  asset_type_id = 2
  name          = "Laptop Case Proxy"
  display_id    = "LAP-CASE-PROXY"
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					if proxy.count() == 0 {
						return fmt.Errorf("no answer was rewritten: the test proves nothing")
					}
					return sameObjectsTracked(sim, s, map[string]func() []int64{
						"happyfox_contact.c": func() (ids []int64) {
							for _, c := range sim.Contacts() {
								if c.Email == "ada.case.proxy@example.com" {
									ids = append(ids, c.ID)
								}
							}
							return ids
						},
						"happyfox_contact_group.g": func() (ids []int64) {
							for _, g := range sim.ContactGroups() {
								if g.Name == "Platform Case Proxy" {
									ids = append(ids, g.ID)
								}
							}
							return ids
						},
						"happyfox_asset.a": func() (ids []int64) {
							for _, a := range sim.Assets() {
								if a.DisplayID == "LAP-CASE-PROXY" {
									ids = append(ids, a.ID)
								}
							}
							return ids
						},
					})
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
}

// sameObjectsTracked checks that each address's object exists exactly once in HappyFox and is the one in state.
func sameObjectsTracked(sim *testSim, s *terraform.State, objects map[string]func() []int64) error {
	for addr, find := range objects {
		ids := find()
		r, ok := s.RootModule().Resources[addr]
		if len(ids) != 1 || !ok || r.Primary.ID != fmt.Sprint(ids[0]) {
			state := "missing"
			if ok {
				state = r.Primary.ID
			}
			return fmt.Errorf("%s: HappyFox holds %v, the state %s: want exactly one object, tracked", addr, ids, state)
		}
	}
	return nil
}

// The answer to an asset create carries what was sent but the id of another asset (asset 1), as a caching proxy
// or an answer assembled from the wrong row might. The answer alone cannot tell; the asset read back under that id
// (a GET of its own, not the answer again nor a list snapshot) is another asset, so the natural key decides: the
// asset created is adopted, asset 1 is never stored, written or deleted, and the next plan is empty.
func TestAccReliabilityAssets_createAnswerWithAnotherAssetsIDOnly(t *testing.T) {
	proxy := &rewritingProxy{
		match: func(r *http.Request) bool {
			return r.Method == http.MethodPost && r.URL.Path == happyfoxsim.BasePath+"assets/"
		},
		edit: func(_ *http.Request, body any) {
			if m, ok := body.(map[string]any); ok {
				m["id"] = 1
			}
		},
	}
	sim := newProxiedSim(t, proxy)
	var id int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := sim.Asset(id); ok {
				return fmt.Errorf("asset %d still exists after destroy", id)
			}
			return checkSeedAssetUntouched(sim)
		},
		Steps: []resource.TestStep{{
			Config: assetResourceConfig(sim, trustAssetConfig),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(s *terraform.State) error {
				var err error
				if id, err = assetIDFromState(s); err != nil {
					return err
				}
				if proxy.count() != 1 {
					return fmt.Errorf("%d answers rewritten, want the 1 create", proxy.count())
				}
				if id == 1 {
					return fmt.Errorf("the state holds the foreign asset 1 from the create's answer")
				}
				a, ok := sim.Asset(id)
				if !ok || a.Name != "MacBook Air 13" || a.DisplayID != "LAP-7001" {
					return fmt.Errorf("the state's asset %d is not the created one: %+v", id, a)
				}
				if n := sim.Counters().Routes["POST /assets/"]; n != 1 {
					return fmt.Errorf("%d creates sent, want 1 (the created asset is adopted, not created again)", n)
				}
				return checkSeedAssetUntouched(sim)
			},
		}},
	})
}
