package e2e

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// docs/dev/assumptions.md is the matrix of TestAssumptions: it has a row for every switch, and the row of each
// known failure and each expected clear error says so. (No CLI needed: this runs in make test-unit.)
func TestAssumptionsMatrixListsEverySwitch(t *testing.T) {
	_, self, _, _ := runtime.Caller(0)
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(self), "..", "..", "docs", "dev", "assumptions.md"))
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(raw), "\n") {
		for _, sw := range happyfoxsim.Switches() {
			if strings.HasPrefix(line, "|") && strings.Contains(line, "| `"+sw+"`: ") {
				rows[sw] = line
			}
		}
	}
	for _, sw := range happyfoxsim.Switches() {
		row, ok := rows[sw]
		switch {
		case !ok:
			t.Errorf("docs/dev/assumptions.md has no row for %s", sw)
		case knownFailures[sw] != "" && !strings.Contains(row, "known failure"):
			t.Errorf("the row of %s does not say known failure", sw)
		case expected[sw] != nil && !strings.Contains(row, "clear error"):
			t.Errorf("the row of %s does not say clear error", sw)
		case knownFailures[sw] == "" && strings.Contains(row, "known failure"):
			t.Errorf("the row of %s says known failure, but TestAssumptions runs it", sw)
		}
	}
	for sw := range knownFailures {
		if !strings.Contains(string(raw), "SWITCHES="+sw+"`") {
			t.Errorf("docs/dev/assumptions.md does not say how to reproduce the known failure of %s", sw)
		}
	}
}
