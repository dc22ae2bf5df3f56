package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// garbledRoutes are the writes of lostAnswerConfig's apply, each of which may be answered with a garbled 200.
var garbledRoutes = []struct {
	name  string
	route string
	count int // answers to garble: the group's members and the membership resource share update_contacts
}{
	{"bulk contact create", "POST /users/", 1},
	{"contact group create", "POST /contact_groups/", 1},
	{"membership changes", "POST /contact_group/{id}/update_contacts/", 2},
	{"asset create", "POST /assets/", 1},
	{"ticket field choices", "PUT /ticket_custom_field/{id}/", 1},
}

// garbledApplyConverges applies lostAnswerConfig with the fault armed: the apply ends on its own (a hang fails the
// test by its timeout) and succeeds, HappyFox holds exactly one of each object, all of them in state, and the next
// plan is empty.
func garbledApplyConverges(t *testing.T, sim *testSim, g happyfoxsim.GarbledAnswers) {
	t.Helper()
	sim.GarbleAnswers(g)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: sim.providerBlock(`max_retries = 2`) + lostAnswerConfig,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: func(s *terraform.State) error {
				if got, want := sim.Counters().GarbledAnswers, garbledWant(g); got != want {
					return fmt.Errorf("%d answers were garbled, want %d: the fault did not strike every route", got, want)
				}
				return lostAnswerOutcome(sim, s)
			},
		}},
	})
}

// garbledWant is how many answers g garbles when every route it names is written often enough.
func garbledWant(g happyfoxsim.GarbledAnswers) int { return len(g.Routes) * max(g.Count, 1) }

// A write answered with HTTP 200 and a body that is not HappyFox's JSON (a firewall's challenge page, a captive
// proxy, a connection cut mid-answer: an HTML page, JSON cut short, an empty body, null) has an unknown outcome.
// Each route, with each kind of body, after HappyFox carried the write out: the create is looked up and adopted
// (never sent again), a membership change is settled by reading the group, a choice list by reading the field. The
// apply ends on its own and succeeds, with no orphan and no duplicate.
func TestAccReliability_garbledAnswerAfterTheWriteIsSettled(t *testing.T) {
	for _, body := range happyfoxsim.GarbledBodies {
		for _, r := range garbledRoutes {
			t.Run(fmt.Sprintf("%s/%s", body, r.name), func(t *testing.T) {
				t.Parallel()
				sim := newTestSim(t, happyfoxsim.Options{})
				garbledApplyConverges(t, sim, happyfoxsim.GarbledAnswers{Routes: []string{r.route}, Body: body, Count: r.count})
				// The create was adopted: sent once.
				for _, route := range []string{"POST /users/", "POST /contact_groups/", "POST /assets/"} {
					if n := sim.Counters().Routes[route]; n != 1 {
						t.Errorf("%s was sent %d times, want 1", route, n)
					}
				}
			})
		}
	}
}

// The same bodies from something that answered in HappyFox's place (the write never reached it), on every route at
// once: each create is looked up, not found, and sent again; the membership changes are found not applied and sent
// again; the apply converges.
func TestAccReliability_garbledAnswerBeforeTheWriteIsSettled(t *testing.T) {
	var routes []string
	for _, r := range garbledRoutes {
		routes = append(routes, r.route)
	}
	for _, body := range happyfoxsim.GarbledBodies {
		t.Run(string(body), func(t *testing.T) {
			t.Parallel()
			sim := newTestSim(t, happyfoxsim.Options{})
			garbledApplyConverges(t, sim, happyfoxsim.GarbledAnswers{Routes: routes, Body: body, Count: 2, BeforeProcessing: true})
		})
	}
}

// A contact created with its own POST users/ (bulk writes off) is settled the same way.
func TestAccReliability_garbledAnswerToASingleContactCreate(t *testing.T) {
	t.Setenv("HAPPYFOX_BULK_WRITES", "off")
	for _, body := range happyfoxsim.GarbledBodies {
		t.Run(string(body), func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{})
			garbledApplyConverges(t, sim, happyfoxsim.GarbledAnswers{Routes: []string{"POST /users/"}, Body: body})
			if n := sim.Counters().Routes["POST /users/"]; n != 1 {
				t.Errorf("POST /users/ was sent %d times, want 1", n)
			}
			if n := sim.BulkCounters().Requests; n != 0 {
				t.Errorf("%d bulk requests with bulk writes off", n)
			}
		})
	}
}
