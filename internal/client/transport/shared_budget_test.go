package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// budgetServer answers every GET with {} and records the arrival times on now; refuse, when set, decides a 429.
type budgetServer struct {
	mu       sync.Mutex
	now      func() time.Time
	arrivals []time.Time
	n429     int
	refuse   func(n int) (bool, string) // n is the 1-based request number; the string is Retry-After
}

func (s *budgetServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.arrivals = append(s.arrivals, s.now())
	n := len(s.arrivals)
	refuse, ra := false, ""
	if s.refuse != nil {
		refuse, ra = s.refuse(n)
	}
	if refuse {
		s.n429++
	}
	s.mu.Unlock()
	if refuse {
		if ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		http.Error(w, `{"error":"rate limited"}`, http.StatusTooManyRequests)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{}`))
}

func (s *budgetServer) stats() ([]time.Time, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.arrivals...), s.n429
}

func budgetClient(t *testing.T, url, dir string, clk Clock, perMinute int, maxWait time.Duration) *Chain {
	t.Helper()
	return testChain(t, url+apiPrefix, clk, func(cfg *Config) {
		cfg.GetRequestsPerMinute, cfg.WriteRequestsPerMinute = perMinute, perMinute
		cfg.RateLimitMaxWait, cfg.SharedBudgetDir = maxWait, dir
	})
}

// Two clients of one account (two provider processes, or two aliased provider blocks) take their requests
// from one budget: together they send at most 1 + r·T requests in any window T, as one client alone does.
func TestSharedBudgetPacesTwoClientsOfOneAccountAsOne(t *testing.T) {
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			fc := newFakeClock()
			srv := &budgetServer{now: fc.Now}
			ts := httptest.NewServer(srv)
			defer ts.Close()
			dir := ""
			if shared {
				dir = t.TempDir()
			}
			// 61 a minute: one request a second.
			a := budgetClient(t, ts.URL, dir, clockOf(fc), 61, defaultMaxWait)
			b := budgetClient(t, ts.URL, dir, clockOf(fc), 61, defaultMaxWait)
			for i := 0; i < 5; i++ {
				for _, c := range []*Chain{a, b} {
					if _, err := get(context.Background(), c, "statuses/"); err != nil {
						t.Fatal(err)
					}
				}
			}
			arrivals, _ := srv.stats()
			got := windowMax(arrivals, 2*time.Second) // at most 1 + 2 = 3 when shared
			if shared && got > 3 {
				t.Fatalf("two clients of one account sent %d requests within 2 s at 61 a minute; want at most 3 (one budget)", got)
			}
			if !shared && got <= 3 {
				t.Fatalf("without sharing the two clients should each use the whole budget; got at most %d requests in 2 s", got)
			}
		})
	}
}

// A 429 lockout one process met is in the shared file: another process waits for its end instead of sending
// into it (each request it sent would be answered with 429 and would prolong nothing but the noise).
func TestSharedLockoutIsWaitedForByTheOtherProcesses(t *testing.T) {
	fc := newFakeClock()
	start := fc.Now()
	srv := &budgetServer{now: fc.Now}
	srv.refuse = func(n int) (bool, string) {
		return fc.Now().Before(start.Add(120 * time.Second)), "120"
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	a := budgetClient(t, ts.URL, dir, clockOf(fc), 500, 0) // fails at once on a lockout
	b := budgetClient(t, ts.URL, dir, clockOf(fc), 500, time.Hour)

	_, err := get(context.Background(), a, "statuses/")
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("first client: want a *RateLimitError, got %v", err)
	}
	if _, err := get(context.Background(), b, "statuses/"); err != nil {
		t.Fatalf("second client: %v", err)
	}
	arrivals, n429 := srv.stats()
	if n429 != 1 {
		t.Fatalf("HappyFox answered %d requests with 429; want 1 (the second client must wait for the lockout the first met)", n429)
	}
	if len(arrivals) != 2 || arrivals[1].Before(start.Add(120*time.Second)) {
		t.Fatalf("the second client's request arrived at %v; want it after the lockout's end %v", arrivals, start.Add(120*time.Second))
	}
}

// A budget file that cannot be written leaves the client pacing alone, with one notice saying so.
func TestUnusableSharedBudgetFallsBackToPerProcessPacing(t *testing.T) {
	fc := newFakeClock()
	srv := &budgetServer{now: fc.Now}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := budgetClient(t, ts.URL, filepath.Join(notADir, "budget"), clockOf(fc), 500, defaultMaxWait)
	for i := 0; i < 3; i++ {
		if _, err := get(context.Background(), c, "statuses/"); err != nil {
			t.Fatal(err)
		}
	}
	ns := c.TakeNotices()
	if len(ns) != 1 || !strings.Contains(ns[0].Detail, SharedBudgetEnv+"=off") {
		t.Fatalf("want one notice naming %s=off, got %+v", SharedBudgetEnv, ns)
	}
	if strings.Contains(ns[0].Detail, testAPIKey) || strings.Contains(ns[0].Detail, testAuthCode) {
		t.Fatal("the notice carries a credential")
	}
}

func TestDefaultSharedBudgetDir(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache) // macOS
	t.Setenv(SharedBudgetEnv, "")
	dir, err := DefaultSharedBudgetDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(dir, filepath.Join("terraform-provider-happyfox", "budget")) {
		t.Fatalf("dir %q", dir)
	}
	t.Setenv(SharedBudgetEnv, "off")
	if dir, _ := DefaultSharedBudgetDir(); dir != "" {
		t.Fatalf("%s=off: got %q, want no shared budget", SharedBudgetEnv, dir)
	}
}

// The file is named by a hash of the account's address, never by a credential, and holds none.
func TestSharedBudgetFileNamesTheAccountOnly(t *testing.T) {
	fc := newFakeClock()
	srv := &budgetServer{now: fc.Now}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	c := budgetClient(t, ts.URL, dir, clockOf(fc), 500, defaultMaxWait)
	if _, err := get(context.Background(), c, "statuses/"); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 || len(filepath.Base(files[0])) != 64+len(".json") {
		t.Fatalf("budget files %v; want one named by a sha256", files)
	}
	raw, _ := os.ReadFile(files[0])
	for _, s := range []string{testAPIKey, testAuthCode, ts.URL} {
		if strings.Contains(files[0]+string(raw), s) {
			t.Fatalf("budget file %s (%s) contains %q", files[0], raw, s)
		}
	}
}

// Cross-process: 4 copies of this test binary, each its own Client (a provider process), send GETs to one
// server that enforces the account's limit. Sharing the file, they trip no 429 and their combined rate stays at
// the limit; each pacing alone (the control), they trip the limit.
const (
	budgetChildEnv   = "HAPPYFOX_TEST_BUDGET_CHILD"
	budgetPerMinute  = 480 // 8 a second
	budgetChildren   = 4
	budgetPerChild   = 8
	budgetJitterSlop = 4 // requests the server lets through early: scheduling delays on a loaded machine
)

func TestSharedBudgetAcrossProcesses(t *testing.T) {
	if os.Getenv(budgetChildEnv) != "" {
		budgetChild(t)
		return
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, shared := range []bool{true, false} {
		t.Run(fmt.Sprintf("shared=%v", shared), func(t *testing.T) {
			r := perMinuteRate(budgetPerMinute)
			lim := rate.NewLimiter(r, budgetJitterSlop)
			srv := &budgetServer{now: time.Now}
			srv.refuse = func(int) (bool, string) { return !lim.Allow(), "1" }
			ts := httptest.NewServer(srv)
			defer ts.Close()
			dir := ""
			if shared {
				dir = t.TempDir()
			}
			var wg sync.WaitGroup
			outs := make([]string, budgetChildren)
			errs := make([]error, budgetChildren)
			for i := range budgetChildren {
				cmd := exec.Command(os.Args[0], "-test.run=^TestSharedBudgetAcrossProcesses$", "-test.count=1")
				cmd.Env = append(os.Environ(), budgetChildEnv+"="+ts.URL, "HAPPYFOX_TEST_BUDGET_DIR="+dir)
				wg.Add(1)
				go func() {
					defer wg.Done()
					out, err := cmd.CombinedOutput()
					outs[i], errs[i] = string(out), err
				}()
			}
			wg.Wait()
			arrivals, n429 := srv.stats()
			if !shared {
				if n429 == 0 {
					t.Fatalf("control: %d processes pacing alone tripped no 429 (%d requests); the server does not enforce the limit", budgetChildren, len(arrivals))
				}
				return
			}
			for i, err := range errs {
				if err != nil {
					t.Errorf("process %d: %v\n%s", i, err, outs[i])
				}
			}
			if n429 != 0 {
				t.Fatalf("%d processes sharing one budget tripped %d 429s", budgetChildren, n429)
			}
			if len(arrivals) != budgetChildren*budgetPerChild {
				t.Fatalf("server saw %d requests, want %d", len(arrivals), budgetChildren*budgetPerChild)
			}
			span := arrivals[len(arrivals)-1].Sub(arrivals[0])
			allowed := 1 + float64(r)*span.Seconds() + budgetJitterSlop
			if float64(len(arrivals)) > allowed {
				t.Fatalf("%d requests in %s: combined rate above %d a minute", len(arrivals), span, budgetPerMinute)
			}
			t.Logf("%d processes, %d requests in %s (limit %d a minute), 0 429s", budgetChildren, len(arrivals), span.Round(time.Millisecond), budgetPerMinute)
		})
	}
}

// budgetChild is one process of TestSharedBudgetAcrossProcesses: the real clock, the real file.
func budgetChild(t *testing.T) {
	c := budgetClient(t, os.Getenv(budgetChildEnv), os.Getenv("HAPPYFOX_TEST_BUDGET_DIR"), RealClock, budgetPerMinute, defaultMaxWait)
	for i := 0; i < budgetPerChild; i++ {
		if _, err := get(context.Background(), c, "statuses/"); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	fmt.Println("child sent " + strconv.Itoa(budgetPerChild))
}

// Two provider processes of one account (two runs at once, or a plan and an apply) share the budget file. The
// first meets the lockout (its plan's reads: 40 GETs were left) and learns the lesson from what the file counted;
// the second, which met no 429, paces by the same lesson from the file, with a warning saying so. Together they
// trip one lockout, where the second, still at the configured 300 writes a minute, tripped another.
func TestSharedLessonPacesEveryProcessOfTheAccount(t *testing.T) {
	vc := newVirtualClock()
	acct := &accountLimit{now: vc.now, getLimit: 500, writeLimit: 300, otherGets: 460, otherWrites: 280,
		window: time.Minute, lockout: 10 * time.Minute}
	dir := t.TempDir()
	newProc := func() *Chain {
		return testChain(t, "http://127.0.0.1/api/1.1/json/", vc.clock(), func(cfg *Config) {
			cfg.RateLimitMaxWait, cfg.Base, cfg.SharedBudgetDir = 11*time.Minute, acct, dir
		})
	}
	a, b := newProc(), newProc()
	ctx := context.Background()
	errs := make(chan error, 10)
	vc.run(10, func(w int) { // a's plan
		for i := w; i < 100; i += 10 {
			if _, err := send(ctx, a, http.MethodGet, "contact_groups/", nil); err != nil {
				errs <- err
				return
			}
		}
	})
	vc.run(10, func(w int) { // both apply: 30 creates each
		c := a
		if w%2 == 1 {
			c = b
		}
		for i := 0; i < 6; i++ {
			if _, err := send(ctx, c, http.MethodPost, "contact_groups/", map[string]any{"name": fmt.Sprint(w, i)}); err != nil {
				errs <- err
				return
			}
		}
	})
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if acct.lockouts != 1 || acct.got429 != 1 {
		t.Fatalf("%d lockouts, %d × 429; want 1 and 1", acct.lockouts, acct.got429)
	}
	if len(acct.okWrite) != 60 {
		t.Fatalf("%d creates carried out, want 60", len(acct.okWrite))
	}
	end := acct.lockoutStarts[0].Add(10 * time.Minute)
	if n := windowMax(after(acct.okWrite, end), time.Minute-time.Nanosecond); n > 20 {
		t.Errorf("the two processes sent %d writes within a minute after the lockout; want at most the 20 left", n)
	}
	na, nb := a.TakeNotices(), b.TakeNotices()
	if len(na) != 1 || !strings.Contains(na[0].Detail, "took 40 GET and 0 write requests") {
		t.Errorf("the process that met the lockout: notices %+v", na)
	}
	if len(nb) != 1 || nb[0].Summary != "HappyFox rate limit reached by another run: slowing down" ||
		!strings.Contains(nb[0].Detail, "up to 32 GET and 19 write requests per minute") {
		t.Errorf("the other process: notices %+v; want one saying it paces by the lesson of the other", nb)
	}
}

// The file passes a lesson on for an hour after its lockout: a run that starts later starts at the configured
// rate again (and would learn anew). A process keeps the lesson it has for its whole life.
func TestSharedLessonExpires(t *testing.T) {
	fc := newFakeClock()
	dir := t.TempDir()
	const base = "https://acme.happyfox.com/api/1.1/json/"
	s := newSharedBudget(dir, base, 500, 300, &notices{})
	now := fc.Now()
	for range 20 {
		if _, _, err := s.take(context.Background(), clockOf(fc), newBucket(BudgetWrite, 300)); err != nil {
			t.Fatal(err)
		}
	}
	l, ok := s.learn(fc.Now(), time.Time{}, fc.Now().Add(10*time.Minute), true, func(log *sendLog, since time.Time) (lesson, bool) {
		return learn(log, false, fc.Now(), since, fc.Now().Add(10*time.Minute), 500, 300)
	})
	if !ok || l == nil || l.SeenWrite != 20 {
		t.Fatalf("lesson %+v, %v; want one from 20 writes", l, ok)
	}
	fc.Advance(fc.Now().Sub(now) + 10*time.Minute + learnedTTL - time.Minute)
	if _, got, _ := s.take(context.Background(), clockOf(fc), newBucket(BudgetGet, 500)); got == nil || got.At != l.At {
		t.Fatalf("within the hour after the lockout: lesson %+v, want the one learned", got)
	}
	fc.Advance(2 * time.Minute)
	if _, got, _ := s.take(context.Background(), clockOf(fc), newBucket(BudgetGet, 500)); got != nil {
		t.Fatalf("more than an hour after the lockout: lesson %+v, want none", got)
	}
}
