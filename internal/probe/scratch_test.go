package probe

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// scratchAssets lists the assets the probe created and left behind.
func scratchAssets(sim *happyfoxsim.Server) []happyfoxsim.Asset {
	var out []happyfoxsim.Asset
	for _, a := range sim.Assets() {
		if strings.HasPrefix(a.DisplayID, "happyfox-probe-") {
			out = append(out, a)
		}
	}
	return out
}

// created counts the creates HappyFox carried out.
func created(sim *happyfoxsim.Server) int {
	n := 0
	for obj := range sim.Counters().Writes {
		if strings.HasPrefix(obj, "asset/") {
			n++
		}
	}
	return n
}

func writeStatus(t *testing.T, rep *Report, want Status) {
	t.Helper()
	for q := range writeQuestions {
		if f, _ := rep.Finding(q); f.Status != want {
			t.Errorf("%s: %s %s (%s)", q, f.Status, f.Value, f.Why)
		}
	}
}

// By default the probe only reads: not one POST, PUT or DELETE reaches HappyFox.
func TestProbeOnlyReadsByDefault(t *testing.T) {
	r := probeSim(t, simAccount(happyfoxsim.Assumptions{}), false)
	if r.err != nil {
		t.Fatal(r.err)
	}
	st := r.sim.Counters()
	if st.Total < 20 {
		t.Fatalf("only %d requests: the probe did not run", st.Total)
	}
	for route, n := range st.Routes {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("%d requests on %s", n, route)
		}
	}
	if len(st.Writes) != 0 {
		t.Errorf("writes: %v", st.Writes)
	}
}

// The PUT of the scratch asset fails (every attempt's connection dropped): the run fails and says so, and the
// scratch asset is deleted all the same.
func TestScratchAssetIsDeletedWhenAWriteFails(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	sim.SetFaults(happyfoxsim.Faults{DropRate: 1, Routes: []string{"PUT /asset/{id}/"}})
	r := probeSim(t, sim, true)
	if r.err == nil || !strings.Contains(r.err.Error(), "changing the scratch asset") {
		t.Fatalf("want the PUT's failure, got %v", r.err)
	}
	noAddress(t, r.rep)
	if st := sim.Counters(); st.FaultDrops == 0 || created(sim) == 0 {
		t.Fatalf("no PUT was dropped (%d) or no asset created (%v): the test proves nothing", st.FaultDrops, st.Writes)
	}
	if left := scratchAssets(sim); len(left) != 0 {
		t.Fatalf("the scratch asset was left behind: %+v", left)
	}
	if f, _ := r.rep.Finding("asset-put-omitted-fields"); f.Status != NotSettled {
		t.Errorf("asset-put-omitted-fields: %s %s", f.Status, f.Value)
	}
	if f, _ := r.rep.Finding("asset-create-answer"); f.Status != Settled {
		t.Errorf("what the create showed is still reported: %s (%s)", f.Status, f.Why)
	}
}

// The run is interrupted (its context cancelled) while the PUT is on its way: the PUT still completes (the client
// never cuts a write off mid-flight), the read-back after it is cancelled, and the scratch asset is deleted on a
// context that the interrupt does not cancel.
func TestScratchAssetIsDeletedWhenTheRunIsInterrupted(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupt := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(req *http.Request) (*http.Response, error) {
			if req.Method == http.MethodPut {
				cancel()
			}
			return next.RoundTrip(req)
		})
	}
	r := probeURL(t, ctx, sim, happyfoxsim.BaseURL(srv.URL), true, interrupt)
	if r.err == nil || !strings.Contains(r.err.Error(), "canceled") {
		t.Fatalf("want the interrupt, got %v", r.err)
	}
	if created(sim) == 0 {
		t.Fatal("no asset was created: the test proves nothing")
	}
	if left := scratchAssets(sim); len(left) != 0 {
		t.Fatalf("the scratch asset was left behind: %+v", left)
	}
	if sim.Counters().Routes["DELETE /asset/{id}/"] != 1 {
		t.Fatalf("routes: %v", sim.Counters().Routes)
	}
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// HappyFox creates the scratch asset but the answer is lost (a 502 after processing, or a dropped connection): the
// probe finds the asset by its display id, settles the write questions on it and deletes it, without sending the
// create again. Only the create's answer is not settled.
func TestScratchAssetWhoseCreateAnswerIsLostIsFoundAndDeleted(t *testing.T) {
	for _, mode := range []string{"status", "drop"} {
		t.Run(mode, func(t *testing.T) {
			sim := simAccount(happyfoxsim.Assumptions{})
			sim.SetFaults(happyfoxsim.Faults{ProcessedThenFailRate: 1, ProcessedThenFailMode: mode, Routes: []string{"POST /assets/"}})
			r := probeSim(t, sim, true)
			if r.err != nil {
				t.Fatal(r.err)
			}
			st := sim.Counters()
			if st.FaultProcessedThenFail != 1 || st.Routes["POST /assets/"] != 1 {
				t.Fatalf("want one create, processed then failed: %d faults, %d creates", st.FaultProcessedThenFail, st.Routes["POST /assets/"])
			}
			if left := scratchAssets(sim); len(left) != 0 {
				t.Fatalf("the scratch asset was left behind: %+v", left)
			}
			noAddress(t, r.rep)
			for q := range writeQuestions {
				f, _ := r.rep.Finding(q)
				switch {
				case q == "asset-create-answer":
					if f.Status != NotSettled || !strings.Contains(f.Why, "answer was lost") {
						t.Errorf("%s: %s (%s)", q, f.Status, f.Why)
					}
				case f.Status != Settled || !f.Default:
					t.Errorf("%s: %s %s (%s)", q, f.Status, f.Value, f.Why)
				}
			}
		})
	}
}

// The create's answer is lost and no asset has the scratch display id: the run fails, saying to delete the asset
// if it appears later, and the create is not sent again.
func TestScratchCreateLostAndNotFound(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	sim.SetFaults(happyfoxsim.Faults{DropRate: 1, Routes: []string{"POST /assets/"}})
	r := probeSim(t, sim, true)
	if r.err == nil || !strings.Contains(r.err.Error(), "if one appears in HappyFox later, delete it") {
		t.Fatalf("%v", r.err)
	}
	if st := sim.Counters(); st.Routes["POST /assets/"] != 1 || st.FaultDrops != 1 || created(sim) != 0 {
		t.Fatalf("routes %v, drops %d, writes %v", st.Routes, st.FaultDrops, st.Writes)
	}
	writeStatus(t, r.rep, NotSettled)
	noAddress(t, r.rep)
}

// noAddress: no finding quotes the account's address (errors do, and stay out of the report).
func noAddress(t *testing.T, rep *Report) {
	t.Helper()
	for _, f := range rep.Findings {
		if strings.Contains(f.Why+f.Seen, "127.0.0.1") || strings.Contains(f.Why+f.Seen, "http") {
			t.Errorf("%s quotes the address: %s %s", f.Question, f.Why, f.Seen)
		}
	}
}

// HappyFox answers the create with another asset (a caching proxy, a bug): the probe deletes its own asset, found by
// display id, and never the one the answer named.
func TestScratchCreateAnsweredWithAnotherAssetDeletesOnlyTheScratchAsset(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Routes: []string{"POST /assets/"}, Count: 1})
	before := len(sim.Assets())
	r := probeSim(t, sim, true)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if sim.Counters().ForeignAnswers != 1 {
		t.Fatal("the create was not answered with another asset: the test proves nothing")
	}
	if left := scratchAssets(sim); len(left) != 0 {
		t.Fatalf("the scratch asset was left behind: %+v", left)
	}
	if after := len(sim.Assets()); after != before {
		t.Fatalf("%d assets before the run, %d after: the probe deleted one of the account's", before, after)
	}
	if _, ok := sim.Asset(1); !ok {
		t.Fatal("the asset the create's answer named was deleted")
	}
	if f, _ := r.rep.Finding("asset-create-answer"); f.Status != NotSettled || !strings.Contains(f.Why, "another asset") {
		t.Errorf("asset-create-answer: %s (%s)", f.Status, f.Why)
	}
	if f, _ := r.rep.Finding("asset-put-omitted-fields"); f.Status != Settled {
		t.Errorf("the scratch asset found by its display id settles the rest: %s (%s)", f.Status, f.Why)
	}
}

// HappyFox refuses the create (an inactive agent): nothing was created, so nothing is deleted, and the write
// questions say why they are not settled.
func TestRefusedScratchCreateDeletesNothing(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	rep, err := Run(context.Background(), Options{Client: testConfig(happyfoxsim.BaseURL(srv.URL)), StaffID: 3, Write: true})
	if err != nil {
		t.Fatal(err)
	}
	st := sim.Counters()
	if st.Routes["POST /assets/"] != 1 || st.Routes["DELETE /asset/{id}/"] != 0 || len(st.Writes) != 0 {
		t.Fatalf("routes %v, writes %v", st.Routes, st.Writes)
	}
	writeStatus(t, rep, NotSettled)
	if f, _ := rep.Finding("asset-delete-answer"); !strings.Contains(f.Why, "refused the scratch asset") {
		t.Errorf("asset-delete-answer: %q", f.Why)
	}
}

// -write without HAPPYFOX_STAFF_ID fails before any request.
func TestWriteNeedsAStaffID(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	_, err := Run(context.Background(), Options{Client: testConfig(happyfoxsim.BaseURL(srv.URL)), Write: true})
	if err == nil || !strings.Contains(err.Error(), "HAPPYFOX_STAFF_ID") {
		t.Fatalf("%v", err)
	}
	if n := sim.Counters().Total; n != 0 {
		t.Fatalf("%d requests", n)
	}
}

// HappyFox answers the create with the scratch asset's fields but another asset's id: the probe finds its asset by
// display id, settles the write questions on it and deletes it; the asset whose id was answered is left alone.
func TestScratchCreateAnsweredWithAnotherIDDeletesOnlyTheScratchAsset(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	sim.SetForeignAnswer(happyfoxsim.ForeignAnswer{Routes: []string{"POST /assets/"}, Count: 1, IDOnly: true})
	before := len(sim.Assets())
	r := probeSim(t, sim, true)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if sim.Counters().ForeignAnswers != 1 {
		t.Fatal("the create was not answered with another id: the test proves nothing")
	}
	if left := scratchAssets(sim); len(left) != 0 {
		t.Fatalf("the scratch asset was left behind: %+v", left)
	}
	if after := len(sim.Assets()); after != before {
		t.Fatalf("%d assets before the run, %d after", before, after)
	}
	if f, _ := r.rep.Finding("asset-create-answer"); f.Status != NotSettled || !strings.Contains(f.Why, "id of another asset") {
		t.Errorf("asset-create-answer: %s (%s)", f.Status, f.Why)
	}
	if f, _ := r.rep.Finding("asset-contact-ids"); f.Status != Settled {
		t.Errorf("asset-contact-ids: %s (%s)", f.Status, f.Why)
	}
}

// Someone gives the scratch asset another display id while the probe runs: the probe does not delete an asset that
// no longer shows its display id, and says which asset to look at.
func TestAssetWithoutTheScratchDisplayIDIsNeverDeleted(t *testing.T) {
	sim := simAccount(happyfoxsim.Assumptions{})
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	puts := 0
	rename := func(next http.RoundTripper) http.RoundTripper {
		return rtFunc(func(req *http.Request) (*http.Response, error) {
			resp, err := next.RoundTrip(req)
			if req.Method == http.MethodPut {
				if puts++; puts == 3 { // after the last PUT, before the delete
					for _, a := range scratchAssets(sim) {
						a.DisplayID = "RENAMED-1"
						sim.ReplaceAssetOutside(a)
					}
				}
			}
			return resp, err
		})
	}
	r := probeURL(t, t.Context(), sim, happyfoxsim.BaseURL(srv.URL), true, rename)
	if r.err == nil || !strings.Contains(r.err.Error(), "does not show the scratch display id") || !strings.Contains(r.err.Error(), "delete it by hand") {
		t.Fatalf("%v", r.err)
	}
	if puts != 3 {
		t.Fatalf("%d PUTs", puts)
	}
	renamed := 0
	for _, a := range sim.Assets() {
		if a.DisplayID == "RENAMED-1" {
			renamed++
		}
	}
	if renamed != 1 || sim.Counters().Routes["DELETE /asset/{id}/"] != 0 {
		t.Fatalf("the renamed asset was deleted (%d left, routes %v)", renamed, sim.Counters().Routes)
	}
}
