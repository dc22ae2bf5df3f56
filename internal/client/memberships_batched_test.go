package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// Concurrent membership changes of one group share requests of up to 100 (memberships_batched.go), each call
// getting its own item's result. One change starts and its request is held; then 150 more start, and the request
// is held until they are queued behind it: the 150 go as one request of 100 and one of 50, for adds and for
// removes alike. One request per change would be 151 (and the hold gives up, holdUntil).
func TestGroupMembershipChangesShareRequests(t *testing.T) {
	const n, id = 151, 5
	var c *Client
	var mu sync.Mutex
	sizes := map[string][]int{}
	var held chan struct{}
	var key groupBatchKey
	var gaveUp atomic.Bool
	rt := rtFunc(func(req *http.Request) (*http.Response, error) {
		raw, _ := io.ReadAll(req.Body)
		var out []string
		switch req.URL.Path {
		case apiPrefix + "contact_group/5/update_contacts/":
			var items []map[string]any
			if err := json.Unmarshal(raw, &items); err != nil {
				return nil, err
			}
			for _, it := range items {
				out = append(out, fmt.Sprintf(`{"success": true, "data": {"contact": %v, "access_tickets": %v}}`, it["contact"], it["access_tickets"]))
			}
		case apiPrefix + "contact_group/5/delete_contacts/":
			var body struct{ Contacts []int64 }
			if err := json.Unmarshal(raw, &body); err != nil {
				return nil, err
			}
			for _, ct := range body.Contacts {
				out = append(out, fmt.Sprintf(`{"success": true, "data": {"contact": %d, "message": "Successfully removed contact from group"}}`, ct))
			}
		default:
			return mkResp(req, 404, `{"error": "not found"}`), nil
		}
		mu.Lock()
		first := len(sizes[req.URL.Path]) == 0
		sizes[req.URL.Path] = append(sizes[req.URL.Path], len(out))
		mu.Unlock()
		if first {
			close(held)
			gaveUp.Store(gaveUp.Load() || !holdUntil(t, func() bool { return c.groupBatches.co.Queued(key) == n-1 }))
		}
		return mkResp(req, 200, "["+strings.Join(out, ",")+"]", "Content-Type", "application/json"), nil
	})
	c = unpacedClient(t, rt, transport.Clock{})
	for _, remove := range []bool{false, true} {
		held, key = make(chan struct{}), groupBatchKey{id, remove}
		err := behindFirst(n, held, func(i int) error {
			ct := int64(1000 + i)
			var res ItemResult
			var err error
			if remove {
				res, err = c.RemoveGroupContactBatched(context.Background(), id, ct)
			} else {
				res, err = c.AddGroupContactBatched(context.Background(), id, MembershipChange{ContactID: ct, AccessTickets: i%2 == 0})
			}
			if err == nil && (!res.Success || res.ID != ct) {
				err = fmt.Errorf("contact %d: %+v", ct, res)
			}
			return err
		})
		if gaveUp.Load() {
			t.Fatalf("the other %d changes never queued behind the first request: changes of one group are not shared", n-1)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if got, want := fmt.Sprint(sizes), "map[/api/1.1/json/contact_group/5/delete_contacts/:[1 100 50] /api/1.1/json/contact_group/5/update_contacts/:[1 100 50]]"; got != want {
		t.Fatalf("request sizes %s, want %s", got, want)
	}
}
