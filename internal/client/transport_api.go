package client

import (
	"context"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// The client's API keeps the names of what the transport chain (internal/client/transport) defines: the log a
// Client writes to, what a request is for, the notices it raises, and the shared budget.

// Logger receives the client's log lines, with the credentials removed (transport.Logger).
type Logger = transport.Logger

// SecretMasker is implemented by loggers that can also mask strings themselves (transport.SecretMasker).
type SecretMasker = transport.SecretMasker

// Purpose says what a request is for; every request's debug log line carries it (transport.Purpose).
type Purpose = transport.Purpose

// What requests are for (transport.Purpose).
const (
	ForCheck    = transport.ForCheck
	ForRefresh  = transport.ForRefresh
	ForReadBack = transport.ForReadBack
	ForSettle   = transport.ForSettle
	ForMetadata = transport.ForMetadata
	ForRead     = transport.ForRead
	ForWrite    = transport.ForWrite
)

// WithPurpose says what the requests made with ctx are for, unless ctx already says.
func WithPurpose(ctx context.Context, p Purpose) context.Context {
	return transport.WithPurpose(ctx, p)
}

// Notice is something a run should tell the user that is not an error (transport.Notice).
type Notice = transport.Notice

// Request budgets named by Notice.Budget.
const (
	BudgetGet   = transport.BudgetGet
	BudgetWrite = transport.BudgetWrite
)

// TakeNotices returns the notices raised since the last call, each once. The client knows nothing of Terraform;
// the provider turns them into warnings.
func (c *Client) TakeNotices() []Notice { return c.chain.TakeNotices() }

// GarbledAnswerError describes a 2xx whose body is not HappyFox's JSON (transport.GarbledAnswerError).
type GarbledAnswerError = transport.GarbledAnswerError

// SharedBudgetEnv is the environment variable that turns the shared budget off ("off").
const SharedBudgetEnv = transport.SharedBudgetEnv

// DefaultSharedBudgetDir returns the directory of the shared budget files under the user's cache directory, or ""
// when HAPPYFOX_SHARED_BUDGET=off turns the sharing off or the operating system has no flock. An error means the
// user has no cache directory.
func DefaultSharedBudgetDir() (string, error) { return transport.DefaultSharedBudgetDir() }

// SharedBudgetFile returns the file in dir that holds the shared budget of the account at baseURL (as given in
// Config.BaseURL). Deleting it forgets the budget and any lockout recorded there.
func SharedBudgetFile(dir, baseURL string) (string, error) {
	base, err := parseBaseURL(baseURL)
	if err != nil {
		return "", err
	}
	return transport.SharedBudgetFile(dir, base.String()), nil
}
