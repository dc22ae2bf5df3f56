package transport

import "strconv"

// Snippet returns at most n bytes of b as printable text for error messages.
func Snippet(b []byte, n int) string {
	if len(b) == 0 {
		return "an empty body"
	}
	return strconv.Quote(Truncate(string(b), n))
}

// Truncate shortens s to at most n bytes without splitting a UTF-8 sequence
// and appends "…" when it cut something.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
