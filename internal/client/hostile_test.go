package client

import (
	"strings"
	"testing"
)

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
