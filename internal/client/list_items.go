package client

import (
	"encoding/json"
	"sync"
)

// A list item stands in for the single GET of its object only when it carries every field of the single GET that
// the provider reads. Whether HappyFox's lists carry the same fields as its single GETs is an open question (§1.1,
// §7): §2.1 says list items and GET user/<id>/ carry the same contact object, nothing says so for assets (§3.2) or
// contact groups (§2.8), and a list answered without, say, phones would be decoded as a contact without phones:
// the refresh would then clear them in the state and the next apply add them again. A key the item lacks is not
// an empty value: such an item is not served, and its object is read with its own GET (a refresh, a read-back and
// the group refresh alike). Every read served from a list asks servable; the e-mail checks, which need only the
// e-mail, ask hasKeys.
//
// Some fields are answered only by some API versions (a contact's is_login_enabled, §2.1 M/L; an asset's
// contact_groups, the 2026 article only, §3.1): those are needed until a single GET of the family answered
// without them, which shows that this HappyFox has no such field (learned per Client). A field an object may
// lack in its single GET as well (phones, a description left out when empty) is needed always.

// itemFields are the fields a list item of one family must carry.
type itemFields struct {
	need  [][]string                                 // each entry: one of these keys must be present
	shape [][]string                                 // likewise, unless a single GET of the family answered without any of them
	more  func(item map[string]json.RawMessage) bool // what depends on the values (nil: nothing)
}

var listItemFields = map[string]itemFields{
	// §2.1: name, e-mail, phones and every custom field; primary_phone when a phone does not say is_primary itself
	// (which phone is primary is read from either, decodeContact).
	contactReadKind.family: {
		need:  [][]string{{"id"}, {"name"}, {"email"}, {"phones"}, {"custom_fields"}},
		shape: [][]string{{"is_login_enabled"}},
		more:  primaryPhoneKnown,
	},
	// §3.1: the asset type (an asset of another type is another asset), the links and the custom fields.
	"asset": {
		need:  [][]string{{"id"}, {"name"}, {"display_id"}, {"asset_type"}, {"custom_fields"}, {"contacts", "contact_ids"}},
		shape: [][]string{{"contact_groups", "contact_group_ids"}},
	},
	// §2.8: everything a group's summary holds.
	contactGroupReadKind.family: {
		need: [][]string{{"id"}, {"name"}, {"description"}, {"tagged_domains"}},
	},
}

// primaryPhoneKnown: a contact with phones must say which is primary, on the phones or in primary_phone.
func primaryPhoneKnown(item map[string]json.RawMessage) bool {
	var phones []map[string]json.RawMessage
	if json.Unmarshal(item["phones"], &phones) != nil {
		return false
	}
	for _, p := range phones {
		if _, ok := p["is_primary"]; !ok {
			_, ok := item["primary_phone"]
			return ok
		}
	}
	return true
}

// shapeSeen records, per family, the shape fields a single GET answered without.
type shapeSeen struct {
	mu     sync.Mutex
	absent map[string]map[string]bool // family → first key of the shape entry
}

// sawSingle learns from the body of a single GET of family which shape fields this HappyFox answers.
func (s *shapeSeen) sawSingle(family string, body []byte) {
	f, ok := listItemFields[family]
	if !ok || len(f.shape) == 0 {
		return
	}
	var m map[string]json.RawMessage
	if decodeObject(body, &m) != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.absent == nil {
		s.absent = map[string]map[string]bool{}
	}
	if s.absent[family] == nil {
		s.absent[family] = map[string]bool{}
	}
	for _, alts := range f.shape {
		s.absent[family][alts[0]] = !hasAny(m, alts)
	}
}

// servable reports whether raw, an item of a list of family, carries what its single GET would.
func (s *shapeSeen) servable(family string, raw json.RawMessage) bool {
	f, ok := listItemFields[family]
	if !ok {
		return false
	}
	var m map[string]json.RawMessage
	if decodeObject(raw, &m) != nil {
		return false
	}
	for _, alts := range f.need {
		if !hasAny(m, alts) {
			return false
		}
	}
	s.mu.Lock()
	absent := s.absent[family]
	for _, alts := range f.shape {
		if !absent[alts[0]] && !hasAny(m, alts) {
			s.mu.Unlock()
			return false
		}
	}
	s.mu.Unlock()
	return f.more == nil || f.more(m)
}

// hasKeys reports whether the JSON object raw has every key (a key with a null value counts: it says "none").
func hasKeys(raw json.RawMessage, keys ...string) bool {
	var m map[string]json.RawMessage
	if decodeObject(raw, &m) != nil {
		return false
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			return false
		}
	}
	return true
}

func hasAny(m map[string]json.RawMessage, keys []string) bool {
	for _, k := range keys {
		if _, ok := m[k]; ok {
			return true
		}
	}
	return false
}
