package provider

import (
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

// oneShotFaults sits in front of the simulator and fails the first request to each matching path exactly once,
// which the simulator's probabilistic faults cannot do for writes that are retried (a rate of 1 would fail every
// retry as well). processed: HappyFox carries the request out and the answer is lost (the connection dropped, or
// a 502 page); otherwise the request fails before HappyFox sees it (a 503 page).
type oneShotFaults struct {
	next      http.Handler
	match     func(r *http.Request) bool
	processed bool
	drop      bool // lose the answer by dropping the connection rather than with a 502 page

	mu   sync.Mutex
	seen map[string]bool // "METHOD path" already failed once
	sent map[string]int  // requests per "METHOD path", failed ones included
	hits int
}

func (o *oneShotFaults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.Method + " " + r.URL.Path
	o.mu.Lock()
	o.sent[key]++
	fire := o.match(r) && !o.seen[key]
	if fire {
		o.seen[key] = true
		o.hits++
	}
	o.mu.Unlock()
	if !fire {
		o.next.ServeHTTP(w, r)
		return
	}
	if o.processed {
		o.next.ServeHTTP(httptest.NewRecorder(), r) // carried out; the answer goes nowhere
		if o.drop {
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				_ = conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = fmt.Fprint(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		return
	}
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = fmt.Fprint(w, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")
}

// attempts reports how many requests were sent to a path relative to the API base ("POST users/").
func (o *oneShotFaults) attempts(methodAndPath string) int {
	method, rel, _ := strings.Cut(methodAndPath, " ")
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.sent[method+" "+happyfoxsim.BasePath+rel]
}

func (o *oneShotFaults) fired() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.hits
}

// newFaultySim serves the simulator behind a oneShotFaults.
func newFaultySim(t *testing.T, faults *oneShotFaults) *testSim {
	t.Helper()
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: testAPIKey, AuthCode: testAuthCode})
	faults.next, faults.seen, faults.sent = sim, map[string]bool{}, map[string]int{}
	srv := httptest.NewServer(faults)
	t.Cleanup(srv.Close)
	return &testSim{Server: sim, URL: srv.URL + happyfoxsim.BasePath}
}

// Every write the configuration makes, one per resource type: creates (POST contact_groups/, users/, assets/),
// membership changes (POST contact_group/<id>/update_contacts/) and the ticket field's choice list (PUT).
const lostAnswerConfig = `
resource "happyfox_contact" "c" {
  name  = "Lost Answer"
  email = "lost.answer@example.com"
}

resource "happyfox_contact_group" "g" {
  name     = "Lost Answer Group"
  contacts = [{ contact_id = happyfox_contact.c.id, access_tickets = true }]
}

resource "happyfox_contact_group_membership" "m" {
  group_id   = 2
  contact_id = happyfox_contact.c.id
}

resource "happyfox_asset" "a" {
  asset_type_id     = 2
  name              = "Lost Answer Laptop"
  display_id        = "LAP-LOST-ANSWER"
  contact_ids       = [happyfox_contact.c.id]
  contact_group_ids = [happyfox_contact_group.g.id]
  custom_fields     = { "45" = "SN-LOST" }
}

resource "happyfox_ticket_custom_field_choices" "f" {
  field_id = 62
  choices  = [{ text = "Widget" }, { text = "Gadget" }, { text = "Gizmo" }, { text = "Sprocket" }]
}
`

// writeRoutes are the requests lostAnswerConfig's apply makes that change HappyFox.
func isApplyWrite(r *http.Request) bool {
	return r.Method != http.MethodGet && !strings.Contains(r.URL.Path, "/delete_contacts/") && r.Method != http.MethodDelete
}

// The first attempt of every write of the apply fails, once per resource type:
//
//   - "answer lost": HappyFox carries the write out, then the connection drops (or a 502 page comes back). A
//     create (contact by e-mail, group by name, asset by display_id) is looked up and adopted, never sent a
//     second time; a membership change or a choice list is simply sent again, which changes nothing.
//   - "failed before processing": a 503 page, nothing done. A create is looked up, not found, and sent again.
//
// Either way HappyFox ends up with exactly one of each object, all of them in state, and the next plan is empty.
func TestAccReliability_lostAnswersCreateExactlyOnce(t *testing.T) {
	for _, tc := range []struct {
		name            string
		processed, drop bool
		creates         int // POSTs per create: 1 when the lost answer is adopted, 2 when the create is sent again
	}{
		{"answer lost: dropped connection", true, true, 1},
		{"answer lost: 502 page", true, false, 1},
		{"failed before processing: 503 page", false, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			faults := &oneShotFaults{match: isApplyWrite, processed: tc.processed, drop: tc.drop}
			sim := newFaultySim(t, faults)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: sim.providerBlock(`max_retries = 2`) + lostAnswerConfig,
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
					},
					Check: func(s *terraform.State) error {
						// contact, group, group's members, membership, asset, choices: six distinct write paths.
						if n := faults.fired(); n != 6 {
							return fmt.Errorf("%d writes failed once, want 6: the test does not cover every write", n)
						}
						for _, route := range []string{"POST users/", "POST contact_groups/", "POST assets/"} {
							if got := faults.attempts(route); got != tc.creates {
								return fmt.Errorf("%s was sent %d times, want %d", route, got, tc.creates)
							}
						}
						return lostAnswerOutcome(sim, s)
					},
				}},
			})
		})
	}
}

// lostAnswerOutcome checks that HappyFox holds exactly one of each object of lostAnswerConfig, as configured and
// tracked in state.
func lostAnswerOutcome(sim *testSim, s *terraform.State) error {
	id := func(addr string) string {
		if r, ok := s.RootModule().Resources[addr]; ok {
			return r.Primary.ID
		}
		return "missing"
	}
	var contacts, groups, assets []string
	for _, c := range sim.Contacts() {
		if strings.EqualFold(c.Email, "lost.answer@example.com") {
			contacts = append(contacts, fmt.Sprint(c.ID))
		}
	}
	var groupID int64
	for _, g := range sim.ContactGroups() {
		if g.Name == "Lost Answer Group" {
			groups = append(groups, fmt.Sprint(g.ID))
			groupID = g.ID
		}
	}
	for _, a := range sim.Assets() {
		if a.DisplayID == "LAP-LOST-ANSWER" {
			assets = append(assets, fmt.Sprint(a.ID))
		}
	}
	if len(contacts) != 1 || len(groups) != 1 || len(assets) != 1 {
		return fmt.Errorf("HappyFox holds contacts %v, groups %v, assets %v: want exactly one of each", contacts, groups, assets)
	}
	if contacts[0] != id("happyfox_contact.c") || groups[0] != id("happyfox_contact_group.g") || assets[0] != id("happyfox_asset.a") {
		return fmt.Errorf("state tracks contact %s, group %s, asset %s; HappyFox has %s, %s, %s",
			id("happyfox_contact.c"), id("happyfox_contact_group.g"), id("happyfox_asset.a"), contacts[0], groups[0], assets[0])
	}
	if got, want := simMembers(sim, groupID), contacts[0]+":true"; got != want {
		return fmt.Errorf("group members %q, want %q", got, want)
	}
	if got := simMembers(sim, 2); !strings.Contains(" "+got+" ", " "+contacts[0]+":false ") {
		return fmt.Errorf("group 2 members %q lack contact %s", got, contacts[0])
	}
	f, _ := sim.TicketCustomField(62)
	var texts []string
	for _, c := range f.Choices {
		texts = append(texts, c.Text)
	}
	if got := strings.Join(texts, ","); got != "Widget,Gadget,Gizmo,Sprocket" {
		return fmt.Errorf("ticket field 62 choices %s", got)
	}
	return nil
}
