package transport

import (
	"fmt"
	"io"
)

// maxResponseBytes bounds every response body read into memory (a variable so that tests can lower it): by the
// client (ReadAnswer) and by the retry layer when it looks for a garbled answer (peekGarbled).
var maxResponseBytes = 32 << 20

// ReadAnswer reads a response body, at most maxResponseBytes of it: a longer one is an error.
func ReadAnswer(body io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(body, int64(maxResponseBytes)+1))
	if err == nil && len(data) > maxResponseBytes {
		err = fmt.Errorf("response body exceeds %d MiB", maxResponseBytes>>20)
	}
	return data, err
}
