package happyfoxsim

import (
	"strings"
	"unicode"
)

// What HappyFox does to the texts it stores (§1 Backend, L: Django form fields strip surrounding white space by
// default), and how it compares e-mails and group names (§2.3, §2.8), as the assumptions say (text-cleaning,
// email-case, uniqueness).

// cleanName cleans a name, an e-mail, a display id, a phone number or a tagged domain.
func (a Assumptions) cleanName(s string) string {
	switch a.TextCleaning {
	case "keep":
		return s
	case "collapse":
		return collapseSpace(s)
	}
	return strings.TrimSpace(s)
}

// cleanFree cleans a description or a choice text: kept as sent unless strip-all or collapse.
func (a Assumptions) cleanFree(s string) string {
	switch a.TextCleaning {
	case "strip-all":
		return strings.TrimSpace(s)
	case "collapse":
		return collapseSpace(s)
	}
	return s
}

// cleanValue cleans a custom field's text value: stripped with strip-all or collapse, never collapsed (a
// textarea's line breaks stay).
func (a Assumptions) cleanValue(s string) string {
	if a.TextCleaning == "strip-all" || a.TextCleaning == "collapse" {
		return strings.TrimSpace(s)
	}
	return s
}

// cleanEmail cleans an e-mail as stored: like a name, then with email-case applied.
func (a Assumptions) cleanEmail(s string) string {
	s = a.cleanName(s)
	switch a.EmailCase {
	case "domain-lowercased":
		// Django's BaseUserManager.normalize_email: the part after the last @ is lower-cased.
		if at := strings.LastIndexByte(s, '@'); at >= 0 {
			return s[:at+1] + strings.ToLower(s[at+1:])
		}
	case "lowercased":
		return strings.ToLower(s)
	}
	return s
}

// sameKey compares two e-mails or group names as HappyFox's uniqueness and look-ups do.
func (a Assumptions) sameKey(x, y string) bool {
	x, y = a.cleanName(x), a.cleanName(y)
	if a.Uniqueness == "case-sensitive" {
		return x == y
	}
	return strings.EqualFold(x, y)
}

// collapseSpace strips s and turns every run of white space inside it into one space.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}
