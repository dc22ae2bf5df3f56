package client

import (
	"fmt"
	"net/http"
	"strings"
)

// AnswerMismatchError reports that HappyFox answered a write with an object that is not the one the request
// described: another name, e-mail, display id or asset type (RELIABILITY.md, "A create is answered with another
// object's body"). A caching proxy, an answer cut short or a HappyFox bug can do that. The answer's id belongs to
// another object, so it is never returned: a caller that stored it would later update or delete an object it does not
// manage.
//
// The creates (CreateContactGroup, CreateContact, CreateAsset) return it wrapped in an *AmbiguousError,
// because HappyFox may well have carried the create out: CreateVerified then lets the natural-key lookup
// decide. Use errors.As to tell it apart.
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

// sameText compares a sent and an answered text the way HappyFox may normalize it: case and runs of white
// space do not count. An empty answer tells nothing and matches (older answers may leave fields out).
func sameText(sent, answered string) bool {
	if strings.TrimSpace(answered) == "" {
		return true
	}
	return strings.EqualFold(strings.Join(strings.Fields(sent), " "), strings.Join(strings.Fields(answered), " "))
}

// createMismatch wraps a mismatch for a create: the outcome is unknown (see AnswerMismatchError).
func createMismatch(rel string, m *AnswerMismatchError) error {
	return &AmbiguousError{Method: http.MethodPost, Path: rel, Err: m}
}

// checkGroupAnswer compares a create's answer with the name sent.
func checkGroupAnswer(name string, g *ContactGroup) *AnswerMismatchError {
	if !sameText(name, g.Name) {
		return &AnswerMismatchError{Kind: "contact group", ID: g.ID, Field: "name", Sent: name, Answered: g.Name}
	}
	return nil
}

// checkContactAnswer compares a create's answer with the e-mail and name sent.
func checkContactAnswer(in ContactInput, ct *Contact) *AnswerMismatchError {
	if in.Email != "" && !sameText(in.Email, ct.Email) {
		return &AnswerMismatchError{Kind: "contact", ID: ct.ID, Field: "email", Sent: in.Email, Answered: ct.Email}
	}
	if in.Email == "" && ct.Email != "" {
		// A contact created without an e-mail has none: this is another contact.
		return &AnswerMismatchError{Kind: "contact", ID: ct.ID, Field: "email", Sent: "", Answered: ct.Email}
	}
	if in.Name != "" && !sameText(in.Name, ct.Name) {
		return &AnswerMismatchError{Kind: "contact", ID: ct.ID, Field: "name", Sent: in.Name, Answered: ct.Name}
	}
	return nil
}

// checkAssetAnswer compares a create's answer with the asset type, display id and name sent.
func checkAssetAnswer(assetTypeID int64, in AssetInput, a *Asset) *AnswerMismatchError {
	if a.AssetTypeID != 0 && a.AssetTypeID != assetTypeID {
		return &AnswerMismatchError{Kind: "asset", ID: a.ID, Field: "asset_type", Sent: itoa(assetTypeID), Answered: itoa(a.AssetTypeID)}
	}
	if in.DisplayID != nil && !sameText(*in.DisplayID, a.DisplayID) {
		return &AnswerMismatchError{Kind: "asset", ID: a.ID, Field: "display_id", Sent: *in.DisplayID, Answered: a.DisplayID}
	}
	if in.Name != nil && !sameText(*in.Name, a.Name) {
		return &AnswerMismatchError{Kind: "asset", ID: a.ID, Field: "name", Sent: *in.Name, Answered: a.Name}
	}
	return nil
}
