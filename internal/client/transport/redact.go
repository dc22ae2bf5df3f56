package transport

import (
	"encoding/base64"
	"sort"
	"strings"
)

// Redacted replaces a credential in every text the client produces.
const Redacted = "[redacted]"

// Redactor removes the API key, the auth code and their HTTP Basic form (base64 of "key:code") from text that
// came from the server, whatever the server sent: HappyFox or a proxy in front of it may echo the
// Authorization header or the credentials in an error body (RELIABILITY.md, "HappyFox or a proxy echoes the
// Authorization header"). It is applied where every such text passes: when the client builds an *APIError (Client.do) and in the
// log layer (logTransport), so that neither error messages (Terraform's diagnostics) nor TF_LOG lines can carry a
// credential.
type Redactor struct {
	secrets []string // longest first, so that a longer form is replaced before a shorter one inside it
}

// NewRedactor lists every form of the credentials that could appear in a body: each as is, the Basic value
// with and without padding (the unpadded one is a prefix of the padded one, so it also catches a cut-short
// copy), its URL-safe variant, and the forms with "/" escaped as "\/" as some JSON encoders write it.
func NewRedactor(apiKey, authCode string) Redactor {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s == "" || seen[s] { // masking "" would mask everything
			return
		}
		seen[s] = true
		out = append(out, s)
		if esc := strings.ReplaceAll(s, "/", `\/`); esc != s && !seen[esc] {
			seen[esc] = true
			out = append(out, esc)
		}
	}
	add(apiKey)
	add(authCode)
	if apiKey != "" || authCode != "" {
		pair := []byte(apiKey + ":" + authCode)
		add(base64.StdEncoding.EncodeToString(pair))
		add(base64.RawStdEncoding.EncodeToString(pair))
		add(base64.URLEncoding.EncodeToString(pair))
		add(base64.RawURLEncoding.EncodeToString(pair))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return Redactor{secrets: out}
}

// String returns s with every credential form replaced by "[redacted]".
func (r Redactor) String(s string) string {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, Redacted)
		}
	}
	return s
}

// contains reports whether s holds a credential form.
func (r Redactor) contains(s string) bool {
	for _, sec := range r.secrets {
		if strings.Contains(s, sec) {
			return true
		}
	}
	return false
}

// Err returns err unchanged when its text holds no credential, and otherwise an error with the redacted text
// that still unwraps to err, so that errors.As and the Is* helpers keep working. Callers use it for errors not
// built from an *APIError (transport and decoding errors), which quote server text only in rare cases.
func (r Redactor) Err(err error) error {
	if err == nil || len(r.secrets) == 0 || !r.contains(err.Error()) {
		return err
	}
	return &redactedError{text: r.String(err.Error()), err: err}
}

type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }
