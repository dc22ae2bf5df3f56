package transport

import "context"

// Purpose says what a request is for. Every request's debug log line carries it ("request_for", log.go),
// so that the log of a run (TF_LOG_PROVIDER=DEBUG) accounts for every GET of HappyFox's shared budget (§1.3): how
// many went to checks, to the refresh, to read-backs. The benchmark counts them so.
//
// The first purpose set on a context holds for everything below it: the provider says what an operation is for
// (WithPurpose: a plan-time check, a read-back), and the client's methods fill in a purpose only where none was
// given (a refresh, an e-mail check, the read-back of a bulk create, the lookup after an unknown outcome).
type Purpose string

const (
	ForCheck    Purpose = "check"     // a check before a write: an e-mail or name in use, ids that exist, credentials
	ForRefresh  Purpose = "refresh"   // reading objects for a Terraform refresh
	ForReadBack Purpose = "read-back" // reading an object after this client wrote it, to prove what HappyFox stored
	ForSettle   Purpose = "settle"    // looking an object up after a write whose outcome is unknown
	ForMetadata Purpose = "metadata"  // a reference list, memoized per Client (custom field definitions, statuses, ...)
	ForRead     Purpose = "read"      // any other read: data sources, list resources, the read before a write
	ForWrite    Purpose = "write"     // a request that changes HappyFox
)

type purposeKey struct{}

// WithPurpose says what the requests made with ctx are for, unless ctx already says.
func WithPurpose(ctx context.Context, p Purpose) context.Context {
	if _, ok := ctx.Value(purposeKey{}).(Purpose); ok {
		return ctx
	}
	return context.WithValue(ctx, purposeKey{}, p)
}

// purposeOf is what a request made with ctx is for: "write" for a request that is not a read, else the purpose
// set on ctx, else "read".
func purposeOf(ctx context.Context, method string) Purpose {
	if !isGetMethod(method) {
		return ForWrite
	}
	if p, ok := ctx.Value(purposeKey{}).(Purpose); ok {
		return p
	}
	return ForRead
}
