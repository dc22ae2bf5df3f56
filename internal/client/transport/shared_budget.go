package transport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// One budget for concurrent runs (RELIABILITY.md, "Several provider processes on one machine"). HappyFox counts
// requests per account (§1.3, H), but every Terraform command and every aliased provider block is a provider process
// with its own pacer. Processes on one machine that talk to the same account share a small state file, <dir>/<sha256 of
// the base URL>.json (the hash names the account, never the credentials), under an exclusive flock:
//
//   - per bucket (GET, write), the earliest time the next request may start (GCRA with burst 1, the same
//     guarantee as the local token bucket, limit.go: any window of length T holds at most 1 + r·T
//     requests of all processes together). A request reserves its slot under the lock, releases the lock and
//     sleeps on the client's clock until the slot.
//   - the end of a 429 lockout that any of the processes met, so that the others wait for it instead of
//     tripping more 429s (the lockout is the account's, §1.3);
//   - per bucket, how many requests all processes let through in each second of the last minute, less those
//     answered 429, and the lesson the last lockout taught from them (adaptive_pacing.go): the first process
//     that meets a lockout learns it under the lock, and every process of the account then paces by it, the
//     file's gate included.
//
// The local (adaptive) limiter still applies first; the file is a second gate at the per-account rate: the
// configured one, or the one the lesson allows.
// Where flock is not available (shared_budget_other.go) and when the file cannot be used (read-only cache
// directory), pacing is per process only, as before; a notice says so once.

// SharedBudgetEnv is the environment variable that turns the shared budget off ("off").
const SharedBudgetEnv = "HAPPYFOX_SHARED_BUDGET"

// maxSharedAhead bounds how far in the future a slot in the file may lie. More means a stale file or a clock
// that went back: the state is reset rather than waited for.
const maxSharedAhead = 5 * time.Minute

// DefaultSharedBudgetDir returns the directory of the shared budget files under the user's cache directory, or
// "" when HAPPYFOX_SHARED_BUDGET=off turns the sharing off or the operating system has no flock. An error means the user has no cache directory.
func DefaultSharedBudgetDir() (string, error) {
	if v := strings.TrimSpace(os.Getenv(SharedBudgetEnv)); strings.EqualFold(v, "off") || !sharedBudgetSupported {
		return "", nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "terraform-provider-happyfox", "budget"), nil
}

// sharedState is the content of the file. Times are Unix nanoseconds.
type sharedState struct {
	NextGet     int64   `json:"next_get,omitempty"`
	NextWrite   int64   `json:"next_write,omitempty"`
	LockedUntil int64   `json:"locked_until,omitempty"`
	Estimated   bool    `json:"locked_until_estimated,omitempty"`
	Log         sendLog `json:"sent"`
	Lesson      *lesson `json:"lesson,omitempty"`
}

// maxSharedFile bounds the file read: a minute of sends per second and bucket, and slots reserved ahead.
const maxSharedFile = 64 << 10

// SharedBudget is one client's handle on the file of its account.
type SharedBudget struct {
	path                 string
	getEvery, writeEvery time.Duration
	notices              *notices
	failOnce             sync.Once
	mu                   sync.Mutex
	broken               bool // the file could not be used: per-process pacing only
}

// SharedBudgetFile returns the file in dir that holds the shared budget of the account at baseURL (normalized, as
// the client's Config.BaseURL is). Deleting it forgets the budget and any lockout recorded there.
func SharedBudgetFile(dir, baseURL string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(baseURL)))
	return filepath.Join(dir, hex.EncodeToString(sum[:])+".json")
}

func newSharedBudget(dir, baseURL string, getPerMinute, writePerMinute int, box *notices) *SharedBudget {
	return &SharedBudget{
		path:     SharedBudgetFile(dir, baseURL),
		getEvery: every(perMinuteRate(getPerMinute)), writeEvery: every(perMinuteRate(writePerMinute)),
		notices: box,
	}
}

func every(r rate.Limit) time.Duration { return time.Duration(float64(time.Second) / float64(r)) }

// update runs fn on the file's state under the exclusive lock and writes the result back. It reports false
// (after the first failure, always) when the file cannot be used.
func (s *SharedBudget) update(fn func(*sharedState)) bool {
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken {
		return false
	}
	if err := s.locked(fn); err != nil {
		s.mu.Lock()
		s.broken = true
		s.mu.Unlock()
		s.failOnce.Do(func() {
			s.notices.add(Notice{
				Summary: "HappyFox rate-limit budget not shared with other runs",
				Detail: fmt.Sprintf("The provider could not use its budget file %s (%v), so it paces only its own requests. "+
					"Other processes that use the same HappyFox account at the same time can then go over the limit together "+
					"and lock the account out. Make the user's cache directory writable, or set %s=off to silence this and "+
					"give each concurrent process its share of the per-minute budget.",
					s.path, err, SharedBudgetEnv),
			})
		})
		return false
	}
	return true
}

// locked opens the file, takes the exclusive lock, and applies fn.
func (s *SharedBudget) locked(fn func(*sharedState)) error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return err
	}
	return lockedFile(s.path, maxSharedFile, func(raw []byte) ([]byte, error) {
		var st sharedState
		if len(raw) > 0 && json.Unmarshal(raw, &st) != nil {
			st = sharedState{} // a torn write: start over
		}
		fn(&st)
		return json.Marshal(st) // unchanged (a lockout check): nothing is written
	})
}

// Beside runs fn on the content of the file beside the budget file whose name ends in suffix instead of ".json"
// (at most limit bytes of it), under the same exclusive flock as the budget file, and writes back what fn returns
// when it differs: a file that the processes of one account on this machine share, as they share the budget
// (contacts_claims_shared.go). It reports false when there is no budget file (no shared budget, or its file could
// not be used) or fn's result could not be written.
func (s *SharedBudget) Beside(suffix string, limit int64, fn func(raw []byte) []byte) bool {
	if s == nil {
		return false
	}
	s.mu.Lock()
	broken := s.broken
	s.mu.Unlock()
	if broken {
		return false
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return false
	}
	err := lockedFile(strings.TrimSuffix(s.path, ".json")+suffix, limit, func(raw []byte) ([]byte, error) { return fn(raw), nil })
	return err == nil
}

// lockedFile opens path, takes the exclusive lock, hands fn its content (at most limit bytes) and writes back what
// fn returns when it differs.
func lockedFile(path string, limit int64, fn func(raw []byte) ([]byte, error)) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := lockFile(f); err != nil {
		return err
	}
	defer unlockFile(f)
	raw, err := io.ReadAll(io.LimitReader(f, limit))
	if err != nil {
		return err
	}
	out, err := fn(raw)
	if err != nil {
		return err
	}
	if bytes.Equal(out, raw) {
		return nil
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err = f.WriteAt(out, 0)
	return err
}

// take reserves the next slot of bucket b and sleeps until it on clk. It returns the slot (zero when the file
// cannot be used) and the lesson the file holds (nil: none).
func (s *SharedBudget) take(ctx context.Context, clk Clock, b *bucket) (time.Time, *lesson, error) {
	if s == nil {
		return time.Time{}, nil, nil
	}
	var slot time.Time
	var learned *lesson
	ok := s.update(func(st *sharedState) {
		// The clock is read under the lock: a request that waited for the lock must not reserve a slot in
		// the past, or it would go out later than its slot, closer to the next one than the interval.
		now := clk.Now()
		interval := s.writeEvery
		if b.get {
			interval = s.getEvery
		}
		if st.Lesson != nil && st.Lesson.expired(now) {
			st.Lesson = nil
		}
		if st.Lesson != nil {
			x := *st.Lesson
			learned = &x
			interval = every(perMinuteRateF(b.rateAt(learned, now)))
		}
		next := &st.NextWrite
		if b.get {
			next = &st.NextGet
		}
		slot = time.Unix(0, *next)
		if slot.Before(now) || slot.Sub(now) > maxSharedAhead {
			slot = now
		}
		*next = slot.Add(interval).UnixNano()
		st.Log.add(b.get, slot, now, 1)
	})
	if !ok {
		return time.Time{}, nil, nil
	}
	if d := slot.Sub(clk.Now()); d > 0 {
		if err := clk.Sleep(ctx, d); err != nil {
			s.unsend(b.get, slot, clk.Now())
			return time.Time{}, nil, NotSent(fmt.Errorf("waiting %s for the rate-limit budget shared with other runs on this account: %w", d.Round(time.Millisecond), err))
		}
	}
	return slot, learned, nil
}

// unsend forgets a request counted at at: answered 429, or never sent.
func (s *SharedBudget) unsend(get bool, at, now time.Time) {
	if s == nil {
		return
	}
	s.update(func(st *sharedState) { st.Log.add(get, at, now, -1) })
}

// learn records a lockout until until that this process met at now (the previous one having ended at since)
// and the lesson fn draws from the file's count of what every process sent. When another process recorded
// the lockout first, its lesson is returned instead. It reports false when the file cannot be used.
func (s *SharedBudget) learn(now, since, until time.Time, estimated bool, fn func(*sendLog, time.Time) (lesson, bool)) (*lesson, bool) {
	if s == nil {
		return nil, false
	}
	var out *lesson
	ok := s.update(func(st *sharedState) {
		if st.LockedUntil > now.UnixNano() {
			if st.Lesson != nil {
				x := *st.Lesson
				out = &x
			}
			return
		}
		if prev := time.Unix(0, st.LockedUntil); prev.After(since) {
			since = prev
		}
		if l, ok := fn(&st.Log, since); ok {
			st.Lesson = &l
			x := l
			out = &x
		}
		st.LockedUntil, st.Estimated = until.UnixNano(), estimated
	})
	return out, ok
}

// noteLockout writes the end of a 429 lockout into the file, for the other processes.
func (s *SharedBudget) noteLockout(until time.Time, estimated bool) {
	if s == nil {
		return
	}
	s.update(func(st *sharedState) {
		if until.UnixNano() > st.LockedUntil {
			st.LockedUntil = until.UnixNano()
			st.Estimated = estimated
		}
	})
}

// lockout reads the end of a lockout another process met (zero when none is in force at now).
func (s *SharedBudget) lockout(now time.Time) (time.Time, bool) {
	if s == nil {
		return time.Time{}, false
	}
	var st sharedState
	if !s.update(func(x *sharedState) { st = *x }) || st.LockedUntil == 0 {
		return time.Time{}, false
	}
	until := time.Unix(0, st.LockedUntil)
	if !until.After(now) {
		return time.Time{}, false
	}
	return until, st.Estimated
}

// adoptSharedLockout extends the retry layer's lockout to one another process wrote into the shared file.
func (t *retryTransport) adoptSharedLockout() {
	if t.pacer == nil || t.pacer.shared == nil {
		return
	}
	if until, estimated := t.pacer.shared.lockout(t.clock.Now()); !until.IsZero() {
		t.blockFrom(time.Time{}, until, estimated)
	}
}

// shareLockout writes the lockout this process met into the shared file.
func (t *retryTransport) shareLockout(until time.Time) {
	if t.pacer == nil || t.pacer.shared == nil {
		return
	}
	t.pacer.shared.noteLockout(until, t.isEstimated())
}
