package transport

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A request that waited for the budget file's lock (another process held it) reserves its slot at the time it
// got the lock, not at the time it started waiting: otherwise its slot lies in the past, it goes out at once, and
// the next process's request, reserved one interval after that past slot, follows it closer than the interval.
func TestSharedBudgetSlotIsReservedWhenTheLockIsHeld(t *testing.T) {
	dir, fc := t.TempDir(), newFakeClock()
	const base = "https://acme.happyfox.com/api/1.1/json/"
	// 61 a minute: one request a second.
	a := newSharedBudget(dir, base, 61, 61, &notices{})
	b := newSharedBudget(dir, base, 61, 61, &notices{})
	interval := a.getEvery

	// Another process holds the lock.
	f, err := os.OpenFile(a.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := lockFile(f); err != nil {
		t.Fatal(err)
	}
	done := make(chan time.Time)
	go func() {
		if _, _, err := a.take(context.Background(), clockOf(fc), newBucket(BudgetGet, 61)); err != nil {
			t.Error(err)
		}
		done <- fc.Now() // when a's request goes out
	}()
	waitForFlockWaiter(t, f)
	fc.Advance(3 * time.Second) // a waits 3 s for the lock
	unlockFile(f)
	sentA := <-done

	if _, _, err := b.take(context.Background(), clockOf(fc), newBucket(BudgetGet, 61)); err != nil {
		t.Fatal(err)
	}
	sentB := fc.Now()
	if gap := sentB.Sub(sentA); gap < interval {
		t.Fatalf("the second process's request went out %s after the first, which had waited for the lock; want at least the interval %s", gap, interval)
	}
}

// waitForFlockWaiter returns once /proc/locks shows a process blocked on the flock of f (the goroutine under test).
func waitForFlockWaiter(t *testing.T, f *os.File) {
	t.Helper()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode number")
	}
	inode := fmt.Sprintf(":%d ", st.Ino)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		raw, err := os.ReadFile("/proc/locks")
		if err != nil {
			t.Skipf("cannot read /proc/locks: %v", err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if strings.Contains(line, "->") && strings.Contains(line, "FLOCK") && strings.Contains(line, inode) {
				return
			}
		}
		time.Sleep(time.Millisecond) // polls for the waiter to appear; the test's timing does not depend on it
	}
	t.Fatal("the request never waited for the budget file's lock")
}
