//go:build linux || darwin || freebsd

package client

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
