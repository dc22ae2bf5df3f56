package provider

// Tests of the client's bulk contact creates (internal/client/contacts_bulk.go) and list-backed e-mail checks
// (contacts_email_index.go) against the simulator over HTTP. They live here because internal/client may not
// import the simulator (depguard: the two share no code).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func bulkTestClient(t *testing.T, sim *testSim, rt http.RoundTripper) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{
		BaseURL: sim.URL, APIKey: testAPIKey, AuthCode: testAuthCode, MaxRetries: 3,
		GetRequestsPerMinute: 1 << 20, WriteRequestsPerMinute: 1 << 20,
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond, Transport: rt,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

type bulkOutcome struct {
	ct  *client.Contact
	err error
}

// createMany checks and creates n contacts concurrently, as n Terraform resources would.
func createMany(t *testing.T, c *client.Client, prefix string, n int) []bulkOutcome {
	t.Helper()
	out := make([]bulkOutcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			email := fmt.Sprintf("%s%d@bulk.example.com", prefix, i)
			ctx := context.Background()
			if ex, err := c.FindContactByEmail(ctx, email); err != nil || ex != nil {
				out[i] = bulkOutcome{ex, fmt.Errorf("pre-check: %v: %w", ex, err)}
				return
			}
			ct, err := c.CreateContactBatched(ctx, client.ContactInput{Name: fmt.Sprintf("Bulk %d", i), Email: email})
			out[i] = bulkOutcome{ct, err}
		}()
	}
	wg.Wait()
	return out
}

// checkCreatedOnce verifies each successful outcome's contact exists once in HappyFox under the id returned.
func checkCreatedOnce(t *testing.T, sim *testSim, prefix string, out []bulkOutcome, skip map[int]bool) {
	t.Helper()
	byEmail := map[string]int{}
	for _, ct := range sim.Contacts() {
		byEmail[strings.ToLower(ct.Email)]++
	}
	for i, o := range out {
		email := fmt.Sprintf("%s%d@bulk.example.com", prefix, i)
		if skip[i] {
			continue
		}
		if o.err != nil {
			t.Fatalf("contact %d: %v", i, o.err)
		}
		got, ok := sim.Contact(o.ct.ID)
		if !ok || !strings.EqualFold(got.Email, email) {
			t.Fatalf("contact %d: id %d is %+v in HappyFox", i, o.ct.ID, got)
		}
		if byEmail[email] != 1 {
			t.Fatalf("contact %d: %d contacts with %s", i, byEmail[email], email)
		}
	}
}

func TestBulkCreate_concurrentCreatesShareRequests(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	c := bulkTestClient(t, sim, nil)
	const n = 250
	out := createMany(t, c, "share", n)
	checkCreatedOnce(t, sim, "share", out, nil)
	st := sim.BulkCounters()
	posts := sim.Counters().Routes["POST /users/"]
	// Creates that arrive while a request is under way wait for it, then go at most 100 per request. How many
	// arrive in time depends on the scheduler, so how many requests they share is only logged here; the client's
	// tests prove the sharing with arrival barriers (TestBulkCreate_fullRequestsEndOnAPageBoundary,
	// TestBulkCreate_requestsFillToTheCreatesInFlight).
	if st.Items != n || st.MaxItems > 100 {
		t.Fatalf("%d POSTs for %d contacts: %+v", posts, n, st)
	}
	t.Logf("%d contacts in %d POST users/ requests (largest %d)", n, posts, st.MaxItems)
}

func TestBulkCreate_failedItemFailsOnlyItsCaller(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	sim.SetBulkFaults(happyfoxsim.BulkFaults{RejectItems: map[string]happyfoxsim.BulkItemError{
		"fail7@bulk.example.com": {Field: "name", Message: "Ensure this value has at most 100 characters."},
	}})
	c := bulkTestClient(t, sim, nil)
	out := createMany(t, c, "fail", 40)
	checkCreatedOnce(t, sim, "fail", out, map[int]bool{7: true})
	err := out[7].err
	var ae *client.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("item 7: want an APIError, got %v", err)
	}
	fe := client.FieldErrors(err)
	if len(fe) != 1 || fe[0].Field != "name" || !strings.Contains(err.Error(), "at most 100 characters") {
		t.Fatalf("item 7: the error must name the field: %v %+v", err, fe)
	}
	if _, found := sim.ContactByEmail("fail7@bulk.example.com"); found {
		t.Fatal("the refused item was created")
	}
	if st := sim.BulkCounters(); st.Items != 40 || st.ItemsFailed != 1 {
		t.Fatalf("refused item sent again, or others not sent: %+v", st)
	}
}

func TestBulkCreate_lostAnswerSettledByLookupNeverResent(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	// The first two bulk answers are lost after HappyFox created their contacts.
	sim.SetBulkFaults(happyfoxsim.BulkFaults{LoseAnswers: 2})
	c := bulkTestClient(t, sim, nil)
	const n = 120
	out := createMany(t, c, "lost", n)
	checkCreatedOnce(t, sim, "lost", out, nil)
	st := sim.BulkCounters()
	if st.LostAnswers != 2 || st.Items != n || st.ItemsCreated != n {
		t.Fatalf("each contact must be sent once and created once: %+v", st)
	}
}

func TestBulkCreate_failedBeforeProcessingIsSentAgainAfterLookup(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	var bulkPosts atomic.Int32
	base := http.DefaultTransport.(*http.Transport).Clone()
	rt := rtFunc(func(r *http.Request) (*http.Response, error) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/users/") && bulkPosts.Add(1) == 1 {
			return nil, syscall.ECONNRESET // lost on the way: HappyFox never saw it
		}
		return base.RoundTrip(r)
	})
	c := bulkTestClient(t, sim, rt)
	const n = 30
	out := createMany(t, c, "resend", n)
	checkCreatedOnce(t, sim, "resend", out, nil)
	if st := sim.BulkCounters(); st.ItemsCreated != n || st.Items != n {
		t.Fatalf("%+v", st)
	}
}

func TestFindContactByEmail_manyChecksCostPages(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	const existing = 1000 // 20+ pages
	for i := range existing {
		sim.AddContact(happyfoxsim.Contact{Name: "Old", Email: fmt.Sprintf("old%d@example.com", i)})
	}
	c := bulkTestClient(t, sim, nil)
	sim.ResetCounters()
	const n = 300
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Every third e-mail is taken.
			email := fmt.Sprintf("new%d@example.com", i)
			if i%3 == 0 {
				email = fmt.Sprintf("OLD%d@example.com", i)
			}
			ct, err := c.FindContactByEmail(context.Background(), email)
			switch {
			case err != nil:
				errs[i] = err
			case i%3 == 0 && (ct == nil || !strings.EqualFold(ct.Email, email)):
				errs[i] = fmt.Errorf("%s: taken, but found %v", email, ct)
			case i%3 != 0 && ct != nil:
				errs[i] = fmt.Errorf("%s: free, but found %v", email, ct)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	st := sim.Counters()
	pages := (len(sim.Contacts()) + 49) / 50
	if gets := st.Statuses[200] + st.Statuses[404]; gets > 2*pages+10 {
		t.Fatalf("%d GETs for %d checks in %d pages: %+v", gets, n, pages, st.Routes)
	}
	t.Logf("%d checks: %v", n, st.Routes)
}

// rtFunc adapts a function to http.RoundTripper.
type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Two resources with one e-mail both pass the check before either is created; sending both would make HappyFox
// edit the first contact with the second (§2.5). Only one is created, the others fail on the e-mail.
func TestBulkCreate_sameEmailTwiceCreatesOneContact(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	c := bulkTestClient(t, sim, nil)
	const n = 20
	var wg sync.WaitGroup
	var ok atomic.Int32
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.CreateContactBatched(context.Background(), client.ContactInput{Name: fmt.Sprintf("Twin %d", i), Email: "twin@bulk.example.com"})
			if err == nil {
				ok.Add(1)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if ok.Load() != 1 {
		t.Fatalf("%d creates succeeded", ok.Load())
	}
	for _, err := range errs {
		if fe := client.FieldErrors(err); err != nil && (len(fe) != 1 || fe[0].Field != "email") {
			t.Fatalf("want an error on the e-mail: %v", err)
		}
	}
	if st := sim.BulkCounters(); st.Items != 1 {
		t.Fatalf("%d items sent", st.Items)
	}
}
