package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Concurrent membership changes of one group share update_contacts / delete_contacts requests (client
// memberships_batched.go), and each caller gets its own contact's result, a refused one included.
func TestGroupMembershipsBatched(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	g := sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Batched"})
	var ids []int64
	for i := range 150 {
		ids = append(ids, sim.AddContact(happyfoxsim.Contact{Name: "M", Email: fmt.Sprintf("m%d@example.com", i)}).ID)
	}
	ids = append(ids, 999999) // no such contact: refused
	c := bulkTestClient(t, sim, nil)
	sim.ResetCounters()
	run := func(f func(id int64) (client.ItemResult, error)) []error {
		errs := make([]error, len(ids))
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := f(id)
				switch {
				case err != nil:
					errs[i] = err
				case !res.Success || res.ID != id:
					errs[i] = fmt.Errorf("contact %d: %+v", id, res)
				}
			}()
		}
		wg.Wait()
		return errs
	}
	errs := run(func(id int64) (client.ItemResult, error) {
		return c.AddGroupContactBatched(context.Background(), g.ID, client.MembershipChange{ContactID: id, AccessTickets: id%2 == 0})
	})
	if err := errors.Join(errs[:150]...); err != nil {
		t.Fatal(err)
	}
	if errs[150] == nil {
		t.Fatal("the unknown contact must fail its own caller")
	}
	got, _ := sim.ContactGroup(g.ID)
	if len(got.Members) != 150 {
		t.Fatalf("%d members", len(got.Members))
	}
	adds := sim.Counters().Routes["POST /contact_group/{id}/update_contacts/"]
	errs = run(func(id int64) (client.ItemResult, error) {
		return c.RemoveGroupContactBatched(context.Background(), g.ID, id)
	})
	if err := errors.Join(errs[:150]...); err != nil {
		t.Fatal(err)
	}
	removes := sim.Counters().Routes["POST /contact_group/{id}/delete_contacts/"]
	if got, _ := sim.ContactGroup(g.ID); len(got.Members) != 0 {
		t.Fatalf("%d members left", len(got.Members))
	}
	// How many changes arrive while a request is under way depends on the scheduler: the count is only logged here;
	// the client's TestGroupMembershipChangesShareRequests proves the sharing with an arrival barrier.
	if adds > len(ids) || removes > len(ids) {
		t.Fatalf("%d update_contacts and %d delete_contacts requests for %d contacts", adds, removes, len(ids))
	}
	t.Logf("%d contacts: %d update_contacts, %d delete_contacts", len(ids), adds, removes)
}

// Concurrent reads of one group share GETs, each caller gets its own copy, and a read that starts after a
// write sees it.
func TestGroupReadsShared(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	g := sim.AddContactGroup(happyfoxsim.ContactGroup{Name: "Shared reads"})
	c := bulkTestClient(t, sim, nil)
	sim.ResetCounters()
	const n = 60
	var wg sync.WaitGroup
	got := make([]*client.ContactGroup, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = c.GetContactGroup(context.Background(), g.ID)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if got[i].ID != g.ID || (i > 0 && got[i] == got[0]) {
			t.Fatalf("read %d: %+v", i, got[i])
		}
	}
	// How many reads share a GET depends on the scheduler: the count is only logged here; the client's
	// TestGroupReadsShareOneGETSentAfterEachCallerAsked proves the sharing with an arrival barrier.
	gets := sim.Counters().Routes["GET /contact_group/{id}/"]
	id := sim.Contacts()[0].ID
	if _, err := c.AddGroupContactBatched(context.Background(), g.ID, client.MembershipChange{ContactID: id}); err != nil {
		t.Fatal(err)
	}
	after, err := c.GetContactGroup(context.Background(), g.ID)
	if err != nil || len(after.Members) != 1 {
		t.Fatalf("a read after the write must see it: %+v %v", after, err)
	}
	t.Logf("%d concurrent reads: %d GETs", n, gets)
}
