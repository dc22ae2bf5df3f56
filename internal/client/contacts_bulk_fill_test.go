package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// fillClock is a clock whose fill timers (coalesce.Fill's quiet wait) fire exactly when no more create can come:
// every worker still working has its create queued or in a request. It stands for "no caller arrived for a while"
// without depending on how fast the machine is: a request fills to the creates in flight or is sent when nobody
// else is coming, never because a busy machine was slow.
type fillClock struct {
	c *Client // set after the client is built

	mu      sync.Mutex
	t       time.Time
	live    int         // workers that still have creates to make
	pending []fillTimer // fill timers not yet fired
}

type fillTimer struct {
	at time.Time
	ch chan time.Time
}

func (f *fillClock) clock() transport.Clock {
	return transport.Clock{
		Now:   func() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.t },
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
		Timer: func(d time.Duration) (<-chan time.Time, func() bool) {
			ch := make(chan time.Time, 1)
			f.mu.Lock()
			f.pending = append(f.pending, fillTimer{at: f.t.Add(d), ch: ch})
			f.mu.Unlock()
			f.check()
			return ch, func() bool { return true }
		},
	}
}

// check fires the pending timers when every live worker's create is in.
func (f *fillClock) check() {
	in := f.c.bulkCreates.fill.Active()
	f.mu.Lock()
	defer f.mu.Unlock()
	if in < f.live {
		return
	}
	// Nobody else is coming: time passes to the timers' ends, and they fire.
	for _, p := range f.pending {
		if p.at.After(f.t) {
			f.t = p.at
		}
		p.ch <- f.t
	}
	f.pending = nil
}

func (f *fillClock) workerDone() {
	f.mu.Lock()
	f.live--
	f.mu.Unlock()
	f.check()
}

// bulkServer is an account of contacts behind POST users/, answered the way HappyFox does (§2.5: one result per
// item, in payload order), and the paged list GET users/ (§2.2, with page_info: last_index is the list's size,
// §1.1), which the bulk create's read-back and the e-mail index ask. Its contacts' e-mails are c<id>@aligned.example.com; an e-mail's single GET user/<email>/ is
// 404 and a search (q) finds nothing, as for an e-mail no contact has.
type bulkServer struct {
	// first, when set, holds the first POST until it returns: Terraform starts its slots' first creates at once,
	// which a test's goroutines, started one after the other, do not.
	first func()
	// page1, when set, holds the first GET of page 1 until it returns.
	page1 func()

	mu    sync.Mutex
	ids   []int64  // the list, in the order by id
	posts [][2]int // per POST: contacts before it, creates it carried
	gets  int
}

// items is how many creates the POSTs carried in all, and largest the most one carried.
func (s *bulkServer) items() (all, largest int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.posts {
		all += p[1]
		largest = max(largest, p[1])
	}
	return all, largest
}

func (s *bulkServer) roundTrip(req *http.Request) (*http.Response, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.Method == http.MethodGet {
		s.gets++
	}
	if req.URL.Path != apiPrefix+"users/" {
		return mkResp(req, 404, `{"error": "not found"}`), nil
	}
	if req.Method == http.MethodGet && req.URL.Query().Has("q") {
		return mkResp(req, 200, `{"page_info": {"count": 0, "last_index": 0, "page_count": 0, "start_index": 0, "end_index": 0}, "data": []}`,
			"Content-Type", "application/json"), nil
	}
	if req.Method == http.MethodGet {
		if hold := s.page1; hold != nil && req.URL.Query().Get("page") == "1" {
			s.page1 = nil
			s.mu.Unlock()
			hold()
			s.mu.Lock()
		}
		size, _ := strconv.Atoi(req.URL.Query().Get("size"))
		page, _ := strconv.Atoi(req.URL.Query().Get("page"))
		if size < 1 || page < 1 {
			return mkResp(req, 400, `{"error": "size and page expected"}`), nil
		}
		from, to := min((page-1)*size, len(s.ids)), min(page*size, len(s.ids))
		data := make([]map[string]any, 0, to-from)
		for _, id := range s.ids[from:to] {
			data = append(data, map[string]any{"id": id, "name": "Listed", "email": fmt.Sprintf("c%d@aligned.example.com", id)})
		}
		body, _ := json.Marshal(map[string]any{
			"page_info": map[string]int{"count": len(data), "last_index": len(s.ids), "page_count": (len(s.ids) + size - 1) / size,
				"start_index": from + 1, "end_index": to},
			"data": data,
		})
		return mkResp(req, 200, string(body), "Content-Type", "application/json"), nil
	}
	if hold := s.first; hold != nil {
		s.first = nil
		s.mu.Unlock()
		hold()
		s.mu.Lock()
	}
	raw, _ := io.ReadAll(req.Body)
	var items []map[string]any
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("the fake bulk server expects a list: %w", err)
	}
	s.posts = append(s.posts, [2]int{len(s.ids), len(items)})
	out := make([]map[string]any, len(items))
	for i, it := range items {
		id := int64(len(s.ids) + 1)
		s.ids = append(s.ids, id)
		out[i] = map[string]any{"email": it["email"], "success": true, "id": id}
	}
	body, _ := json.Marshal(out)
	return mkResp(req, 200, string(body), "Content-Type", "application/json"), nil
}

// 10 workers make 10 creates each, as Terraform does at its default parallelism: one create at a time per slot,
// the next as soon as the last returned. Each shared request waits until it holds every create in flight, so 100
// creates take 11 requests: the first leaves with the create that started it (a lone create is sent at once), the
// next ones hold every create in flight. Sent at the first arrival, they took 25 to 100. Before the fill clock, this test waited on real timers and failed once on
// a busy machine (14 requests).
func TestBulkCreate_requestsFillToTheCreatesInFlight(t *testing.T) {
	for _, fill := range []bool{true, false} {
		t.Run(fmt.Sprintf("fill=%v", fill), func(t *testing.T) {
			const slots, each = 10, 10
			srv := &bulkServer{}
			fc := &fillClock{t: time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC), live: slots}
			clk := fc.clock()
			if !fill {
				clk.Timer = nil // coalesce.Fill: no timer, no wait: a request goes at the first arrival
			}
			c, err := newClient(Config{
				BaseURL: "https://acme.happyfox.com/api/1.1/json/", APIKey: testAPIKey, AuthCode: testAuthCode,
				GetRequestsPerMinute: 1 << 20, WriteRequestsPerMinute: 1 << 20, Transport: rtFunc(srv.roundTrip),
			}, clk)
			if err != nil {
				t.Fatal(err)
			}
			fc.c = c
			srv.first = func() { spinUntil(func() bool { return c.bulkCreates.fill.Active() == slots }) }
			var wg sync.WaitGroup
			errs := make(chan error, slots*each)
			for w := range slots {
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer fc.workerDone()
					for i := range each {
						if _, err := c.CreateContactBatched(context.Background(), ContactInput{Name: "Slot", Email: fmt.Sprintf("slot%d.%d@bulk.example.com", w, i)}); err != nil {
							errs <- err
						}
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			items, largest := srv.items()
			requests := len(srv.posts)
			if items != slots*each {
				t.Fatalf("%d items sent for %d creates", items, slots*each)
			}
			t.Logf("%d creates, %d in flight: %d requests (largest %d)", items, slots, requests, largest)
			// Without the wait (the control) how many requests the creates share depends on the scheduler: it is
			// only logged.
			if fill && requests > slots+1 {
				t.Fatalf("%d requests for %d creates with %d in flight: requests did not wait for the creates in flight", requests, slots*each, slots)
			}
		})
	}
}
