package client

import (
	"fmt"
	"strings"
	"unicode"
)

// One rule answers "is this the object I sent?" and "is this the object with that natural key?", for every kind,
// wherever it is asked: the answer to a create (answer_check.go), the object read back by the answer's id, the
// natural-key lookup after an unknown outcome (a lost or garbled answer, CreateVerified, the bulk create), the
// plan-time checks of taken names and e-mails, and the provider's read-backs. When two places answered it with two
// rules, a create one of them accepted and the other refused was left in HappyFox and in no state.
//
// The rule covers what HappyFox (a Django application, §1 Backend) may do to a text it stores, and how it compares
// keys (§1.4, L):
//
//   - Django form fields strip surrounding white space; runs of white space may be collapsed;
//   - Django's normalize_email lower-cases an e-mail's domain, and e-mails are unique whatever their case;
//   - contact group names are unique whatever their case.
//
// So two texts are the same text when they are equal once trimmed, with every run of white space made one space,
// and compared without case (SameText; SameEmail for e-mails). The provider refuses at plan every configured text
// HappyFox would clean (surrounding or repeated white space), so what it sends is already in the form HappyFox
// stores; the rule is what keeps a case-only change, or a cleaning the plan did not foresee, from orphaning an
// object.

// CleanText is the text HappyFox may store for a one-line text s: trimmed, with every run of white space or control
// characters made one space (§1.4). The provider refuses at plan a configured text that differs from its clean form.
func CleanText(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}

// TextKey is the form of a text under which HappyFox's cleaning and case do not count: its clean form, case folded.
// Two texts are the same text when their keys are equal.
func TextKey(s string) string { return strings.ToLower(CleanText(s)) }

// SameText reports whether a and b are the same text as HappyFox stores and compares texts.
func SameText(a, b string) bool { return TextKey(a) == TextKey(b) }

// SameFreeText reports whether a and b are the same multi-line text (a description) as HappyFox may store it: equal
// once every run of white space (line breaks included) is made one space and the ends trimmed (§1.4: HappyFox may
// collapse white space), case counting. A description is free text: its case is the author's, and HappyFox is not
// known to change it.
func SameFreeText(a, b string) bool { return CleanText(a) == CleanText(b) }

// EmailKey is the form of an e-mail under which HappyFox tells e-mails apart: trimmed, case folded.
func EmailKey(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// SameEmail reports whether a and b are the same e-mail address for HappyFox.
func SameEmail(a, b string) bool { return EmailKey(a) == EmailKey(b) }

// answered is SameText for a field of an answer: a field the answer leaves empty tells nothing (older or cut-short
// answers leave fields out) and matches.
func answered(sent, got string) bool { return strings.TrimSpace(got) == "" || SameText(sent, got) }

// ContactMismatch compares a contact (a create's answer, or the contact read back by its id) with the contact the
// create sent: the e-mail (a contact created without one has none), then the name. It returns nil when got is the
// contact sent, else what differs.
func ContactMismatch(in ContactInput, got *Contact) *AnswerMismatchError {
	switch {
	case in.Email != "" && strings.TrimSpace(got.Email) != "" && !SameEmail(in.Email, got.Email):
		return &AnswerMismatchError{Kind: "contact", ID: got.ID, Field: "email", Sent: in.Email, Answered: got.Email}
	case in.Email == "" && strings.TrimSpace(got.Email) != "":
		return &AnswerMismatchError{Kind: "contact", ID: got.ID, Field: "email", Sent: "", Answered: got.Email}
	case in.Name != "" && !answered(in.Name, got.Name):
		return &AnswerMismatchError{Kind: "contact", ID: got.ID, Field: "name", Sent: in.Name, Answered: got.Name}
	}
	return nil
}

// GroupMismatch compares a contact group with the name a create sent.
func GroupMismatch(name string, got *ContactGroup) *AnswerMismatchError {
	if !answered(name, got.Name) {
		return &AnswerMismatchError{Kind: "contact group", ID: got.ID, Field: "name", Sent: name, Answered: got.Name}
	}
	return nil
}

// AssetMismatch compares an asset with the asset type, display id and name a create sent.
func AssetMismatch(assetTypeID int64, in AssetInput, got *Asset) *AnswerMismatchError {
	switch {
	case got.AssetTypeID != 0 && got.AssetTypeID != assetTypeID:
		return &AnswerMismatchError{Kind: "asset", ID: got.ID, Field: "asset_type", Sent: itoa(assetTypeID), Answered: itoa(got.AssetTypeID)}
	case in.DisplayID != nil && !answered(*in.DisplayID, got.DisplayID):
		return &AnswerMismatchError{Kind: "asset", ID: got.ID, Field: "display_id", Sent: *in.DisplayID, Answered: got.DisplayID}
	case in.Name != nil && !answered(*in.Name, got.Name):
		return &AnswerMismatchError{Kind: "asset", ID: got.ID, Field: "name", Sent: *in.Name, Answered: got.Name}
	}
	return nil
}

// TicketMismatch compares a ticket with the subject, requester e-mail and category a create sent.
func TicketMismatch(in TicketInput, got *Ticket) *AnswerMismatchError {
	switch {
	case !answered(in.Subject, got.Subject):
		return &AnswerMismatchError{Kind: "ticket", ID: got.ID, Field: "subject", Sent: in.Subject, Answered: got.Subject}
	case strings.TrimSpace(got.RequesterEmail) != "" && !SameEmail(in.Email, got.RequesterEmail):
		return &AnswerMismatchError{Kind: "ticket", ID: got.ID, Field: "requester e-mail", Sent: in.Email, Answered: got.RequesterEmail}
	case got.CategoryID != 0 && got.CategoryID != in.CategoryID:
		return &AnswerMismatchError{Kind: "ticket", ID: got.ID, Field: "category", Sent: itoa(in.CategoryID), Answered: itoa(got.CategoryID)}
	}
	return nil
}

// AssetIncomplete reports an asset answer without the name or the display id, which therefore cannot confirm
// which asset it is: it must be read back.
func AssetIncomplete(got *Asset) bool {
	return strings.TrimSpace(got.Name) == "" || strings.TrimSpace(got.DisplayID) == ""
}

// IsAssetKey reports whether a is an asset a create with in may have produced, by its natural key: the display id
// and the name (HappyFox does not keep display ids unique, §3.3), and the agent that created it when HappyFox says.
func IsAssetKey(in AssetInput, a *Asset) bool {
	if in.DisplayID == nil || !SameText(*in.DisplayID, a.DisplayID) || (in.Name != nil && !SameText(*in.Name, a.Name)) {
		return false
	}
	return a.CreatedBy == 0 || in.ActingStaffID == 0 || a.CreatedBy == in.ActingStaffID
}

// GroupByName returns the group of groups whose name is name (SameText: group names are unique whatever their
// case, §2.8), or nil.
func GroupByName(groups []ContactGroup, name string) *ContactGroup {
	for i := range groups {
		if SameText(groups[i].Name, name) {
			return &groups[i]
		}
	}
	return nil
}

// AnswerMismatchError reports that HappyFox answered a write with an object that is not the one the request
// described: another name, e-mail, display id or asset type. A caching proxy, an answer cut short or a HappyFox bug
// can do that. The answer's id belongs to another object, so it is never returned: a caller that stored it would
// later update or delete an object it does not manage.
//
// The creates (CreateContactGroup, CreateContact, CreateAsset) return it wrapped in an *AmbiguousError, because
// HappyFox may well have carried the create out: CreateVerified then lets the natural-key lookup decide. Use
// errors.As to tell it apart.
type AnswerMismatchError struct {
	Kind     string // "contact group", "contact", "asset"
	ID       int64  // the id the answer carried (another object's)
	Field    string // the first field that differs: "name", "email", "display_id", "asset_type"
	Sent     string
	Answered string
}

func (e *AnswerMismatchError) Error() string {
	return fmt.Sprintf("HappyFox answered with another %s (id %d, %s %q instead of %q), so the answer cannot be trusted "+
		"and its id was not used", e.Kind, e.ID, e.Field, e.Answered, e.Sent)
}
