//go:build linux || darwin || freebsd

package transport

import (
	"os"
	"syscall"
)

const sharedBudgetSupported = true

// lockFile takes an exclusive flock on f, waiting for other processes to release it.
func lockFile(f *os.File) error {
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX)
		if err != syscall.EINTR {
			return err
		}
	}
}

func unlockFile(f *os.File) { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN) }

// ProcessAlive reports whether a process with this id runs: a file beside the budget file that records which
// process holds what (contacts_claims_shared.go) voids the entries of a process that ended.
func ProcessAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}
