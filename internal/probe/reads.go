package probe

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"
)

// The reads: every GET the read questions need, in one pass. Each object the probe needs is chosen by a fixed
// rule (the first contact with an e-mail, the first group with members, ...), so that the simulator's contract test
// can play the same roles with its seed objects.

// How many objects the reads look at, at most, to find one with what a question needs.
const (
	maxGroupDetails   = 5
	maxContactSingles = 10
	maxAssetTypes     = 10
)

func (s *session) reads(ctx context.Context) error {
	// The credentials first: with bad ones nothing else makes sense.
	staff, err := s.fetch(ctx, "staff", get("staff/"))
	if err != nil {
		return err
	}
	if staff.Status == http.StatusUnauthorized || staff.Status == http.StatusForbidden {
		return fmt.Errorf("HappyFox refused the API key and auth code (HTTP %d on GET staff/): check HAPPYFOX_API_KEY, "+
			"HAPPYFOX_AUTH_CODE and the account", staff.Status)
	}
	for _, step := range []func(context.Context) error{s.readGroups, s.readContacts, s.readPaging, s.readErrors, s.readAssets, s.readTickets} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *session) readGroups(ctx context.Context) error {
	ex, err := s.fetch(ctx, "contact-groups", get("contact_groups/"))
	if err != nil {
		return err
	}
	s.groups = items(ex.JSON)
	found := false
	for i, g := range s.groups {
		if i == maxGroupDetails {
			break
		}
		id, ok := idOf(obj(g)["id"])
		if !ok {
			continue
		}
		s.vars["group"] = strconv.FormatInt(id, 10)
		ex, err := s.call(ctx, get("contact_group/{group}/"))
		if err != nil {
			return err
		}
		s.groupSingles = append(s.groupSingles, obj(ex.JSON))
		if len(list(obj(ex.JSON)["contacts"])) > 0 {
			s.keep("contact-group", ex)
			found = true
			break
		}
	}
	if !found {
		delete(s.vars, "group")
		s.skip("contact-group", fmt.Sprintf("none of the first %d contact groups has members", maxGroupDetails))
	}
	return s.readGroupsLeftOut(ctx)
}

// readGroupsLeftOut reads singly the first group whose list item leaves out its description or tagged domains
// and that was not read yet: a list may carry fewer fields than the single GET (the list-fields question), and the
// empty-text question is about what an object carries.
func (s *session) readGroupsLeftOut(ctx context.Context) error {
	read := map[int64]bool{}
	for _, g := range s.groupSingles {
		if id, ok := idOf(g["id"]); ok {
			read[id] = true
		}
	}
	for _, g := range s.groups {
		m := obj(g)
		_, hasD := m["description"]
		_, hasT := m["tagged_domains"]
		id, ok := idOf(m["id"])
		if !ok || (hasD && hasT) || read[id] {
			continue
		}
		saved, had := s.vars["group"]
		s.vars["group"] = strconv.FormatInt(id, 10)
		ex, err := s.call(ctx, get("contact_group/{group}/"))
		if had {
			s.vars["group"] = saved
		} else {
			delete(s.vars, "group")
		}
		if err != nil {
			return err
		}
		s.groupSingles = append(s.groupSingles, obj(ex.JSON))
		return nil
	}
	return nil
}

func (s *session) readContacts(ctx context.Context) error {
	ex, err := s.fetch(ctx, "contacts", get("users/", "size", "50", "page", "1"))
	if err != nil {
		return err
	}
	s.contacts = items(ex.JSON)
	for _, c := range s.contacts {
		m := obj(c)
		id, ok := idOf(m["id"])
		if !ok {
			continue
		}
		if _, has := s.vars["contact"]; !has {
			s.vars["contact"] = strconv.FormatInt(id, 10)
		} else if _, has := s.vars["contact2"]; !has {
			s.vars["contact2"] = strconv.FormatInt(id, 10)
		}
		if e, _ := str(m["email"]); strings.Contains(e, "@") && s.vars["email"] == "" {
			s.emailContact = id
			s.vars["email"] = e
			s.vars["email_other_case"] = swapCase(e)
			s.vars["domain"] = e[strings.LastIndexByte(e, '@')+1:]
		}
	}
	if _, has := s.vars["contact"]; !has {
		s.skip("contact", "the account has no contact")
	} else {
		one, err := s.fetch(ctx, "contact", get("user/{contact}/"))
		if err != nil {
			return err
		}
		s.contactSingles = append(s.contactSingles, obj(one.JSON))
	}

	ex, err = s.fetch(ctx, "contact-fields", get("user_custom_fields/"))
	if err != nil {
		return err
	}
	s.userFields = items(ex.JSON)

	// More single contacts, until one has a choice field set (contact-choice-value).
	choice := s.choiceFieldIDs()
	for i, c := range s.contacts {
		if len(s.contactSingles) == 0 || hasChoiceValue(s.contactSingles, choice) || i >= maxContactSingles {
			break
		}
		id, ok := idOf(obj(c)["id"])
		if !ok || strconv.FormatInt(id, 10) == s.vars["contact"] {
			continue
		}
		s.vars["contact_more"] = strconv.FormatInt(id, 10)
		more, err := s.call(ctx, get("user/{contact_more}/"))
		if err != nil {
			return err
		}
		s.contactSingles = append(s.contactSingles, obj(more.JSON))
	}
	delete(s.vars, "contact_more")

	if s.vars["email"] == "" {
		for _, n := range []string{"contact-by-email-other-case", "contacts-search-email", "contacts-search-domain"} {
			s.skip(n, "no contact on the first page has an e-mail")
		}
		return nil
	}
	if s.vars["email_other_case"] == s.vars["email"] {
		s.skip("contact-by-email-other-case", "the contact's e-mail has no letters")
	} else if _, err := s.fetch(ctx, "contact-by-email-other-case", get("user/{email_other_case}/")); err != nil {
		return err
	}
	if _, err := s.fetch(ctx, "contacts-search-email", get("users/", "q", "email:{email}")); err != nil {
		return err
	}
	_, err = s.fetch(ctx, "contacts-search-domain", get("users/", "q", "email:{domain}"))
	return err
}

// choiceFieldIDs are the contact custom fields with choices.
func (s *session) choiceFieldIDs() map[int64]bool {
	out := map[int64]bool{}
	for _, f := range s.userFields {
		m := obj(f)
		if id, ok := idOf(m["id"]); ok && len(list(m["choices"])) > 0 {
			out[id] = true
		}
	}
	return out
}

func hasChoiceValue(contacts []map[string]any, choice map[int64]bool) bool {
	for _, c := range contacts {
		for _, v := range list(c["custom_fields"]) {
			m := obj(v)
			if id, ok := idOf(m["id"]); ok && choice[id] && m["value"] != nil {
				return true
			}
		}
	}
	return false
}

// swapCase turns upper case into lower case and back (uniqueness: is an e-mail looked up regardless of case?).
func swapCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

func (s *session) readPaging(ctx context.Context) error {
	page, _ := s.exchange("contacts")
	info := obj(obj(page.JSON)["page_info"])
	total, ok := intOf(info["last_index"])
	if !ok {
		total = int64(len(s.contacts))
	}
	if total == 0 {
		s.skip("contacts-past-end", "the account has no contact")
	} else {
		pages, ok := intOf(info["page_count"])
		if !ok || pages < 1 {
			pages = (total + 49) / 50
		}
		s.vars["past_end"] = strconv.FormatInt(pages+1, 10)
		if _, err := s.fetch(ctx, "contacts-past-end", get("users/", "size", "50", "page", "{past_end}")); err != nil {
			return err
		}
	}
	if total <= 50 {
		s.skip("contacts-size-60", fmt.Sprintf("the account has %d contacts: size=60 cannot be told from size=50 below 51", total))
	} else if _, err := s.fetch(ctx, "contacts-size-60", get("users/", "size", "60")); err != nil {
		return err
	}
	if total < 3 {
		s.skip("contacts-size-2", fmt.Sprintf("the account has %d contacts: size=2 cannot be told from size=10 below 3", total))
	} else if _, err := s.fetch(ctx, "contacts-size-2", get("users/", "size", "2")); err != nil {
		return err
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	s.vars["no_such_email"] = "happyfox-probe-" + hex.EncodeToString(b[:]) + "@probe.invalid"
	_, err := s.fetch(ctx, "contacts-search-none", get("users/", "q", "email:{no_such_email}"))
	return err
}

// unknownID is an id above every id of the list (and at least 999999999), so that no object of the account has it.
func unknownID(objects []any) string {
	var top int64 = 999999999
	for _, o := range objects {
		if id, ok := idOf(obj(o)["id"]); ok && id >= top {
			top = id + 1000
		}
	}
	return strconv.FormatInt(top, 10)
}

func (s *session) readErrors(ctx context.Context) error {
	s.vars["unknown"] = unknownID(s.groups)
	for _, step := range []struct {
		name string
		r    Request
	}{
		{"contact-group-unknown", get("contact_group/{unknown}/")},
		{"staff-bad-credentials", Request{Method: http.MethodGet, Path: "staff/", BadCredentials: true}},
		{"contact-groups-no-slash", get("contact_groups")},
	} {
		if _, err := s.fetch(ctx, step.name, step.r); err != nil {
			return err
		}
	}
	return nil
}

func (s *session) readAssets(ctx context.Context) error {
	ex, err := s.fetch(ctx, "asset-types", get("asset_types/", "size", "50"))
	if err != nil {
		return err
	}
	s.assetTypes = items(ex.JSON)
	s.vars["unknown_type"] = unknownID(s.assetTypes)
	if _, err := s.fetch(ctx, "assets-unknown-type", get("assets/", "asset_type", "{unknown_type}")); err != nil {
		return err
	}
	var typeIDs []int64
	for _, t := range s.assetTypes {
		if id, ok := idOf(obj(t)["id"]); ok && len(typeIDs) < maxAssetTypes {
			typeIDs = append(typeIDs, id)
		}
	}
	if len(typeIDs) == 0 {
		for _, n := range []string{"assets", "asset", "asset-fields", "asset-field-singular", "asset-field-plural"} {
			s.skip(n, "the account has no asset type")
		}
		return nil
	}

	// An asset: the first of the first type that has one.
	for _, id := range typeIDs {
		s.vars["asset_type"] = strconv.FormatInt(id, 10)
		ex, err := s.call(ctx, get("assets/", "asset_type", "{asset_type}", "size", "10"))
		if err != nil {
			return err
		}
		if a := items(ex.JSON); len(a) > 0 {
			if aid, ok := idOf(obj(a[0])["id"]); ok {
				s.keep("assets", ex)
				s.vars["asset"] = strconv.FormatInt(aid, 10)
				if _, err := s.fetch(ctx, "asset", get("asset/{asset}/")); err != nil {
					return err
				}
				break
			}
		}
	}
	if _, has := s.vars["asset"]; !has {
		delete(s.vars, "asset_type")
		s.skip("assets", fmt.Sprintf("none of the first %d asset types has an asset", len(typeIDs)))
		s.skip("asset", fmt.Sprintf("none of the first %d asset types has an asset", len(typeIDs)))
	}

	// The custom fields of every type; the first type with fields is kept.
	for _, id := range typeIDs {
		s.vars["field_asset_type"] = strconv.FormatInt(id, 10)
		ex, err := s.call(ctx, get("asset_custom_fields/", "asset_type", "{field_asset_type}", "size", "50"))
		if err != nil {
			return err
		}
		fields := items(ex.JSON)
		s.assetFieldLists = append(s.assetFieldLists, typeFields{typeID: id, fields: fields})
		if len(fields) > 0 && s.byName["asset-fields"] == nil {
			s.keep("asset-fields", ex)
		}
	}
	if s.byName["asset-fields"] == nil {
		delete(s.vars, "field_asset_type")
		for _, n := range []string{"asset-fields", "asset-field-singular", "asset-field-plural"} {
			s.skip(n, fmt.Sprintf("none of the first %d asset types has custom fields", len(typeIDs)))
		}
		return nil
	}
	s.vars["field_asset_type"] = strconv.FormatInt(s.assetFieldLists[s.keptFieldsIndex()].typeID, 10)

	// One field for the single paths: the first with choices (or of a choice type), else the first.
	var first map[string]any
	for _, tf := range s.assetFieldLists {
		for _, f := range tf.fields {
			m := obj(f)
			if _, ok := idOf(m["id"]); !ok {
				continue
			}
			if first == nil {
				first = m
			}
			if s.choiceField == nil && (len(list(m["choices"])) > 0 || choiceTypeName(m["type"])) {
				s.choiceField = m
			}
		}
	}
	pick := s.choiceField
	if pick == nil {
		pick = first
	}
	if pick == nil {
		s.skip("asset-field-singular", "no asset custom field has an id")
		s.skip("asset-field-plural", "no asset custom field has an id")
		return nil
	}
	fid, _ := idOf(pick["id"])
	s.vars["asset_field"] = strconv.FormatInt(fid, 10)
	if _, err := s.fetch(ctx, "asset-field-singular", get("asset_custom_field/{asset_field}/")); err != nil {
		return err
	}
	_, err = s.fetch(ctx, "asset-field-plural", get("asset_custom_fields/{asset_field}/"))
	return err
}

func (s *session) keptFieldsIndex() int {
	for i, tf := range s.assetFieldLists {
		if len(tf.fields) > 0 {
			return i
		}
	}
	return 0
}

// choiceTypeName: the type names of fields with choices, under either set of names (field-type-names).
func choiceTypeName(v any) bool {
	t, _ := str(v)
	switch t {
	case "dropdown", "multi_option", "multiple_choice", "choice", "multichoice":
		return true
	}
	return false
}

func (s *session) readTickets(ctx context.Context) error {
	ex, err := s.fetch(ctx, "ticket-fields", get("ticket_custom_fields/"))
	if err != nil {
		return err
	}
	for _, f := range items(ex.JSON) {
		if id, ok := idOf(obj(f)["id"]); ok {
			s.vars["ticket_field"] = strconv.FormatInt(id, 10)
			_, err := s.fetch(ctx, "ticket-field", get("ticket_custom_field/{ticket_field}/"))
			return err
		}
	}
	s.skip("ticket-field", "the account has no ticket custom field")
	return nil
}
