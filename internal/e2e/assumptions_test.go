package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// TestAssumptions runs one small workload through the real CLI under each switch of the simulator's
// Assumptions: every claim of docs/dev/happyfox-api.md marked M, L or ?, and every open question of its §7,
// answered otherwise than the simulator's default. The workload creates (interrupted by SIGINT midway, then
// applied again), updates (with a 429 lockout in the middle), renames a group, imports, refreshes and destroys
// every kind: contact groups with members, memberships, contacts, assets and ticket field choices. After every
// step it checks the simulator's state: nothing the run created is missing from the Terraform state (orphan),
// nothing is there twice (duplicate), nothing the run did not create was written, and the next plan is empty;
// or the step failed with the clear error docs/dev/assumptions.md expects for that switch, with no damage.
//
// It runs only under `make test-assumptions` (HAPPYFOX_ASSUMPTIONS set), not in `make test`:
//
//	HAPPYFOX_ASSUMPTIONS=defaults                     the defaults alone
//	HAPPYFOX_ASSUMPTIONS=all                          the defaults, then every switch alone
//	HAPPYFOX_ASSUMPTIONS=random                       a seeded random combination (HAPPYFOX_ASSUMPTIONS_SEED, else a new seed, printed)
//	HAPPYFOX_ASSUMPTIONS=all,random                   both (what .ci/run runs)
//	HAPPYFOX_ASSUMPTIONS=not-found=html,ids=strings   that one combination
func TestAssumptions(t *testing.T) {
	mode := os.Getenv("HAPPYFOX_ASSUMPTIONS")
	if mode == "" {
		t.Skip("set HAPPYFOX_ASSUMPTIONS (make test-assumptions) to run the workload under every switch")
	}
	skipUnlessAcc(t)
	runs, err := assumptionRuns(mode, os.Getenv("HAPPYFOX_ASSUMPTIONS_SEED"))
	if err != nil {
		t.Fatal(err)
	}
	results := &runResults{m: map[string]string{}}
	t.Cleanup(results.print)
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			for _, sw := range r.switches {
				if finding, known := knownFailures[sw]; known && os.Getenv("HAPPYFOX_KNOWN_FAILURES") != "1" {
					results.set(r.name, "skipped, known failure: "+finding)
					t.Skipf("known failure under %s: %s (docs/dev/assumptions.md)", sw, finding)
				}
			}
			wl := newWorkload(t, r)
			defer wl.gate.open()
			results.set(r.name, wl.run())
		})
	}
}

type assumptionRun struct {
	name     string
	switches []string
	a        happyfoxsim.Assumptions
}

// assumptionRuns turns HAPPYFOX_ASSUMPTIONS (and the seed) into the runs to make.
func assumptionRuns(mode, seedText string) ([]assumptionRun, error) {
	var runs []assumptionRun
	var combination []string
	for _, tok := range strings.Split(mode, ",") {
		switch tok = strings.TrimSpace(tok); tok {
		case "":
		case "defaults":
			runs = append(runs, assumptionRun{name: "defaults"})
		case "all":
			runs = append(runs, assumptionRun{name: "defaults"})
			for _, sw := range happyfoxsim.Switches() {
				runs = append(runs, assumptionRun{name: sw, switches: []string{sw}})
			}
		case "random":
			seed := uint64(time.Now().UnixNano() % 1_000_000_000)
			if seedText != "" {
				n, err := strconv.ParseUint(seedText, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("HAPPYFOX_ASSUMPTIONS_SEED=%q: %w", seedText, err)
				}
				seed = n
			}
			sws := randomSwitches(seed)
			report("assumptions: random combination, seed %d (reproduce: make test-assumptions SEED=%d): %s\n",
				seed, seed, strings.Join(sws, ","))
			runs = append(runs, assumptionRun{name: fmt.Sprintf("random-%d", seed), switches: sws})
		default:
			combination = append(combination, tok)
		}
	}
	if len(combination) > 0 {
		runs = append(runs, assumptionRun{name: strings.Join(combination, ","), switches: combination})
	}
	for i := range runs {
		a, err := happyfoxsim.ParseAssumptions(runs[i].switches...)
		if err != nil {
			return nil, err
		}
		runs[i].a = a
	}
	return runs, nil
}

// randomSwitches draws a combination: each question is answered otherwise with probability 1/3, by one of its
// alternatives. Switches with a known failure are left out, and so are those that end the workload before its
// updates (they would hide the others).

// endsEarly reports a switch expected to end the workload at its first apply.
func endsEarly(sw string) bool {
	for _, e := range expected[sw] {
		if e.step == "" || e.step == "create" || e.step == "converge" {
			return true
		}
	}
	return false
}
func randomSwitches(seed uint64) []string {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var out []string
	for _, q := range happyfoxsim.Questions() {
		if rng.IntN(3) != 0 {
			continue
		}
		sw := q.Switch(q.Alternatives[rng.IntN(len(q.Alternatives))].Value)
		if _, known := knownFailures[sw]; !known && !endsEarly(sw) {
			out = append(out, sw)
		}
	}
	return out
}

// knownFailures are the switches under which the provider breaks (an orphan, a duplicate, a perpetual diff, a
// panic or an unclear error) and the fix lies outside the simulator and the client's decoding. Each is a
// finding: its row in docs/dev/assumptions.md says "known failure" and what happens, and the run is skipped
// naming it (HAPPYFOX_KNOWN_FAILURES=1 runs it anyway, to reproduce the failure).
var knownFailures = map[string]string{}

// expectation is a clear error a switch makes the provider end a step with: the feature is impossible under
// it, and the provider says so instead of damaging anything. The workload ends at that step, after the
// invariant check.
type expectation struct {
	step    string         // create, converge, update, rename, import, destroy; "" any
	pattern *regexp.Regexp // what the error must say
}

// expected lists, by switch, the clear errors docs/dev/assumptions.md records.
var expected = map[string][]expectation{
	"asset-shape=2025":               {{"converge", says("Contact groups on assets not supported")}},
	"asset-ids-input=strings-only":   {{"converge", says("HappyFox rejected this value: A valid integer is required")}},
	"asset-contact-ids=add":          {{"update", says("reading it back shows contact_ids")}},
	"member-access-update=unchanged": {{"update", says("reading the group back shows contact(s)")}},
	// A contact created with an e-mail gets its phones from a POST user/<id>/ after the bulk create (§2.4), so
	// the create that sets c[0]'s phone already meets the switch: the contact is in the state, the error says so.
	"contact-update-phones=users-only": {
		{"create", says("reading it back shows phones[0] = no such phone")},
		{"update", says("reading it back shows phones[1] = no such phone")},
	},
	// No one encoding is safe for a field type the provider does not know: the configured values of such fields are
	// refused at plan, naming the type, and nothing is written.
	"field-type-names=other": {{"create", says(`HappyFox reports the type of field 8 ("Products") as "multichoice", a type this provider does not know`)}},
	// The provider cannot know the key's lower limit: its first run over a quarter of the documented limits meets
	// a lockout that, without Retry-After, it estimates at HappyFox's 10 minutes, longer than the 10 s it may
	// wait here, so it stops at once and says until when (a user waits, then applies again).
	"key-limit=lower": {{"", says("rate limit exceeded (HTTP 429)")}},
}

// wantsError are the steps that must fail, with what the error must say (every pattern listed): bad credentials
// (a plan with another API key); an asset made by an agent without the Manage Assets permission, refused by the
// plan; then the same asset with the staff list claiming the permission (a list the plan cannot know to be wrong),
// refused by HappyFox, and one of two new contacts HappyFox refuses in one bulk create (BulkFaults.RejectItems).
var wantsError = map[string][]*regexp.Regexp{
	"bad-credentials": {says("api_key", "auth code", "credentials")},
	"refused-at-plan": {says(`staff_id is 2, but agent 2 ("Ben Agent") does not have the Manage Assets permission`)},
	"refused":         {says("staff_id", "Manage Assets", "permission"), says("This name is not allowed")},
}

// refusedStaff is the seed's agent without the Manage Assets permission.
const refusedStaff = 2

// refusedAsset is an asset HappyFox refuses: its agent lacks the Manage Assets permission.
var refusedAsset = fmt.Sprintf(`
resource "happyfox_asset" "refused" {
  asset_type_id = 1
  name          = "Assume Refused"
  display_id    = "ASM-R"
  staff_id      = %d
}
`, refusedStaff)

// extraContacts are two contacts created from the refused step on; HappyFox refuses the second once.
const extraContacts = `
resource "happyfox_contact" "x" {
  count = 2
  name  = "Assume Extra ${count.index}"
  email = "assume.extra.${count.index}@assume.example"
}
`

const refusedExtra = "assume.extra.1@assume.example"

// renameRefused is what the provider says when HappyFox does not rename a group: it refused the name, or it
// accepted the edit and kept the old name (the default: the API documents no rename, §2.8).
var renameRefused = says("reading it back shows name", "cannot be changed", "may not support changing")

// rateLimited is the provider's error when a lockout lasts longer than rate_limit_max_wait (without
// Retry-After it assumes HappyFox's 10 minutes): the workload then waits the lockout out and applies again.
var rateLimited = says("rate limit exceeded (HTTP 429)")

// says matches an output that holds one of the phrases, however terraform wrapped its lines.
func says(phrases ...string) *regexp.Regexp {
	var alts []string
	for _, p := range phrases {
		alts = append(alts, strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`))
	}
	return regexp.MustCompile("(?i)" + strings.Join(alts, "|"))
}

// ---------- the workload ----------

const (
	workloadGroups   = 2
	workloadContacts = 3
	workloadAssets   = 2
	choicesField     = 64 // the seed's "Regions" ticket field, whose choices the configuration manages
	vipGroup         = 2  // the seed's "VIP" group, in which the configuration manages one membership
)

type workload struct {
	t       *testing.T
	r       assumptionRun
	sim     *happyfoxsim.Server
	w       *workspace
	gate    *createGate
	seed    map[string]string // the seed's objects, rendered, by "user/1", "contact_group/2", "asset/3", ...
	phase   int               // the configuration applied last
	log     []string          // each step's outcome
	notes   []string          // what the step under way noticed
	stopped bool              // a step ended the workload
}

func newWorkload(t *testing.T, r assumptionRun) *workload {
	// Rate limits scaled twelve times down in time: HappyFox's 500 GET and 300 writes a minute (§1.3) become the
	// same in 5 s, and the provider paces itself at that rate; a lockout lasts 2 s.
	opts := happyfoxsim.Options{LimitWindow: 5 * time.Second, Lockout: 2 * time.Second, Assume: r.a}
	getRate, writeRate := 6000, 3600
	if r.a.KeyLimit == "lower" {
		// Limits the workload comes near (100 GETs and 40 writes per 5 s, the provider pacing itself at that),
		// so that a quarter of them is exceeded.
		opts.GetLimit, opts.WriteLimit, getRate, writeRate = 100, 40, 1200, 480
	}
	sim := happyfoxsim.New(opts)
	// More than one page of contacts, and e-mails that contain the workload's ones (for search-email).
	sim.SeedAdoptionAccount(55, 0, 0)
	for i := range workloadContacts {
		sim.AddContact(happyfoxsim.Contact{Name: "Decoy", Email: fmt.Sprintf("old.assume.person.%d@assume.example", i), IsLoginEnabled: true})
	}
	wl := &workload{t: t, r: r, sim: sim}
	wl.gate = &createGate{next: sim, path: happyfoxsim.BasePath + "contact_groups/"}
	wl.w = newWorkspaceServing(t, sim, wl.gate, happyfoxsim.DefaultAPIKey, happyfoxsim.DefaultAuthCode, "")
	wl.w.env = append(wl.w.env,
		fmt.Sprintf("HAPPYFOX_GET_REQUESTS_PER_MINUTE=%d", getRate), fmt.Sprintf("HAPPYFOX_WRITE_REQUESTS_PER_MINUTE=%d", writeRate),
		// Without Retry-After the provider assumes HappyFox's 10 minutes: it must fail at once and say so.
		"HAPPYFOX_RATE_LIMIT_MAX_WAIT=10s")
	wl.seed = snapshot(sim, nil)
	return wl
}

// run carries the workload through and returns its outcome for the summary.
func (wl *workload) run() string {
	// bad credentials: the plan fails, saying so, before anything is written.
	if !wl.step("bad-credentials", 0, wl.planWithAnotherKey) {
		return wl.outcome()
	}
	// create: interrupted by SIGINT while the first contact group create is in flight.
	if !wl.step("create", 0, wl.applyInterrupted) {
		return wl.outcome()
	}
	if !wl.step("converge", 0, wl.apply) || !wl.planEmpty("converge") {
		return wl.outcome()
	}
	// refused-at-plan: one more asset whose agent lacks the Manage Assets permission is refused by the plan, on
	// staff_id, with no write.
	if !wl.stepWith("refused-at-plan", 0, refusedAsset, wl.apply) {
		return wl.outcome()
	}
	// refused: the staff list now claims that agent may manage assets, so the plan lets the asset through and
	// HappyFox refuses it; HappyFox also refuses one of two new contacts; the other contact is created and tracked.
	wl.sim.SetBulkFaults(happyfoxsim.BulkFaults{RejectItems: map[string]happyfoxsim.BulkItemError{
		refusedExtra: {Field: "name", Message: "This name is not allowed."}}})
	wl.gate.lieAboutStaff(refusedStaff)
	ok := wl.stepWith("refused", 0, refusedAsset+extraContacts, wl.apply)
	wl.gate.lieAboutStaff(0)
	wl.sim.SetBulkFaults(happyfoxsim.BulkFaults{})
	if !ok {
		return wl.outcome()
	}
	// update: a 429 lockout starts after the first contact update; the asset updates, which depend on the
	// contacts, meet it.
	before := wl.sim.Counters().RateLimited
	wl.sim.SetTrustFaults(happyfoxsim.TrustFaults{LockoutAfter: []string{"POST /user/{id}/"}})
	ok = wl.step("update", 1, wl.apply)
	wl.sim.SetTrustFaults(happyfoxsim.TrustFaults{})
	if ok && wl.sim.Counters().RateLimited == before {
		wl.t.Errorf("update: no request met the lockout; the step proves nothing")
	}
	if !ok || !wl.planEmpty("update") {
		return wl.outcome()
	}
	// rename: HappyFox documents no rename (§2.8): the provider renames, or fails clearly and the old name applies.
	if wl.step("rename", 2, wl.apply) {
		if !wl.planEmpty("rename") {
			return wl.outcome()
		}
	} else if wl.stopped || !wl.step("rename-back", 1, wl.apply) || !wl.planEmpty("rename-back") {
		return wl.outcome()
	}
	if !wl.step("import", wl.phase, wl.reimport) || !wl.planEmpty("import") {
		return wl.outcome()
	}
	wl.step("destroy", wl.phase, wl.destroy)
	return wl.outcome()
}

// record notes a step's outcome: its name, what happened when it did not simply succeed, and the notes.
func (wl *workload) record(step, status, detail string) {
	entry := step
	if status != "" {
		entry += " " + status
	}
	if len(wl.notes) > 0 {
		entry += " (" + strings.Join(wl.notes, ", ") + ")"
	}
	wl.notes = nil
	wl.log = append(wl.log, entry)
	if detail != "" {
		wl.t.Logf("%s: %s: %s", step, status, detail)
	}
}

func (wl *workload) outcome() string {
	if wl.t.Failed() {
		return "FAILED: " + strings.Join(wl.log, ", ")
	}
	return strings.Join(wl.log, ", ")
}

// workloadConfig is the configuration of a phase: 0 creates, 1 changes every kind, 2 also renames a group.
func workloadConfig(phase int) string {
	later := phase > 0
	pick := func(first, then string) string {
		if later {
			return then
		}
		return first
	}
	group1 := `"Assume Team Beta"`
	if phase == 2 {
		group1 = `"Assume Team Gamma"`
	}
	return fmt.Sprintf(`
provider "happyfox" {}

resource "happyfox_contact" "c" {
  count  = %d
  name   = "Assume Person ${count.index}%s"
  email  = "assume.person.${count.index}@Assume.Example"
  phones = %s
  custom_fields = {
    "4" = "ACC-${count.index}%s"
    "5" = "%s"
    "6" = "%s"
    "8" = "10,11"
  }
}

resource "happyfox_contact_group" "g" {
  count          = %d
  name           = count.index == 0 ? "Assume Team Alpha" : %s
  # Multi-line, with a run of spaces: the plan refuses only white space at the ends of a description, and a
  # HappyFox that collapses white space (text-cleaning=collapse) stores it as one line, the same text.
  description    = "Team  of the assumption run%s\nfor every switch"
  tagged_domains = ["assume-${count.index}%s.example"]
  contacts       = %s
}

resource "happyfox_contact_group_membership" "m" {
  group_id       = %d
  contact_id     = happyfox_contact.c[1].id
  access_tickets = %s
}

resource "happyfox_asset" "a" {
  count             = %d
  asset_type_id     = 2
  name              = "Assume Laptop ${count.index}%s"
  display_id        = "ASM-${count.index}"
  contact_ids       = [happyfox_contact.c[%s].id]
  contact_group_ids = [happyfox_contact_group.g[count.index].id]
  custom_fields = {
    "45" = "SER-${count.index}%s"
    "47" = "%s"
    "49" = "%s"
    "50" = "4,5"
  }
}

resource "happyfox_ticket_custom_field_choices" "f" {
  field_id = %d
  choices  = %s
}
`,
		workloadContacts, pick("", " v2"),
		pick(`count.index == 0 ? [{ type = "mobile", number = "+1 555 0100", is_primary = true }] : null`,
			`count.index < 2 ? [{ type = "mobile", number = "+1 555 0100", is_primary = true }, { type = "work", number = "+1 555 0199" }] : null`),
		pick("", "-v2"), pick("3", "4"), pick("25", "30"),
		workloadGroups, group1, pick("", " v2"), pick("", "-v2"),
		pick(`[{ contact_id = happyfox_contact.c[count.index].id, access_tickets = true }, { contact_id = happyfox_contact.c[2].id }]`,
			`[{ contact_id = happyfox_contact.c[count.index].id, access_tickets = false }]`),
		vipGroup, pick("true", "false"),
		workloadAssets, pick("", " v2"), pick("count.index", "2"), pick("", "-V2"), pick("16", "32"), pick("1", "2"),
		choicesField, pick(`[{ text = "North" }, { text = "South" }, { text = "Assume East" }]`,
			`[{ text = "North" }, { text = "South" }, { text = "Assume West" }]`))
}

// step writes the phase's configuration, runs do, classifies its outcome and checks the invariants. It returns
// true when the step succeeded. It returns false when the step failed: with a clear error the switch is expected
// to cause (the invariants still hold; the workload stops unless the step is the rename), or otherwise (the test
// fails: a finding).
func (wl *workload) step(name string, phase int, do func() (string, error)) bool {
	return wl.stepWith(name, phase, "", do)
}

// stepWith is step with more configuration beside the phase's.
func (wl *workload) stepWith(name string, phase int, extra string, do func() (string, error)) bool {
	t := wl.t
	t.Helper()
	if phase > 0 {
		extra += extraContacts // created from the refused step on
	}
	writeFile(t, filepath.Join(wl.w.dir, "workload.tf"), workloadConfig(phase)+extra)
	wl.phase = phase
	out, err := do()
	failedBefore := t.Failed()
	switch {
	case err != nil && wantsError[name] != nil && saysAll(out, wantsError[name]):
		wl.record(name, "refused", errorSummary(out))
		wl.invariants(name)
		return !t.Failed()
	case err == nil && wantsError[name] != nil:
		t.Errorf("%s: the apply succeeded; it must fail:\n%s", name, out)
	case err != nil && wantsError[name] != nil:
		t.Errorf("%s: the error does not say what went wrong (%v):\n%s", name, err, out)
	case err == nil && name == "rename" && wl.r.a.GroupRename != "allowed":
		t.Errorf("rename: the provider reports a rename HappyFox did not carry out as done:\n%s", out)
	case err == nil:
		wl.record(name, "", "")
	case name == "rename" && wl.r.a.GroupRename != "allowed" && renameRefused.MatchString(out):
		wl.record(name, "refused", errorSummary(out))
	default:
		if sw, ok := wl.expectedError(name, out); ok {
			wl.record(name, "ENDS with a clear error under "+sw, errorSummary(out))
			wl.stopped = true
		} else {
			t.Errorf("%s failed without the clear error docs/dev/assumptions.md expects (%v):\n%s", name, err, out)
			wl.record(name, "FAILED", errorSummary(out))
			wl.stopped = true
		}
	}
	wl.invariants(name)
	if t.Failed() && !failedBefore {
		wl.stopped = true
	}
	return err == nil && !t.Failed()
}

func saysAll(out string, patterns []*regexp.Regexp) bool {
	for _, p := range patterns {
		if !p.MatchString(out) {
			return false
		}
	}
	return true
}

// errorSummary is the first error terraform printed, and the first line of its detail.
func errorSummary(out string) string {
	_, rest, found := strings.Cut(out, "Error: ")
	if !found {
		return "no error printed"
	}
	lines := strings.Split(rest, "\n")
	summary := strings.TrimSpace(lines[0])
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "with ") && !strings.HasPrefix(l, "on ") && !regexp.MustCompile(`^\d+:`).MatchString(l) {
			return summary + ": " + l
		}
	}
	return summary
}

// expectedError finds the switch whose expectation matches a failed step's output.
func (wl *workload) expectedError(step, out string) (string, bool) {
	for _, sw := range wl.r.switches {
		for _, e := range expected[sw] {
			if (e.step == "" || e.step == step) && e.pattern.MatchString(out) {
				return sw, true
			}
		}
	}
	return "", false
}

// terraform runs one command in the workspace; a lockout longer than rate_limit_max_wait is waited out (the
// simulator's lockout ended, the shared budget file that remembers it removed, as after the 10 minutes) and the
// command run again, at most three times.
func (wl *workload) terraform(args ...string) (string, error) {
	var out string
	var err error
	for attempt := 1; ; attempt++ {
		out, err = wl.w.run(nil, args...)
		if err == nil || attempt > 3 || !rateLimited.MatchString(out) || wl.r.a.KeyLimit == "lower" {
			return out, err
		}
		wl.notes = append(wl.notes, "lockout waited out")
		wl.sim.ResetRateLimit()
		if rerr := os.RemoveAll(filepath.Join(wl.w.dir, ".cache")); rerr != nil {
			return out, rerr
		}
	}
}

func (wl *workload) planWithAnotherKey() (string, error) {
	before := wl.sim.Counters()
	out, err := wl.w.run([]string{"HAPPYFOX_API_KEY=not-the-key"}, "plan", "-input=false", "-no-color")
	if after := wl.sim.Counters(); after.Unauthorized == before.Unauthorized {
		wl.t.Errorf("bad-credentials: HappyFox never saw the wrong key; the step proves nothing")
	}
	return out, err
}

func (wl *workload) apply() (string, error) {
	return wl.terraform("apply", "-auto-approve", "-input=false", "-no-color")
}

// planEmpty checks that the next plan (a refresh, then a diff) is empty.
func (wl *workload) planEmpty(after string) bool {
	out, err := wl.terraform("plan", "-detailed-exitcode", "-input=false", "-no-color")
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true
	case errors.As(err, &exit) && exit.ExitCode() == 2:
		wl.t.Errorf("the plan after %s is not empty (a perpetual diff):\n%s", after, out)
	default:
		wl.t.Errorf("the plan after %s failed (%v):\n%s", after, err, out)
	}
	wl.record("plan after "+after, "FAILED", errorSummary(out))
	wl.stopped = true
	return false
}

// applyInterrupted applies with SIGINT sent while the first contact group create is held in flight; the create
// is released once terraform has taken the interrupt. An apply that ends before it reaches the create (it
// failed earlier) is returned as it is.
func (wl *workload) applyInterrupted() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	arrived := wl.gate.arm()
	defer wl.gate.open()
	cmd := exec.CommandContext(ctx, tfBinary, "apply", "-auto-approve", "-input=false", "-no-color")
	cmd.Dir, cmd.Env = wl.w.dir, wl.w.env
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return "", err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-arrived:
	case <-ctx.Done():
		return out.String(), ctx.Err()
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return out.String(), err
	}
	// Wait (on a condition, not a timer) until terraform has taken the interrupt, then let the create finish.
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !strings.Contains(out.String(), "Interrupt received") {
		select {
		case <-tick.C:
		case err := <-done:
			return out.String(), fmt.Errorf("terraform ended before taking the interrupt: %w", err)
		case <-ctx.Done():
			return out.String(), ctx.Err()
		}
	}
	wl.gate.open()
	err := <-done
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), errors.New("the interrupted apply succeeded: the interrupt did not stop it")
	case !errors.As(err, &exit):
		return out.String(), fmt.Errorf("running the interrupted apply: %w", err)
	}
	if n := len(wl.created().assets); n > 0 {
		wl.t.Errorf("create: %d assets were created after the interrupt; it did not land midway", n)
	}
	if tainted := wl.w.taintedAddresses(); len(tainted) > 0 {
		wl.t.Errorf("create: the interrupt left objects tainted: %v\n%s", tainted, out.String())
	}
	wl.notes = append(wl.notes, "interrupted midway")
	return out.String(), nil
}

// reimport removes one instance of every kind from the state and imports it again with import blocks.
func (wl *workload) reimport() (string, error) {
	ids := wl.stateIDs()
	addrs := []string{"happyfox_contact.c[0]", "happyfox_contact_group.g[0]", "happyfox_contact_group_membership.m",
		"happyfox_asset.a[0]", "happyfox_ticket_custom_field_choices.f"}
	var blocks strings.Builder
	for _, a := range addrs {
		id, ok := ids[a]
		if !ok {
			return "", fmt.Errorf("%s is not in the state", a)
		}
		fmt.Fprintf(&blocks, "import {\n  to = %s\n  id = %q\n}\n", a, id)
	}
	if out, err := wl.terraform(append([]string{"state", "rm"}, addrs...)...); err != nil {
		return out, err
	}
	imports := filepath.Join(wl.w.dir, "imports.tf")
	writeFile(wl.t, imports, blocks.String())
	defer os.Remove(imports)
	before := wl.sim.Counters().Writes
	out, err := wl.apply()
	var written []string
	for key, n := range wl.sim.Counters().Writes {
		if n > before[key] {
			written = append(written, key)
		}
	}
	if err == nil && len(written) > 0 {
		sort.Strings(written)
		wl.notes = append(wl.notes, "then wrote "+strings.Join(written, ", "))
	}
	return out, err
}

func (wl *workload) destroy() (string, error) {
	return wl.terraform("destroy", "-auto-approve", "-input=false", "-no-color")
}

// ---------- the invariants ----------

// runObjects are the objects HappyFox holds that the run created (ids the seed did not have).
type runObjects struct {
	contacts []happyfoxsim.Contact
	groups   []happyfoxsim.ContactGroup
	assets   []happyfoxsim.Asset
}

func (wl *workload) created() runObjects {
	var r runObjects
	for _, c := range wl.sim.Contacts() {
		if _, seed := wl.seed[fmt.Sprintf("user/%d", c.ID)]; !seed {
			r.contacts = append(r.contacts, c)
		}
	}
	for _, g := range wl.sim.ContactGroups() {
		if _, seed := wl.seed[fmt.Sprintf("contact_group/%d", g.ID)]; !seed {
			r.groups = append(r.groups, g)
		}
	}
	for _, a := range wl.sim.Assets() {
		if _, seed := wl.seed[fmt.Sprintf("asset/%d", a.ID)]; !seed {
			r.assets = append(r.assets, a)
		}
	}
	return r
}

// invariants checks the simulator against the state after a step.
func (wl *workload) invariants(step string) {
	t := wl.t
	t.Helper()
	// Nothing the run did not create was written, and the seed is as it was (the configuration manages only
	// the choices of one ticket field and one membership of the VIP group).
	now := snapshot(wl.sim, wl.seed)
	for key, was := range wl.seed {
		if now[key] != was {
			t.Errorf("%s: the seed's %s changed, though the configuration does not manage it:\nwas %s\nnow %s", step, key, was, now[key])
		}
	}
	for key := range wl.sim.Counters().Writes {
		if _, seed := wl.seed[key]; seed && key != fmt.Sprintf("ticket_custom_field/%d", choicesField) && key != fmt.Sprintf("contact_group/%d", vipGroup) {
			t.Errorf("%s: the run wrote %s, a seed object the configuration does not manage", step, key)
		}
	}
	// Nothing twice: every created object has its own natural key, none a seed object's.
	run := wl.created()
	keys := map[string]string{}
	note := func(key, what string) {
		if other, dup := keys[key]; dup {
			t.Errorf("%s: duplicate: %s and %s", step, other, what)
		}
		keys[key] = what
	}
	for _, c := range wl.sim.Contacts() {
		if c.Email != "" {
			note("contact "+strings.ToLower(strings.TrimSpace(c.Email)), fmt.Sprintf("contact %d <%s>", c.ID, c.Email))
		}
	}
	for _, g := range wl.sim.ContactGroups() {
		note("group "+strings.ToLower(strings.Join(strings.Fields(g.Name), " ")), fmt.Sprintf("group %d %q", g.ID, g.Name))
	}
	for _, a := range wl.sim.Assets() {
		note(fmt.Sprintf("asset %d %s", a.AssetTypeID, strings.ToLower(strings.TrimSpace(a.DisplayID))), fmt.Sprintf("asset %d %q", a.ID, a.DisplayID))
	}
	state := wl.stateIDs()
	inState := map[string]bool{}
	for addr, id := range state {
		kind := addr[:strings.IndexByte(addr, '.')]
		if inState[kind+" "+id] {
			t.Errorf("%s: the state holds %s %s twice", step, kind, id)
		}
		inState[kind+" "+id] = true
	}
	if step == "destroy" {
		if len(state) > 0 {
			t.Errorf("destroy: the state still holds %v", state)
		}
		for _, a := range run.assets {
			t.Errorf("destroy: asset %d %q is still in HappyFox", a.ID, a.Name)
		}
		if g, _ := wl.sim.ContactGroup(vipGroup); slices.ContainsFunc(g.Members, func(m happyfoxsim.GroupMember) bool {
			_, seed := wl.seed[fmt.Sprintf("user/%d", m.ContactID)]
			return !seed
		}) {
			t.Errorf("destroy: the membership in the VIP group is still there: %v", g.Members)
		}
		return
	}
	// Nothing created is missing from the state (an orphan).
	for _, c := range run.contacts {
		if !inState[fmt.Sprintf("happyfox_contact %d", c.ID)] {
			t.Errorf("%s: orphan: contact %d <%s> exists in HappyFox but not in the state", step, c.ID, c.Email)
		}
	}
	for _, g := range run.groups {
		if !inState[fmt.Sprintf("happyfox_contact_group %d", g.ID)] {
			t.Errorf("%s: orphan: contact group %d %q exists in HappyFox but not in the state", step, g.ID, g.Name)
		}
	}
	for _, a := range run.assets {
		if !inState[fmt.Sprintf("happyfox_asset %d", a.ID)] {
			t.Errorf("%s: orphan: asset %d %q exists in HappyFox but not in the state", step, a.ID, a.Name)
		}
	}
}

// stateIDs returns every resource instance of the state by address, with its id attribute as text.
func (wl *workload) stateIDs() map[string]string {
	wl.t.Helper()
	raw, err := os.ReadFile(filepath.Join(wl.w.dir, "terraform.tfstate"))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}
	}
	if err != nil {
		wl.t.Fatalf("reading state: %v", err)
	}
	var st struct {
		Resources []struct {
			Mode      string `json:"mode"`
			Type      string `json:"type"`
			Name      string `json:"name"`
			Instances []struct {
				IndexKey   any `json:"index_key"`
				Attributes struct {
					ID json.RawMessage `json:"id"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		wl.t.Fatalf("decoding state: %v", err)
	}
	out := map[string]string{}
	for _, r := range st.Resources {
		if r.Mode != "managed" {
			continue
		}
		for _, in := range r.Instances {
			addr := r.Type + "." + r.Name
			if in.IndexKey != nil {
				addr += fmt.Sprintf("[%v]", in.IndexKey)
			}
			out[addr] = strings.Trim(string(in.Attributes.ID), `"`)
		}
	}
	return out
}

// snapshot renders the simulator's objects by key ("user/1", "contact_group/2", "asset/3",
// "ticket_custom_field/61"), leaving out what the configuration manages: the choices of field 64, and the members
// of a group who are not in seed (the keys of an earlier snapshot; nil: every contact there is now).
func snapshot(sim *happyfoxsim.Server, seed map[string]string) map[string]string {
	out := map[string]string{}
	seedContacts := func(id int64) bool {
		_, in := seed[fmt.Sprintf("user/%d", id)]
		return seed == nil || in
	}
	for _, c := range sim.Contacts() {
		out[fmt.Sprintf("user/%d", c.ID)] = fmt.Sprintf("%q <%s> phones %v fields %v login %v groups %v updated %v",
			c.Name, c.Email, c.Phones, c.CustomFields, c.IsLoginEnabled, c.Memberships, c.UpdatedAt)
	}
	for _, g := range sim.ContactGroups() {
		members := slices.DeleteFunc(g.Members, func(m happyfoxsim.GroupMember) bool { return !seedContacts(m.ContactID) })
		out[fmt.Sprintf("contact_group/%d", g.ID)] = fmt.Sprintf("%q %q %q members %v", g.Name, g.Description, g.TaggedDomains, members)
	}
	for _, a := range sim.Assets() {
		out[fmt.Sprintf("asset/%d", a.ID)] = fmt.Sprintf("%q %q type %d contacts %v groups %v fields %v updated %v",
			a.Name, a.DisplayID, a.AssetTypeID, a.ContactIDs, a.ContactGroupIDs, a.CustomFields, a.UpdatedAt)
	}
	for _, id := range []int64{61, 62, 63, choicesField} {
		if f, ok := sim.TicketCustomField(id); ok {
			choices := fmt.Sprint(f.Choices)
			if id == choicesField {
				choices = "(managed)"
			}
			out[fmt.Sprintf("ticket_custom_field/%d", id)] = fmt.Sprintf("%q %s", f.Name, choices)
		}
	}
	return out
}

// ---------- plumbing ----------

// createGate holds the first POST contact_groups/ after arm until open, so that a SIGINT lands while a create
// is in flight. While lieAboutStaff names an agent, GET staff/ shows that agent active with every permission.
type createGate struct {
	next    http.Handler
	path    string
	mu      sync.Mutex
	arrived chan struct{} // closed when the held request arrived
	release chan struct{} // closed by open
	armed   bool
	liar    int64 // the agent GET staff/ lies about; 0: none
}

// lieAboutStaff makes GET staff/ show agent id active with the Manage Assets permission (0 stops the lie).
func (g *createGate) lieAboutStaff(id int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.liar = id
}

func (g *createGate) arm() <-chan struct{} {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.arrived, g.release, g.armed = make(chan struct{}), make(chan struct{}), true
	return g.arrived
}

func (g *createGate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.armed = false
	if g.release != nil {
		select {
		case <-g.release:
		default:
			close(g.release)
		}
	}
}

func (g *createGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	hold := g.armed && r.Method == http.MethodPost && r.URL.Path == g.path
	var release chan struct{}
	if hold {
		g.armed = false
		close(g.arrived)
		release = g.release
	}
	liar := g.liar
	g.mu.Unlock()
	if hold {
		<-release
	}
	if liar == 0 || r.Method != http.MethodGet || r.URL.Path != happyfoxsim.BasePath+"staff/" {
		g.next.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	g.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusOK {
		body = grantManageAssets(body, liar)
	}
	for k, v := range rec.Header() {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

// grantManageAssets rewrites a staff list (a bare array, or the envelope of §1.1; ids as numbers or strings) so
// that agent id is active and has the Manage Assets permission.
func grantManageAssets(body []byte, id int64) []byte {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return body
	}
	items, _ := v.([]any)
	if env, isEnv := v.(map[string]any); isEnv {
		items, _ = env["data"].([]any)
	}
	for _, it := range items {
		agent, _ := it.(map[string]any)
		if agent != nil && fmt.Sprint(agent["id"]) == strconv.FormatInt(id, 10) {
			agent["active"] = true
			agent["permissions"] = []string{"manage_assets", "manage_contacts", "manage_contact_groups"}
		}
	}
	out, err := json.Marshal(v)
	if err != nil {
		return body
	}
	return out
}

// syncBuffer is a bytes.Buffer safe to read while a command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

// runResults collects each run's outcome for the summary printed at the end.
type runResults struct {
	mu sync.Mutex
	m  map[string]string
}

func (r *runResults) set(name, outcome string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[name] = outcome
}

func (r *runResults) print() {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.m))
	for n := range r.m {
		names = append(names, n)
	}
	sort.Strings(names)
	report("assumptions: outcome of each run\n")
	for _, n := range names {
		report("  %-40s %s\n", n, r.m[n])
	}
}

// report prints a line of the summary, and appends it to the file HAPPYFOX_ASSUMPTIONS_REPORT names, if any
// (go test shows a passing test's output only with -v; make test-assumptions prints the file).
func report(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	fmt.Print(line)
	if name := os.Getenv("HAPPYFOX_ASSUMPTIONS_REPORT"); name != "" {
		if f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600); err == nil {
			_, _ = f.WriteString(line)
			_ = f.Close()
		}
	}
}
