package client

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// createScript plays a create endpoint: each call takes the next outcome; an outcome with processed set stores
// the object before failing, as a HappyFox that carried the request out but lost its answer would.
type createScript struct {
	outcomes []createOutcome
	creates  int
	finds    int
	stored   []string
	findErr  error
}

type createOutcome struct {
	err       error
	processed bool
}

func (s *createScript) create(context.Context) (*string, error) {
	o := s.outcomes[min(s.creates, len(s.outcomes)-1)]
	s.creates++
	if o.err == nil || o.processed {
		s.stored = append(s.stored, "obj")
	}
	if o.err != nil {
		return nil, o.err
	}
	v := "created"
	return &v, nil
}

func (s *createScript) find(context.Context) (*string, error) {
	s.finds++
	if s.findErr != nil {
		return nil, s.findErr
	}
	if len(s.stored) == 0 {
		return nil, nil
	}
	v := "found"
	return &v, nil
}

func verifiedTestClient(t *testing.T, fc *fakeClock) *Client {
	t.Helper()
	c, err := newClient(Config{BaseURL: "http://127.0.0.1/api/1.1/json/", APIKey: "k", AuthCode: "c", MaxRetries: 2}, clockOf(fc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreateVerified(t *testing.T) {
	lost := &AmbiguousError{Method: http.MethodPost, Path: "contact_groups/", Err: errors.New("HTTP 502")}
	timedOut := &AmbiguousError{Method: http.MethodPost, Path: "assets/", Err: &transport.TimeoutError{After: time.Second, Err: context.DeadlineExceeded}}
	taken := &APIError{Method: http.MethodPost, Path: "contact_groups/", StatusCode: 400, Message: "name: already exists"}
	for _, tt := range []struct {
		name      string
		outcomes  []createOutcome
		findErr   error
		wantValue string // "" → error expected
		creates   int
		finds     int
		stored    int
		errHas    string
	}{
		{"success needs no lookup", []createOutcome{{}}, nil, "created", 1, 0, 1, ""},
		{"refused at once: no lookup, no retry", []createOutcome{{err: taken}}, nil, "", 1, 0, 0, "already exists"},
		{"processed, answer lost: adopted, not sent again", []createOutcome{{err: lost, processed: true}}, nil, "found", 1, 1, 1, ""},
		{"failed unprocessed: looked up, then sent again", []createOutcome{{err: lost}, {}}, nil, "created", 2, 1, 1, ""},
		{"unprocessed every time: gives up after max_retries", []createOutcome{{err: lost}}, nil, "", 3, 3, 0, "may or may not"},
		{"timed out: looked up, never sent again", []createOutcome{{err: timedOut}}, nil, "", 1, 1, 0, "was not sent again"},
		{"timed out but created: adopted", []createOutcome{{err: timedOut, processed: true}}, nil, "found", 1, 1, 1, ""},
		{"lookup fails: unknown, never sent again", []createOutcome{{err: lost}}, errors.New("HTTP 503 on GET"), "", 1, 1, 0, "Looking the object up to find out failed too: HTTP 503"},
		// The second POST is refused and a second lookup still finds nothing: the refusal is the answer.
		{"refused after a lost answer, nothing found: refusal reported", []createOutcome{{err: lost}, {err: taken, processed: false}}, nil, "", 2, 2, 0, "already exists"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fc := newFakeClock()
			s := &createScript{outcomes: tt.outcomes, findErr: tt.findErr}
			got, err := CreateVerified(context.Background(), verifiedTestClient(t, fc), s.create, s.find)
			switch {
			case tt.wantValue == "" && err == nil:
				t.Fatalf("no error, got %q", *got)
			case tt.wantValue != "" && (err != nil || *got != tt.wantValue):
				t.Fatalf("got %v, %v; want %q", got, err, tt.wantValue)
			case err != nil && !strings.Contains(err.Error(), tt.errHas):
				t.Fatalf("error %q does not contain %q", err, tt.errHas)
			}
			if s.creates != tt.creates || s.finds != tt.finds || len(s.stored) != tt.stored {
				t.Fatalf("creates %d finds %d objects %d; want %d %d %d", s.creates, s.finds, len(s.stored), tt.creates, tt.finds, tt.stored)
			}
			if err != nil && errors.Is(tt.outcomes[0].err, lost) && !IsAmbiguous(err) && tt.errHas != "already exists" {
				t.Fatalf("an unresolved outcome must stay ambiguous: %v", err)
			}
			// A lookup after an unknown outcome always follows a backoff wait, never comes at once.
			want := 0
			for i := range s.creates {
				if IsAmbiguous(tt.outcomes[min(i, len(tt.outcomes)-1)].err) {
					want++
				}
			}
			if n := len(fc.Slept()); n != want {
				t.Fatalf("slept %d times, want %d", n, want)
			}
		})
	}
}

// Refused after a lost answer, and the refusal is because the first attempt did create the object.
func TestCreateVerifiedAdoptsWhenRetryIsRefused(t *testing.T) {
	lost := &AmbiguousError{Method: http.MethodPost, Path: "contact_groups/", Err: errors.New("HTTP 502")}
	taken := &APIError{Method: http.MethodPost, Path: "contact_groups/", StatusCode: 400, Message: "name: already exists"}
	creates, finds := 0, 0
	create := func(context.Context) (*string, error) {
		creates++
		if creates == 1 {
			return nil, lost
		}
		return nil, taken
	}
	find := func(context.Context) (*string, error) {
		finds++
		if finds == 1 {
			return nil, nil // HappyFox had not finished yet when the first lookup ran
		}
		v := "found"
		return &v, nil
	}
	got, err := CreateVerified(context.Background(), verifiedTestClient(t, newFakeClock()), create, find)
	if err != nil || *got != "found" || creates != 2 || finds != 2 {
		t.Fatalf("got %v, %v after %d creates and %d lookups", got, err, creates, finds)
	}
}

func TestCreateVerifiedStopsWhenCancelled(t *testing.T) {
	lost := &AmbiguousError{Method: http.MethodPost, Path: "users/", Err: errors.New("HTTP 502")}
	ctx, cancel := context.WithCancel(context.Background())
	s := &createScript{outcomes: []createOutcome{{err: lost}}}
	create := func(ctx context.Context) (*string, error) {
		cancel()
		return s.create(ctx)
	}
	if _, err := CreateVerified(ctx, verifiedTestClient(t, newFakeClock()), create, s.find); !IsAmbiguous(err) || s.creates != 1 {
		t.Fatalf("err %v after %d creates", err, s.creates)
	}
}
