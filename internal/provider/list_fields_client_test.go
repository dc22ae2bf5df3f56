package provider

// The client's reads served from lists (internal/client/list_items.go) against the simulator, with list items that
// carry what the single GET does (the default) and with fewer fields (list-fields=fewer, §1.1 "?").

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// The read-back after a bulk create comes from the newest list pages, unless their items lack a field the single
// GET carries: then each contact is read with its own GET, and its custom fields are not taken for cleared. Before,
// under list-fields=fewer every contact read back without its values, and the provider failed the create
// ("HappyFox did not apply the change") although HappyFox had applied it.
func TestBulkCreate_readBackFromListPagesOnlyWhenTheyCarryEveryField(t *testing.T) {
	for _, tc := range []struct {
		listFields string
		singles    int // GET user/<id>/ of the read-backs
	}{
		{"", 0},
		{"fewer", 20},
	} {
		t.Run("list-fields="+tc.listFields, func(t *testing.T) {
			sim := newTestSim(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{ListFields: tc.listFields}})
			for i := range 60 {
				sim.AddContact(happyfoxsim.Contact{Name: "Old", Email: fmt.Sprintf("old%d@example.com", i)})
			}
			c := bulkTestClient(t, sim, nil)
			const n = 20
			ids := make([]int64, n)
			errs := make([]error, n)
			for i := range n {
				if ex, err := c.FindContactByEmail(context.Background(), fmt.Sprintf("fields%d@example.com", i)); err != nil || ex != nil {
					t.Fatalf("check %d: %v %v", i, ex, err)
				}
			}
			// From here on, the creates and their read-backs (the creates read their contacts back to judge them,
			// contacts_created_here.go; what they read is what GetContact then serves).
			sim.ResetCounters()
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					email := fmt.Sprintf("fields%d@example.com", i)
					ct, err := c.CreateContactBatched(context.Background(), client.ContactInput{Name: fmt.Sprintf("Fields %d", i), Email: email,
						CustomFields: map[int64]any{4: fmt.Sprintf("ACC-%03d", i)}}) // field 4 is a text field of the seed
					if err == nil {
						ids[i] = ct.ID
					}
					errs[i] = err
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("contact %d: %v", i, err)
				}
			}
			for i, id := range ids {
				ct, err := c.GetContact(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				if v := fieldValue(ct, 4); v != fmt.Sprintf("ACC-%03d", i) {
					t.Fatalf("contact %d read back with field 4 = %v (fields %+v)", id, v, ct.CustomFields)
				}
			}
			if got := sim.Counters().Routes["GET /user/{id}/"]; got != tc.singles {
				t.Fatalf("%d single GETs for %d read-backs, want %d", got, n, tc.singles)
			}
		})
	}
}

// The read-back of a bulk create costs one list page per request: the new contacts' positions follow the list's
// size (last_index), and the page size is chosen so that one page holds them (client fresh_reads.go). Requests of 7
// contacts cross a boundary of pages of 50 every seventh request; before, such a request read two pages (and one
// that followed a full last page read that page first).
func TestBulkCreate_readBackCostsOnePagePerRequest(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	for i := range 60 {
		sim.AddContact(happyfoxsim.Contact{Name: "Old", Email: fmt.Sprintf("old%d@example.com", i)})
	}
	c := bulkTestClient(t, sim, nil)
	ctx := context.Background()
	for i := range 5 { // single checks, then the first page: the list's size is known
		if ex, err := c.FindContactByEmail(ctx, fmt.Sprintf("probe%d@example.com", i)); err != nil || ex != nil {
			t.Fatalf("check %d: %v %v", i, ex, err)
		}
	}
	var ids []int64
	round := func(r int) (pages, requests int) {
		sim.ResetCounters()
		before := sim.BulkCounters().Requests
		out := make([]*client.Contact, 7)
		errs := make([]error, 7)
		var wg sync.WaitGroup
		for i := range 7 {
			wg.Go(func() {
				out[i], errs[i] = c.CreateContactBatched(ctx, client.ContactInput{Name: fmt.Sprintf("Round %d-%d", r, i),
					Email: fmt.Sprintf("round%d.%d@example.com", r, i)})
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d contact %d: %v", r, i, err)
			}
			ids = append(ids, out[i].ID)
		}
		return sim.Counters().Routes["GET /users/"], sim.BulkCounters().Requests - before
	}
	round(0) // the first create of a client is sent alone; from now on the 7 share a request
	crossed := 0
	for r := 1; r <= 14; r++ {
		size := len(sim.Contacts())
		pages, requests := round(r)
		if size/50 != (size+6)/50 {
			crossed++
		}
		if pages != requests {
			t.Fatalf("round %d (positions %d to %d): %d list pages read back the contacts of %d bulk request(s), want one page each",
				r, size+1, size+7, pages, requests)
		}
	}
	if crossed == 0 {
		t.Fatal("no round crossed a boundary of pages of 50: the test proves nothing")
	}
	sim.ResetCounters()
	for _, id := range ids {
		if _, err := c.GetContact(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	if n := sim.Counters().Routes["GET /user/{id}/"]; n != 0 {
		t.Fatalf("%d of %d read-backs needed a GET of their own", n, len(ids))
	}
}

// fieldValue is the value of a contact's custom field, nil when it has none.
func fieldValue(ct *client.Contact, id int64) any {
	for _, v := range ct.CustomFields {
		if v.ID == id {
			return v.Value
		}
	}
	return nil
}
