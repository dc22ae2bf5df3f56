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
// GET carries: then each contact is read with its own GET, and its phones are not taken for cleared. Before, under
// list-fields=fewer every contact read back without its phone, and the provider failed the create ("HappyFox did
// not apply the change") although HappyFox had applied it.
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
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					email := fmt.Sprintf("phone%d@example.com", i)
					if ex, err := c.FindContactByEmail(context.Background(), email); err != nil || ex != nil {
						errs[i] = fmt.Errorf("check: %v %w", ex, err)
						return
					}
					ct, err := c.CreateContactBatched(context.Background(), client.ContactInput{Name: fmt.Sprintf("Phone %d", i), Email: email,
						Phones: []client.Phone{{Type: "m", Number: fmt.Sprintf("+1555000%03d", i), IsPrimary: true}}})
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
			sim.ResetCounters()
			for i, id := range ids {
				ct, err := c.GetContact(context.Background(), id)
				if err != nil {
					t.Fatal(err)
				}
				if len(ct.Phones) != 1 || ct.Phones[0].Number != fmt.Sprintf("+1555000%03d", i) || !ct.Phones[0].IsPrimary {
					t.Fatalf("contact %d read back with phones %+v, want its one phone", id, ct.Phones)
				}
			}
			if got := sim.Counters().Routes["GET /user/{id}/"]; got != tc.singles {
				t.Fatalf("%d single GETs for %d read-backs, want %d", got, n, tc.singles)
			}
		})
	}
}
