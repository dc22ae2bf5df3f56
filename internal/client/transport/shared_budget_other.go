//go:build !linux && !darwin && !freebsd

package transport

import (
	"errors"
	"os"
)

const sharedBudgetSupported = false

// Without flock (Windows and others) the budget is not shared: each provider process paces its own requests,
// and a notice says so once (shared_budget.go). HAPPYFOX_SHARED_BUDGET=off silences it.
func lockFile(*os.File) error {
	return errors.New("sharing the budget between provider processes is not supported on this operating system")
}

func unlockFile(*os.File) {}

// ProcessAlive reports false: without flock there is no file beside the budget file.
func ProcessAlive(int) bool { return false }
