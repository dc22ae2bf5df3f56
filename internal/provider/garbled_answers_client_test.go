package provider

// Garbled answers (internal/client/transport/garbled_answers.go) against the simulator, through the client: a 200 whose body
// is not HappyFox's JSON settles every caller, creates nothing twice and orphans nothing.

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Every caller of a shared bulk create answered with a garbled 200 gets its outcome (none waits forever), and each
// contact is created once: found by e-mail when HappyFox carried the request out, sent again when it did not.
func TestBulkCreate_garbledAnswerSettlesEveryItem(t *testing.T) {
	for _, body := range happyfoxsim.GarbledBodies {
		for _, before := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/before=%v", body, before), func(t *testing.T) {
				t.Parallel()
				sim := newTestSim(t, happyfoxsim.Options{})
				sim.GarbleAnswers(happyfoxsim.GarbledAnswers{Routes: []string{"POST /users/"}, Body: body, Count: 2, BeforeProcessing: before})
				c := bulkTestClient(t, sim, nil)
				out := createMany(t, c, "garbled", 30)
				checkCreatedOnce(t, sim, "garbled", out, nil)
				// How many requests the 30 creates share depends on the scheduler: at least the first was garbled.
				if n := sim.Counters().GarbledAnswers; n < 1 {
					t.Fatal("no answer was garbled: the test proves nothing")
				}
				st := sim.BulkCounters()
				if st.ItemsCreated != 30 {
					t.Fatalf("%d contacts created for 30: %+v", st.ItemsCreated, st)
				}
			})
		}
	}
}

// A create that is not safe to repeat, answered with a garbled 200, fails with an unknown outcome (never as a
// success with a made-up id, never as a plain refusal), so that the caller looks before it sends again.
func TestGarbledAnswerToACreateIsAnUnknownOutcome(t *testing.T) {
	for _, body := range []happyfoxsim.GarbledBody{happyfoxsim.GarbledHTML, happyfoxsim.GarbledTruncated, happyfoxsim.GarbledEmpty} {
		t.Run(string(body), func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{})
			sim.GarbleAnswers(happyfoxsim.GarbledAnswers{Routes: []string{"POST /contact_groups/"}, Body: body})
			c := bulkTestClient(t, sim, nil)
			name := "Garbled " + string(body)
			g, err := c.CreateContactGroup(context.Background(), client.ContactGroupInput{Name: &name})
			if err == nil || !client.IsAmbiguous(err) {
				t.Fatalf("want an unknown outcome, got %+v, %v", g, err)
			}
			if n := sim.Counters().Routes["POST /contact_groups/"]; n != 1 {
				t.Fatalf("the create was sent %d times by the client itself, want 1", n)
			}
		})
	}
}

// A request that is safe to repeat (a membership change, a choice list) answered with a garbled 200 is sent again
// like a 5xx; when every answer stays garbled, the membership change is settled by reading the group.
func TestGarbledAnswerToAnIdempotentWrite(t *testing.T) {
	ctx := context.Background()
	t.Run("retried", func(t *testing.T) {
		sim := newTestSim(t, happyfoxsim.Options{})
		sim.GarbleAnswers(happyfoxsim.GarbledAnswers{Routes: []string{"PUT /ticket_custom_field/{id}/"}, Body: happyfoxsim.GarbledHTML, BeforeProcessing: true})
		c := bulkTestClient(t, sim, nil)
		f, err := c.UpdateTicketCustomFieldChoices(ctx, 62, []client.Choice{{Text: "Only"}})
		if err != nil || len(f.Choices) != 1 || f.Choices[0].Text != "Only" {
			t.Fatalf("got %+v, %v", f, err)
		}
		if n := sim.Counters().Routes["PUT /ticket_custom_field/{id}/"]; n != 2 {
			t.Fatalf("PUT sent %d times, want 2 (the garbled answer, then the retry)", n)
		}
	})
	t.Run("settled by reading the group", func(t *testing.T) {
		sim := newTestSim(t, happyfoxsim.Options{})
		// More garbled answers than the client retries (MaxRetries 3): the transport gives up, and the change is
		// settled by looking.
		sim.GarbleAnswers(happyfoxsim.GarbledAnswers{Routes: []string{"POST /contact_group/{id}/update_contacts/"}, Body: happyfoxsim.GarbledNull, Count: 4})
		c := bulkTestClient(t, sim, nil)
		res, err := c.UpdateGroupContacts(ctx, 2, []client.MembershipChange{{ContactID: 1, AccessTickets: true}})
		if err != nil || len(res) != 1 || !res[0].Success {
			t.Fatalf("got %+v, %v", res, err)
		}
		if got := simMembers(sim, 2); !slices.Contains(strings.Fields(got), "1:true") {
			t.Fatalf("group 2 members %q", got)
		}
		if n := sim.Counters().Routes["GET /contact_group/{id}/"]; n < 1 {
			t.Fatalf("the group was never read to settle the change")
		}
	})
}
