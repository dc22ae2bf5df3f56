package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// Client-level tests of the read path (internal/client/readpath.go) against the simulator, counted with its
// request counters. They live here because the client's own tests may not import the simulator (depguard), and
// they are ordinary fast tests: no CLI, no environment variable.

const (
	routeGetContact   = "GET /user/{id}/"
	routeListContacts = "GET /users/"
)

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// simClient serves a simulator on loopback and returns a client for it; transport, when set, wraps the base
// transport (for tests that hold a response).
func simClient(t *testing.T, sim *happyfoxsim.Server, transport func(http.RoundTripper) http.RoundTripper) *client.Client {
	t.Helper()
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	base := http.DefaultTransport.(*http.Transport).Clone()
	var rt http.RoundTripper = base
	if transport != nil {
		rt = transport(base)
	}
	c, err := client.New(client.Config{
		BaseURL: happyfoxsim.BaseURL(srv.URL), APIKey: happyfoxsim.DefaultAPIKey, AuthCode: happyfoxsim.DefaultAuthCode,
		GetRequestsPerMinute: 100_000_000, WriteRequestsPerMinute: 100_000_000,
		MaxRetries: 1, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond, Transport: rt,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// addAssets creates n assets of a type in the simulator through its HTTP handler (no network, no client) and
// returns their ids.
func addAssets(t testing.TB, sim *happyfoxsim.Server, typeID int64, n int) []int64 {
	t.Helper()
	before := len(sim.Assets())
	for i := range n {
		body := fmt.Sprintf(`{"name": "Asset %d-%d", "display_id": "A-%d-%d", "created_by": 1}`, typeID, i, typeID, i)
		req := httptest.NewRequest(http.MethodPost, fmt.Sprintf("%sassets/?asset_type=%d", happyfoxsim.BasePath, typeID), strings.NewReader(body))
		req.SetBasicAuth(happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("creating asset %d: HTTP %d: %s", i, rec.Code, rec.Body)
		}
	}
	var ids []int64
	for _, a := range sim.Assets()[before:] {
		if a.AssetTypeID == typeID {
			ids = append(ids, a.ID)
		}
	}
	if len(ids) != n {
		t.Fatalf("created %d assets of type %d, want %d", len(ids), typeID, n)
	}
	return ids
}

// readAll reads ids with RefreshAsset like a Terraform refresh does (10 at a time) and checks each against the
// simulator's own record.
func readAll(t *testing.T, c *client.Client, sim *happyfoxsim.Server, ids []int64, typeHint int64) {
	t.Helper()
	var wg sync.WaitGroup
	work := make(chan int64)
	errs := make(chan error, len(ids))
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				a, err := c.RefreshAsset(context.Background(), id, typeHint)
				if err != nil {
					errs <- fmt.Errorf("asset %d: %w", id, err)
					continue
				}
				want, _ := sim.Asset(id)
				if a.ID != id || a.Name != want.Name || a.DisplayID != want.DisplayID || a.AssetTypeID != want.AssetTypeID {
					errs <- fmt.Errorf("asset %d: got %+v, want %+v", id, *a, want)
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func assetGETs(sim *happyfoxsim.Server) (single, list int) {
	st := sim.Counters()
	return st.Routes[routeGetAsset], st.Routes[routeListAssets]
}

// Refreshing 500 assets of one type costs pages, not objects: at most 60 GETs (the target), with every asset
// read correctly.
func TestReadAsset_manyOfOneTypeCostPages(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addAssets(t, sim, 2, 500)
	addAssets(t, sim, 1, 60) // another type, which must not be listed
	c := simClient(t, sim, nil)
	sim.ResetCounters()

	readAll(t, c, sim, ids, 2)
	single, list := assetGETs(sim)
	t.Logf("500 assets: %d single GETs + %d list pages", single, list)
	if single+list > 60 {
		t.Errorf("refreshing 500 assets cost %d GETs (%d single, %d pages), want at most 60", single+list, single, list)
	}
	if list > 10 {
		t.Errorf("%d list pages for a type of 10 pages: a page was fetched twice", list)
	}
	if total := sim.Counters().Total; total != single+list {
		t.Errorf("%d requests in all, but only %d asset GETs", total, single+list)
	}

	// A second refresh through the same client is served entirely from the snapshot.
	sim.ResetCounters()
	readAll(t, c, sim, ids, 2)
	if st := sim.Counters(); st.Total != 0 {
		t.Errorf("second read of the same assets made %d requests (%v), want 0", st.Total, st.Routes)
	}
}

// A configuration that reads a few assets of a type with 10,000 never lists the type: 3 reads cost 3 GETs, and
// more reads cost one GET each plus one probe page.
func TestReadAsset_fewInLargeAccountCostSingleGets(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addAssets(t, sim, 1, 10_000)

	c := simClient(t, sim, nil)
	sim.ResetCounters()
	readAll(t, c, sim, []int64{ids[17], ids[5000], ids[9999]}, 1)
	if single, list := assetGETs(sim); single != 3 || list != 0 {
		t.Errorf("3 assets of 10,000: %d single GETs and %d list pages, want 3 and 0", single, list)
	}

	c = simClient(t, sim, nil)
	sim.ResetCounters()
	var some []int64
	for i := 0; i < 150; i++ {
		some = append(some, ids[i*60+7])
	}
	readAll(t, c, sim, some, 1)
	single, list := assetGETs(sim)
	t.Logf("150 assets of 10,000: %d single GETs + %d list pages", single, list)
	if list > 1 || single+list > 151 {
		t.Errorf("150 assets of 10,000: %d single GETs and %d list pages, want at most 150 + 1 probe", single, list)
	}
}

// Reads that do not know the asset type (right after an import) are served from snapshots, and also lead to a
// listing when there are many of them.
func TestReadAsset_unknownTypeStillCostsPages(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addAssets(t, sim, 3, 200)
	c := simClient(t, sim, nil)
	sim.ResetCounters()
	readAll(t, c, sim, ids, 0)
	single, list := assetGETs(sim)
	t.Logf("200 assets read without a type: %d single GETs + %d list pages", single, list)
	if single+list > 30 {
		t.Errorf("200 assets without a type hint cost %d GETs (%d single, %d pages), want at most 30", single+list, single, list)
	}
}

// After a write through the client, the object is never served from a snapshot: updates and deletes are seen at
// once, and objects missing from the snapshot (deleted or created since) get the true answer from a single GET.
func TestReadAsset_neverStaleAfterWrites(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addAssets(t, sim, 1, 120)
	gone := ids[3]
	sim.RemoveAsset(gone) // deleted outside before the listing
	c := simClient(t, sim, nil)
	readAll(t, c, sim, append(append([]int64{}, ids[:3]...), ids[4:]...), 1)
	if _, list := assetGETs(sim); list == 0 {
		t.Fatal("the type was never listed; the test needs a snapshot")
	}

	ctx := context.Background()
	renamed := "Renamed through the client"
	if _, err := c.UpdateAsset(ctx, ids[10], client.AssetInput{Name: &renamed, ActingStaffID: 1}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteAsset(ctx, ids[11], 1); err != nil {
		t.Fatal(err)
	}
	other := simClient(t, sim, nil) // "outside" this client
	name, display := "Created later", "LATER-1"
	created, err := other.CreateAsset(ctx, 1, client.AssetInput{Name: &name, DisplayID: &display, ActingStaffID: 1})
	if err != nil {
		t.Fatal(err)
	}

	sim.ResetCounters()
	if a, err := c.RefreshAsset(ctx, ids[10], 1); err != nil || a.Name != renamed {
		t.Errorf("read after update: %v, %v; want the new name %q", a, err, renamed)
	}
	if _, err := c.RefreshAsset(ctx, ids[11], 1); !client.IsNotFound(err) {
		t.Errorf("read after delete: %v, want not found", err)
	}
	if _, err := c.RefreshAsset(ctx, gone, 1); !client.IsNotFound(err) {
		t.Errorf("read of an asset deleted before the listing: %v, want not found", err)
	}
	if a, err := c.RefreshAsset(ctx, created.ID, 1); err != nil || a.Name != name {
		t.Errorf("read of an asset created after the listing: %v, %v", a, err)
	}
	if single, list := assetGETs(sim); single != 4 || list != 0 {
		t.Errorf("%d single GETs and %d list pages for 4 reads of objects outside the snapshot, want 4 and 0", single, list)
	}
	// Assets untouched since the listing are still served from it.
	sim.ResetCounters()
	if _, err := c.RefreshAsset(ctx, ids[12], 1); err != nil {
		t.Fatal(err)
	}
	if st := sim.Counters(); st.Total != 0 {
		t.Errorf("read of an unchanged asset made %d requests, want 0", st.Total)
	}
}

// A write made while a listing is in flight wins over the listing: the page fetched before the write holds the
// old object, and the read after the write must not be served from it.
func TestReadAsset_writeDuringListingIsNotServedStale(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addAssets(t, sim, 1, 120) // 3 pages
	target := ids[60]                // on page 2
	held, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	c := simClient(t, sim, func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(r)
			if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/assets/") && r.URL.Query().Get("page") == "2" {
				once.Do(func() { close(held) })
				<-release // page 2 (with the old object) has been answered, and waits here
			}
			return resp, err
		})
	})
	ctx := context.Background()
	// probeAfter single reads, then a read that probes, then reads until the listing starts.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, id := range ids[100:] {
			if _, err := c.RefreshAsset(ctx, id, 1); err != nil {
				t.Error(err)
			}
		}
	}()
	select {
	case <-held:
	case <-done:
		t.Fatal("the reads never listed page 2")
	}
	renamed := "Renamed during the listing"
	if _, err := c.UpdateAsset(ctx, target, client.AssetInput{Name: &renamed, ActingStaffID: 1}); err != nil {
		t.Fatal(err)
	}
	close(release)
	<-done
	a, err := c.RefreshAsset(ctx, target, 1)
	if err != nil || a.Name != renamed {
		t.Fatalf("read after the update: %v, %v; want the name %q", a, err, renamed)
	}
}

// A listing that fails leaves the reads correct: the kind falls back to single GETs for good.
func TestReadAsset_failedListingFallsBackToSingleGets(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addAssets(t, sim, 1, 80)
	sim.SetFaults(happyfoxsim.Faults{ErrorRate: 1, Routes: []string{routeListAssets}})
	c := simClient(t, sim, nil)
	sim.ResetCounters()
	readAll(t, c, sim, ids, 1)
	single, list := assetGETs(sim)
	if single != len(ids) {
		t.Errorf("%d single GETs for %d assets after a failed probe, want one each", single, len(ids))
	}
	if list > 2 { // the probe and its one retry (MaxRetries 1)
		t.Errorf("%d list requests: the failed kind was tried again", list)
	}
}

func addContacts(sim *happyfoxsim.Server, n int) []int64 {
	ids := make([]int64, 0, n)
	for i := range n {
		c := sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("Contact %d", i), Email: fmt.Sprintf("contact%d@read.example", i), IsLoginEnabled: true})
		ids = append(ids, c.ID)
	}
	return ids
}

func readContacts(t *testing.T, c *client.Client, sim *happyfoxsim.Server, ids []int64) {
	t.Helper()
	var wg sync.WaitGroup
	work := make(chan int64)
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				ct, err := c.RefreshContact(context.Background(), id)
				want, _ := sim.Contact(id)
				if err != nil || ct.ID != id || ct.Name != want.Name || ct.Email != want.Email {
					t.Errorf("contact %d: got %+v, %v; want %+v", id, ct, err, want)
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
}

// Refreshing 500 contacts costs pages, not objects.
func TestReadContact_manyCostPages(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addContacts(sim, 500)
	c := simClient(t, sim, nil)
	sim.ResetCounters()
	readContacts(t, c, sim, ids)
	st := sim.Counters()
	single, list := st.Routes[routeGetContact], st.Routes[routeListContacts]
	t.Logf("500 contacts: %d single GETs + %d list pages", single, list)
	if single+list > 60 {
		t.Errorf("refreshing 500 contacts cost %d GETs (%d single, %d pages), want at most 60", single+list, single, list)
	}
}

// Contact writes through the client, including membership changes (a contact lists its groups) and a create
// that edits the contact with the same e-mail (§2.4), are never answered from a snapshot afterwards.
func TestReadContact_neverStaleAfterWrites(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	ids := addContacts(sim, 120)
	c := simClient(t, sim, nil)
	readContacts(t, c, sim, ids)
	if st := sim.Counters(); st.Routes[routeListContacts] == 0 {
		t.Fatal("the contacts were never listed; the test needs a snapshot")
	}
	ctx := context.Background()
	renamed, _ := sim.Contact(ids[1])
	if _, err := c.UpdateContact(ctx, ids[1], client.ContactInput{Name: "Renamed through the client", Email: renamed.Email}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateGroupContacts(ctx, 2, []client.MembershipChange{{ContactID: ids[2], AccessTickets: true}}); err != nil {
		t.Fatal(err)
	}
	takenOver, _ := sim.Contact(ids[3])
	if _, err := c.CreateContact(ctx, client.ContactInput{Name: "Edited by a create", Email: takenOver.Email}); err != nil {
		t.Fatal(err)
	}

	if ct, err := c.RefreshContact(ctx, ids[1]); err != nil || ct.Name != "Renamed through the client" {
		t.Errorf("read after update: %+v, %v", ct, err)
	}
	if ct, err := c.RefreshContact(ctx, ids[2]); err != nil || len(ct.Groups) != 1 || ct.Groups[0].ID != 2 || !ct.Groups[0].AccessAllTickets {
		t.Errorf("read after joining group 2: %+v, %v", ct, err)
	}
	if ct, err := c.RefreshContact(ctx, ids[3]); err != nil || ct.Name != "Edited by a create" {
		t.Errorf("read after a create with its e-mail: %+v, %v", ct, err)
	}
}
