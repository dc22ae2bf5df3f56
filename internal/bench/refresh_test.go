package bench

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const (
	refreshContactsN = 500
	largeAccountN    = 10_000
	fewManagedN      = 3
)

// refreshRow adds a row to the refresh-cost table (section 6).
func refreshRow(r *report, label, key string, res run) {
	before := func(f func(measure) string) string { return r.beforeCell(key, f) }
	row := fmt.Sprintf("| %s | `%s` | **%d**: %s | %.1f s | %s | %s |\n", label, res.command(), res.gets(), res.routes(),
		res.Elapsed.Seconds(), before(func(m measure) string { return fmt.Sprint(m.Gets) }),
		before(func(m measure) string { return fmt.Sprintf("%.1f s", m.Seconds) }))
	r.mu.Lock()
	r.refreshRows = append(r.refreshRows, row)
	r.mu.Unlock()
}

// benchRefresh measures the refresh of large states at HappyFox's real GET limit (the provider's default budget
// of 500 GETs per minute; the simulator itself is unlimited). The 500-asset row is measured by benchOverhead.
func benchRefresh(t *testing.T, r *report) {
	t.Run("contacts", func(t *testing.T) { refreshContacts(t, r) })
	t.Run("few-in-large-account", func(t *testing.T) { refreshFewInLargeAccount(t, r) })

	s := func(format string, args ...any) { r.printf("refresh", format, args...) }
	s("## 6. Refresh cost of large states\n\n")
	s("`terraform plan -refresh-only` of a state that Terraform created in the same simulator, with the provider's default " +
		"budget (500 GETs per minute, HappyFox's limit), so the wall time is what a user would see against HappyFox itself " +
		"(minus its latency). GETs are the simulator's counts for the command. \"Before\" is the same measurement before " +
		"the read path (section 7).\n\n")
	s("| State | Command | GETs | Wall time | Before: GETs | Before: wall time |\n|---|---|---|---|---|---|\n")
	for _, row := range r.refreshRows {
		s("%s", row)
	}
	s("\n")
}

func refreshContacts(t *testing.T, r *report) {
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	w := newWorkspace(t, sim, unlimited, "")
	w.config(fmt.Sprintf(`resource "happyfox_contact" "many" {
  count = %d
  name  = "Refresh Contact ${count.index}"
  email = "refresh.contact.${count.index}@bench.example"
}
`, refreshContactsN))
	w.tf("apply", "-auto-approve", "-input=false")
	w.setLimits(limits{})
	res := w.tf("plan", "-refresh-only", "-input=false")
	key := fmt.Sprintf("refresh/contacts/%d", refreshContactsN)
	r.put(key, measure{Command: res.command(), Calls: res.routes(), Total: res.Stats.Total, Gets: res.gets(), Seconds: secs(res.Elapsed)})
	t.Logf("refresh of %d contacts: %d GETs (%s) in %.1fs", refreshContactsN, res.gets(), res.routes(), res.Elapsed.Seconds())
	refreshRow(r, fmt.Sprintf("%d `happyfox_contact` (%d contacts in the account)", refreshContactsN, refreshContactsN+5), key, res)
}

// refreshFewInLargeAccount: a configuration that manages a few assets of a type with 10,000 assets must not
// list the type.
func refreshFewInLargeAccount(t *testing.T, r *report) {
	sim := newSimEnv(t, happyfoxsim.Options{GetLimit: -1, WriteLimit: -1})
	fillAssets(t, sim, 1, largeAccountN)
	w := newWorkspace(t, sim, unlimited, "")
	w.config(assetsConfig(fewManagedN, "Few"))
	w.tf("apply", "-auto-approve", "-input=false")
	w.setLimits(limits{})
	res := w.tf("plan", "-refresh-only", "-input=false")
	key := fmt.Sprintf("refresh/few-assets/%d-of-%d", fewManagedN, largeAccountN)
	r.put(key, measure{Command: res.command(), Calls: res.routes(), Total: res.Stats.Total, Gets: res.gets(), Seconds: secs(res.Elapsed)})
	t.Logf("refresh of %d assets among %d: %d GETs (%s)", fewManagedN, largeAccountN, res.gets(), res.routes())
	refreshRow(r, fmt.Sprintf("%d `happyfox_asset` in an asset type with %d more", fewManagedN, largeAccountN), key, res)
}

// fillAssets creates n assets of a type in the simulator through its HTTP handler (no network, no provider).
func fillAssets(t testing.TB, sim *simEnv, typeID int64, n int) {
	t.Helper()
	for i := range n {
		body := fmt.Sprintf(`{"name": "Filler %d", "display_id": "FILL-%d", "created_by": 1}`, i, i)
		req := httptest.NewRequest(http.MethodPost, fmt.Sprintf("%sassets/?asset_type=%d", happyfoxsim.BasePath, typeID), strings.NewReader(body))
		req.SetBasicAuth(simAPIKey, simAuthCode)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sim.sim.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("creating filler asset %d: HTTP %d: %s", i, rec.Code, rec.Body)
		}
	}
}
