package provider

import "testing"

// Tagged domains: internationalized domains in Unicode and punycode are accepted, garbage is not.
func TestTaggedDomainPattern(t *testing.T) {
	for _, ok := range []string{"example.com", "bücher.example", "xn--bcher-kva.example", "例え.テスト", "a-b.c1", "localhost"} {
		if !taggedDomainPattern.MatchString(ok) {
			t.Errorf("%q refused", ok)
		}
	}
	for _, bad := range []string{"a.com,b.com", "a b.com", "under_score.example", "-a.com", "a-.com", "a..b", "a.", ".a",
		"🙂.example", "http://example.com", "jane@example.com", ""} {
		if taggedDomainPattern.MatchString(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
