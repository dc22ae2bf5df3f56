package provider

import (
	"os"
	"testing"
)

// skipUnlessAcc skips a test that drives the real CLI when TF_ACC is not set. resource.Test skips itself
// then, but a parent test that checks the simulator's counters after its subtests would fail on counters
// the skipped subtests never moved, so such parents call this first: plain `go test ./...` must pass.
func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it (it runs the real terraform CLI against the simulator)")
	}
}
