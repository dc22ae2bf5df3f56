package provider

import (
	"os"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// ResetRateLimit ends the simulator's lockout early, as if HappyFox had lifted it, and forgets the lockout the
// provider processes recorded in the budget file they share (client/transport/shared_budget.go); without that, the next
// terraform command would still wait for the lockout's announced end.
func (s *testSim) ResetRateLimit() {
	s.Server.ResetRateLimit()
	s.forgetSharedBudget()
}

// forgetSharedBudget removes the simulator's budget file from the user's cache directory.
func (s *testSim) forgetSharedBudget() {
	dir, err := client.DefaultSharedBudgetDir()
	if err != nil || dir == "" {
		return
	}
	if f, err := client.SharedBudgetFile(dir, s.URL); err == nil {
		_ = os.Remove(f)
	}
}
