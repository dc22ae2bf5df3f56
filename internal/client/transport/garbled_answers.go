package transport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// A garbled answer is a 2xx whose body is not the JSON HappyFox answers with (§1 Success): an HTML page (a web
// application firewall's challenge, a captive proxy), an empty body, JSON cut short by a dropped connection, or the
// literal null. It tells nothing of what HappyFox did:
//
//   - to a request that is safe to repeat (a GET, a PUT, an idempotent POST), retryTransport treats it like a 5xx and
//     sends the request again, up to Config.MaxRetries times;
//   - to one that is not (a create), do returns an *AmbiguousError wrapping a *GarbledAnswerError, and the caller
//     settles the outcome by looking the object up, as for a lost answer (CreateVerified, the bulk create).

// GarbledAnswerError describes a garbled answer.
type GarbledAnswerError struct {
	Status      int
	ContentType string
	Body        string // a quoted, truncated snippet ("an empty body" when there was none)
}

func (e *GarbledAnswerError) Error() string {
	ct := e.ContentType
	if ct == "" {
		ct = "no content type"
	}
	return fmt.Sprintf("the answer (HTTP %d, %s) is not HappyFox's JSON but %s: a proxy, a firewall's challenge page "+
		"or a connection cut short answered instead of HappyFox", e.Status, ct, e.Body)
}

// GarbledAnswer returns the error describing resp (whose body is data) when it is a garbled answer, else nil. A
// DELETE and a 204 may carry no body (§3.5); what they carry is never used.
func GarbledAnswer(method string, resp *http.Response, data []byte) *GarbledAnswerError {
	if resp.StatusCode < 200 || resp.StatusCode >= 300 || resp.StatusCode == http.StatusNoContent || method == http.MethodDelete {
		return nil
	}
	t := bytes.TrimSpace(data)
	if len(t) > 0 && !bytes.Equal(t, []byte("null")) && json.Valid(t) {
		return nil
	}
	return &GarbledAnswerError{Status: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Body: Snippet(t, 120)}
}

// peekGarbled reads resp's body (bounded like do's read) and puts it back, reporting whether the answer is garbled.
// A body that cannot be read is not judged here: do reports that error.
func peekGarbled(method string, resp *http.Response) (*GarbledAnswerError, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(maxResponseBytes)+1))
	_ = resp.Body.Close()
	var rest io.Reader = bytes.NewReader(data)
	if err != nil {
		rest = io.MultiReader(rest, failingReader{err}) // do still sees the read fail
	}
	resp.Body = io.NopCloser(rest)
	if err != nil || len(data) > maxResponseBytes {
		return nil, err
	}
	return GarbledAnswer(method, resp, data), nil
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }
