package client

import "net/http"

// createMismatch wraps a mismatch for a create (same_object.go): HappyFox may well have carried the create out, so
// the outcome is unknown and the natural-key lookup decides (CreateVerified).
func createMismatch(rel string, m *AnswerMismatchError) error {
	return &AmbiguousError{Method: http.MethodPost, Path: rel, Err: m}
}
