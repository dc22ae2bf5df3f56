package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// RawAnswer is an answer of HappyFox as it came, whatever its status: nothing is decoded or dropped.
type RawAnswer struct {
	Status int
	Header http.Header
	Body   []byte // with every form of the credentials replaced by "[redacted]" (transport.Redactor)
}

// Raw sends one request through the client's transport chain (logging, per-object serialization, retries of what
// is safe to repeat, pacing with the shared budget, lockout waits, per-attempt timeout, auth) and returns the answer
// undecoded, non-2xx statuses included. It exists for cmd/happyfox-probe, which studies the shapes HappyFox answers
// with (field names, null against "", error bodies, headers): the typed calls decode into the client's types and
// drop what they do not know. The provider never uses it.
//
// body, when non-nil, is sent as JSON. The error is nil whenever an answer came, whatever its status, except that a
// request that is not safe to repeat (a POST) answered with a 5xx or with a 2xx that is not JSON returns the answer
// together with an *AmbiguousError, as the typed calls do: HappyFox may or may not have carried it out, and the
// caller settles that by looking. Errors carry no credential.
func (c *Client) Raw(ctx context.Context, method, rel string, q url.Values, body any) (ans RawAnswer, err error) {
	var rdr io.Reader
	var payload []byte
	if body != nil {
		if payload, err = json.Marshal(body); err != nil {
			return RawAnswer{}, fmt.Errorf("encoding HappyFox %s %s request: %w", method, rel, err)
		}
		rdr = bytes.NewReader(payload) // a GetBody, so that retries can rewind it
	}
	if method != http.MethodGet {
		// What this write may change in what the client keeps, as for the typed calls (cache_invalidation.go).
		after := c.invalidate(method, rel, payload)
		defer func() {
			switch {
			case err != nil:
				after(nil, err)
			case ans.Status/100 == 2:
				after(ans.Body, nil)
			default: // a refusal: the rules see it as do's *APIError
				after(nil, &APIError{Method: method, Path: rel, StatusCode: ans.Status})
			}
		}()
	}
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(rel, q), rdr)
	if err != nil {
		return RawAnswer{}, c.redact.Err(fmt.Errorf("building HappyFox %s %s request: %w", method, rel, err))
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.chain.RoundTrip(req)
	if err != nil {
		return RawAnswer{}, c.redact.Err(fixErrorPath(err, method, rel))
	}
	defer resp.Body.Close()
	data, err := transport.ReadAnswer(resp.Body)
	if err != nil {
		err = c.redact.Err(fmt.Errorf("reading HappyFox %s %s response (HTTP %d): %w", method, rel, resp.StatusCode, err))
		if resp.StatusCode < 300 && !transport.Idempotent(ctx, method) {
			return RawAnswer{}, &AmbiguousError{Method: method, Path: rel, Err: err}
		}
		return RawAnswer{}, err
	}
	ans = RawAnswer{Status: resp.StatusCode, Header: resp.Header.Clone(), Body: []byte(c.redact.String(string(data)))}
	if transport.Idempotent(ctx, method) {
		return ans, nil
	}
	if g := transport.GarbledAnswer(method, resp, data); g != nil {
		return ans, &AmbiguousError{Method: method, Path: rel, Err: c.redact.Err(g)}
	}
	if resp.StatusCode >= 500 {
		e := newAPIError(method, rel, resp.StatusCode, data, resp.Header)
		redactAPIError(c.redact, e)
		return ans, &AmbiguousError{Method: method, Path: rel, Err: e}
	}
	return ans, nil
}
