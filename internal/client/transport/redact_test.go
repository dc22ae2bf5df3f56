package transport

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestRedactorForms(t *testing.T) {
	r := NewRedactor("k3y", "c0de")
	basic := base64.StdEncoding.EncodeToString([]byte("k3y:c0de"))
	in := "a k3y b c0de c Basic " + basic + " d " + strings.TrimRight(basic, "=")
	got := r.String(in)
	for _, s := range []string{"k3y", "c0de", strings.TrimRight(basic, "=")} {
		if strings.Contains(got, s) {
			t.Errorf("%q survives in %q", s, got)
		}
	}
	if NewRedactor("", "").String("anything") != "anything" {
		t.Error("an empty redactor changed the text")
	}
	err := NewRedactor("k3y", "c0de").Err(fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF))
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("redaction lost the wrapped error")
	}
}
