package tfvalidate

import "testing"

func TestValidEmail(t *testing.T) {
	for _, ok := range []string{"a@b.co", "Jane.Doe+tag@Example.COM", "x_y@sub.example.org"} {
		if !ValidEmail(ok) {
			t.Errorf("%q rejected", ok)
		}
	}
	for _, bad := range []string{"", "plain", "a@b", "a b@c.com", "Jane <jane@example.com>", "a@@b.com", ".a@b.com", "a..b@c.com", "a@-b.com", " a@b.com"} {
		if ValidEmail(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
