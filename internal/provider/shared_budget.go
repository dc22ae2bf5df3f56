package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// sharedBudgetDir is where provider processes on this machine share the rate-limit budget of an account
// (RELIABILITY.md, "Several provider processes on one machine"): under the user's cache directory, unless
// HAPPYFOX_SHARED_BUDGET=off. Without a cache directory the process paces alone.
func sharedBudgetDir(ctx context.Context) string {
	dir, err := client.DefaultSharedBudgetDir()
	if err != nil {
		tflog.Warn(ctx, "No user cache directory: the HappyFox rate-limit budget is not shared with other runs", map[string]any{"error": err.Error()})
		return ""
	}
	return dir
}
