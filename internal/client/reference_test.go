package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

func TestReferenceLists(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "categories/", 200, `[ { "id": 3, "name": "Arturia", "description": "", "public": true, "time_spent_mandatory": true, "prepopulate_cc": "AR" } ]`)
	api.reply("GET", "staff/", 200, `[ { "id": 14, "name": "George - Admin", "email": "george@happyfox-test.com", "active": true,
	    "is_account_admin": false, "role": { "id": 1, "name": "Administrator" },
	    "categories": [3, 4], "permissions": ["manage_assets", "manage_contact_groups"] },
	  { "id": 15, "name": "X", "active": "false", "role": null, "categories": null, "permissions": {"b": true, "a": true, "c": false} } ]`)
	api.reply("GET", "statuses/", 200, `[ { "id": 6, "name": "On hold", "color": "120D58", "order": 1, "default": false, "behavior": "pending" } ]`)
	c := api.client()

	cats, err := c.ListCategories(t.Context())
	if err != nil || !reflect.DeepEqual(cats, []Category{{3, "Arturia", "", true, true, "AR"}}) {
		t.Fatalf("%#v %v", cats, err)
	}
	staff, err := c.ListStaff(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := []Staff{
		{ID: 14, Name: "George - Admin", Email: "george@happyfox-test.com", Active: true, RoleID: 1, RoleName: "Administrator",
			CategoryIDs: []int64{3, 4}, Permissions: []string{"manage_assets", "manage_contact_groups"}},
		{ID: 15, Name: "X", Permissions: []string{"a", "b"}},
	}
	if !reflect.DeepEqual(staff, want) {
		t.Fatalf("staff = %#v", staff)
	}
	st, err := c.ListStatuses(t.Context())
	if err != nil || !reflect.DeepEqual(st, []Status{{6, "On hold", "120D58", 1, false, "pending"}}) {
		t.Fatalf("%#v %v", st, err)
	}
}

func TestMemoSingleflight(t *testing.T) {
	api := newFakeAPI(t)
	release := make(chan struct{})
	var hits atomic.Int32
	api.on("GET", "statuses/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		hits.Add(1)
		<-release
		_, _ = io.WriteString(w, `[{"id": 1, "name": "New"}]`)
	})
	c := api.client()
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := c.ListStatuses(t.Context())
			if err == nil && (len(st) != 1 || st[0].Name != "New") {
				err = errors.New("wrong statuses")
			}
			errs <- err
		}()
	}
	waitFor(t, func() bool { return hits.Load() == 1 })
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if h := hits.Load(); h != 1 {
		t.Fatalf("%d concurrent ListStatuses made %d requests", n, h)
	}
	// Callers get their own slice.
	a, _ := c.ListStatuses(t.Context())
	a[0].Name = "mutated"
	b, _ := c.ListStatuses(t.Context())
	if b[0].Name != "New" || hits.Load() != 1 {
		t.Fatal("cache mutated through a returned slice or refetched")
	}
}

func TestMemoFailureNotCached(t *testing.T) {
	api := newFakeAPI(t)
	var hits atomic.Int32
	api.on("GET", "categories/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		if hits.Add(1) == 1 {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		_, _ = io.WriteString(w, `[{"id": 1}]`)
	})
	c := api.client()
	if _, err := c.ListCategories(t.Context()); !IsForbidden(err) {
		t.Fatalf("err = %v", err)
	}
	if cats, err := c.ListCategories(t.Context()); err != nil || len(cats) != 1 {
		t.Fatalf("%v %v", cats, err)
	}
	if _, err := c.ListCategories(t.Context()); err != nil || hits.Load() != 2 {
		t.Fatalf("hits = %d", hits.Load())
	}
}

func TestMemoLeaderCancelled(t *testing.T) {
	api := newFakeAPI(t)
	var hits atomic.Int32
	api.on("GET", "staff/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		if hits.Add(1) == 1 {
			<-r.Context().Done() // hang until the leader gives up
			return
		}
		_, _ = io.WriteString(w, `[{"id": 1}]`)
	})
	c := api.client(func(cfg *Config) { cfg.MaxRetries = NoRetries })
	ctxA, cancelA := context.WithCancel(t.Context())
	errA := make(chan error, 1)
	go func() { _, err := c.ListStaff(ctxA); errA <- err }()
	waitFor(t, func() bool { return hits.Load() == 1 })
	resB := make(chan error, 1)
	go func() {
		s, err := c.ListStaff(t.Context())
		if err == nil && len(s) != 1 {
			err = errors.New("wrong staff")
		}
		resB <- err
	}()
	cancelA()
	if err := <-errA; !errors.Is(err, context.Canceled) {
		t.Fatalf("leader err = %v", err)
	}
	if err := <-resB; err != nil {
		t.Fatalf("follower failed because the leader was cancelled: %v", err)
	}
}

// TestReferenceListsFiftyConcurrentCallers mixes 50 concurrent callers over the three lists: each list is fetched
// once, every caller gets the full list, and another Client (another provider instance) has its own cache.
func TestReferenceListsFiftyConcurrentCallers(t *testing.T) {
	api := newFakeAPI(t)
	release := make(chan struct{})
	var hits [3]atomic.Int32
	blocking := func(i int, body string) fakeRoute {
		return func(w http.ResponseWriter, r *http.Request, rec recorded) {
			hits[i].Add(1)
			<-release
			_, _ = io.WriteString(w, body)
		}
	}
	api.on("GET", "categories/", blocking(0, `[{"id": 3, "name": "Support"}, {"id": 4, "name": "Billing"}]`))
	api.on("GET", "staff/", blocking(1, `[{"id": 1, "name": "Ada", "permissions": ["manage_assets"]}]`))
	api.on("GET", "statuses/", blocking(2, `[{"id": 1, "name": "New"}, {"id": 2, "name": "Closed"}, {"id": 3, "name": "Waiting"}]`))
	c := api.client()

	const n = 50
	calls := []func() (int, error){
		func() (int, error) { l, err := c.ListCategories(t.Context()); return len(l), err },
		func() (int, error) { l, err := c.ListStaff(t.Context()); return len(l), err },
		func() (int, error) { l, err := c.ListStatuses(t.Context()); return len(l), err },
	}
	wantLen := []int{2, 1, 3}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := calls[i%3]()
			if err == nil && got != wantLen[i%3] {
				err = errors.New("caller got an incomplete list")
			}
			errs <- err
		}()
	}
	// Hold every list's first request until all three are in flight, so callers pile up behind them.
	waitFor(t, func() bool { return hits[0].Load() == 1 && hits[1].Load() == 1 && hits[2].Load() == 1 })
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"categories", "staff", "statuses"} {
		if h := hits[i].Load(); h != 1 {
			t.Errorf("%d concurrent callers made %d requests for %s; want 1", n, h, name)
		}
	}
	if _, err := api.client().ListStatuses(t.Context()); err != nil || hits[2].Load() != 2 {
		t.Fatalf("a second client must fetch on its own: err=%v, statuses requests=%d", err, hits[2].Load())
	}
}
