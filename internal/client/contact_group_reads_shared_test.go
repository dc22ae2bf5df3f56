package client

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// Concurrent reads of one group share GETs, and each GET is sent after every caller it answers asked
// (contact_group_reads_shared.go). One read starts, and its GET is held; then 59 more start, and the GET is held
// until they are queued behind it, so they arrive while it is under way however the machine schedules them: it
// answers its own caller only, and one more GET answers the 59. One GET per read would be 60; sharing the first
// GET with reads that came after it was sent would be 1. Reads that are not shared never queue: the hold then
// gives up shortly before the test binary's deadline, so the test fails with its message instead of timing out.
func TestGroupReadsShareOneGETSentAfterEachCallerAsked(t *testing.T) {
	const n, id = 60, 5
	var gets atomic.Int32
	var c *Client
	held := make(chan struct{})
	var gaveUp atomic.Bool
	rt := rtFunc(func(req *http.Request) (*http.Response, error) {
		if req.Method != http.MethodGet || req.URL.Path != apiPrefix+"contact_group/5/" {
			return mkResp(req, 404, `{"error": "not found"}`), nil
		}
		if gets.Add(1) == 1 {
			close(held)
			gaveUp.Store(!holdUntil(t, func() bool { return c.groupReads.co.Queued(id) == n-1 }))
		}
		return mkResp(req, 200, `{"id": 5, "name": "Shared reads", "contacts": [{"id": 7, "email": "a@example.com"}]}`,
			"Content-Type", "application/json"), nil
	})
	c = unpacedClient(t, rt, transport.Clock{})
	got := make([]*ContactGroup, n)
	err := behindFirst(n, held, func(i int) (err error) {
		got[i], err = c.GetContactGroup(context.Background(), id)
		return err
	})
	if gaveUp.Load() {
		t.Fatalf("the other %d reads never queued behind the first GET: reads of one group are not shared", n-1)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if got[i] == nil || got[i].ID != id || len(got[i].Members) != 1 {
			t.Fatalf("read %d: %+v", i, got[i])
		}
		for j := range i {
			if got[i] == got[j] || &got[i].Members[0] == &got[j].Members[0] {
				t.Fatalf("reads %d and %d got the same copy of the group", j, i)
			}
		}
	}
	if g := gets.Load(); g != 2 {
		t.Fatalf("%d GETs for %d reads, the last %d made while the first GET was under way: want 2", g, n, n-1)
	}
}
