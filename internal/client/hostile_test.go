package client

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestHugeResponseBodyIsBounded(t *testing.T) {
	if maxResponseBytes != 32<<20 {
		t.Fatalf("default body limit = %d", maxResponseBytes)
	}
	old := maxResponseBytes
	maxResponseBytes = 1 << 20
	defer func() { maxResponseBytes = old }()
	api := newFakeAPI(t)
	api.on("GET", "statuses/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		_, _ = io.WriteString(w, "[")
		chunk := strings.Repeat(`{"id": 1, "name": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},`, 1000)
		for {
			if _, err := io.WriteString(w, chunk); err != nil {
				return // the client hung up
			}
			select {
			case <-r.Context().Done():
				return
			default:
			}
		}
	})
	_, err := api.client().ListStatuses(t.Context())
	if err == nil || !strings.Contains(err.Error(), "exceeds 1 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestTruncatedAndHostileBodies(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 20000) + `"x"` + strings.Repeat(`}`, 20000)
	medium := `{"error": ` + strings.Repeat(`{"a":`, 5000) + `"x"` + strings.Repeat(`}`, 5001)
	bodies := []string{
		contactExample[:len(contactExample)/2],
		`{"id": 1, "phones": [{"id": 1, "number": `,
		`[`,
		deep,
		medium,
		`{"id": "` + strings.Repeat("9", 5000) + `"}`,
		"\xff\xfe\x00garbage",
	}
	for _, b := range bodies {
		_, _ = decodeContact([]byte(b))
		_, _ = decodeList([]byte(b), decodeAsset)
		_, _ = decodeItemResults([]byte(b))
		msg, fields := decodeErrorBody([]byte(b))
		checkErrorBounds(t, msg, fields)
	}
	msg, fields := decodeErrorBody([]byte(medium))
	if len(fields) != 1 || strings.Count(fields[0].Field, ".") > maxFieldDepth+1 {
		t.Fatalf("deep shape B: %q %v", msg, fields)
	}
}
