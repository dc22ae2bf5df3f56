package transport

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestGarbledAnswerIsRecognised(t *testing.T) {
	for _, tc := range []struct {
		method  string
		status  int
		body    string
		garbled bool
	}{
		{"POST", 200, `{"id": 1}`, false},
		{"POST", 200, `[{"success": true, "id": 1}]`, false},
		{"GET", 200, `[]`, false},
		{"POST", 200, "<!DOCTYPE html><html>Just a moment...</html>", true},
		{"POST", 200, `{"id": 1, "name": "Pla`, true},
		{"POST", 200, "", true},
		{"PUT", 200, "  \n", true},
		{"POST", 200, "null", true},
		{"GET", 200, " null\n", true},
		{"DELETE", 200, "", false}, // §3.5: what a DELETE answers is never used
		{"POST", 204, "", false},
		{"POST", 502, "<html>502</html>", false}, // not a 2xx: an APIError, not a garbled answer
	} {
		resp := &http.Response{StatusCode: tc.status, Header: http.Header{}}
		if got := GarbledAnswer(tc.method, resp, []byte(tc.body)) != nil; got != tc.garbled {
			t.Errorf("%s %d %q: garbled %v, want %v", tc.method, tc.status, tc.body, got, tc.garbled)
		}
	}
}

// Peeking at a body that fails mid-read keeps the failure for do, which must see the read fail, not a short body.
func TestPeekGarbledKeepsTheReadError(t *testing.T) {
	cut := errors.New("connection reset")
	resp := &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(io.MultiReader(strings.NewReader(`{"id": 1,`), failingReader{cut}))}
	if _, err := peekGarbled("PUT", resp); !errors.Is(err, cut) {
		t.Fatalf("peek: %v", err)
	}
	data, err := io.ReadAll(resp.Body)
	if string(data) != `{"id": 1,` || !errors.Is(err, cut) {
		t.Fatalf("after the peek the body reads %q, %v", data, err)
	}
}
