package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport/transporttest"
)

const (
	testAPIKey   = "key-7f3a9c1e0b"
	testAuthCode = "code-5d2e8b4a61"
	apiPrefix    = "/api/1.1/json/"
)

// The client's defaults (internal/client's Config), which the chain's tests run with unless they say otherwise.
const (
	defaultGetPerMinute   = 500
	defaultWritePerMinute = 300
	defaultMaxWait        = 10*time.Minute + 30*time.Second
)

// fakeClock is a clock whose sleeps advance time at once (transporttest.FakeClock).
type fakeClock = transporttest.FakeClock

func newFakeClock() *fakeClock { return transporttest.NewFakeClock() }

// clockOf is the chain's clock on fc.
func clockOf(fc *fakeClock) Clock { return Clock{Now: fc.Now, Sleep: fc.Sleep} }

// rtFunc adapts a function to http.RoundTripper.
type rtFunc = transporttest.RoundTripFunc

func mkResp(req *http.Request, status int, body string, kv ...string) *http.Response {
	return transporttest.Response(req, status, body, kv...)
}

func mustReq(t *testing.T, ctx context.Context, method, url, body string) *http.Request {
	t.Helper()
	var rdr io.Reader
	if body != "" {
		rdr = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rdr)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// testChain builds a chain on clk with the client's defaults, changed by mod, for the account at base (an
// absolute URL ending in apiPrefix).
func testChain(t *testing.T, base string, clk Clock, mod func(*Config)) *Chain {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		BaseURL: u, APIKey: testAPIKey, AuthCode: testAuthCode, UserAgent: "test-agent/1.0",
		GetRequestsPerMinute: defaultGetPerMinute, WriteRequestsPerMinute: defaultWritePerMinute, MaxRetries: 4,
		RequestTimeout: 30 * time.Second, RateLimitMaxWait: defaultMaxWait, RetryWaitMin: time.Second,
		RetryWaitMax: 30 * time.Second, DefaultLockout: 10 * time.Minute, Base: http.DefaultTransport, Clock: clk,
	}
	if mod != nil {
		mod(&cfg)
	}
	return New(cfg)
}

// send makes one request to rel through ch and returns the body of a 2xx answer; any other status is an error.
func send(ctx context.Context, ch *Chain, method, rel string, body any) ([]byte, error) {
	var rdr io.Reader
	if body != nil {
		payload, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rdr = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, ch.base.String()+rel, rdr)
	if err != nil {
		return nil, err
	}
	resp, err := ch.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := ReadAnswer(resp.Body)
	if err == nil && resp.StatusCode/100 != 2 {
		err = fmt.Errorf("HTTP %d: %s", resp.StatusCode, data)
	}
	return data, err
}

// get GETs rel through ch.
func get(ctx context.Context, ch *Chain, rel string) ([]byte, error) {
	return send(ctx, ch, http.MethodGet, rel, nil)
}

func isAmbiguous(err error) bool {
	var ae *AmbiguousError
	return errors.As(err, &ae)
}

func isRateLimited(err error) bool {
	var re *RateLimitError
	return errors.As(err, &re)
}

// waitFor waits until cond holds (transporttest.WaitFor).
func waitFor(t *testing.T, cond func() bool) { transporttest.WaitFor(t, cond) }
