package probe

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// The classifiers of the read questions: each names the simulator switch whose answer it saw (happyfoxsim.Questions),
// or says it saw none of them. TestProbeRecognisesEverySwitch runs each against the simulator under each switch.

// documented lists the fields the notes give each kind of object (§2.1, §2.7, §2.8, §3.1, §3.6, §3.7, §4.1, §5);
// another field on one of them is an extra field (extra-fields).
var documented = map[string][]string{
	"staff":             {"id", "name", "email", "active", "is_account_admin", "role", "categories", "permissions"},
	"contact group":     {"id", "name", "description", "tagged_domains", "contacts"},
	"contact":           {"id", "name", "email", "primary_phone", "phones", "created_at", "updated_at", "pending_tickets_count", "tickets_count", "contact_groups", "custom_fields", "is_login_enabled"},
	"contact field":     {"id", "name", "type", "required", "order", "depends_on_choice", "visible_to_staff_only", "choices"},
	"asset":             {"id", "display_id", "name", "asset_type", "contacts", "contact_groups", "custom_fields", "created_by", "updated_by", "created_at", "updated_at"},
	"asset type":        {"id", "name", "description", "settings"},
	"asset field":       {"id", "name", "type", "asset_type", "choices"},
	"ticket field":      {"id", "name", "type", "required", "compulsory_on_completed", "compulsory_on_move", "depends_on_choice", "visible_to_staff_only", "choices", "categories"},
	"ticket field list": {"id", "name", "type", "required", "compulsory_on_completed", "compulsory_on_move", "depends_on_choice", "visible_to_staff_only", "choices", "categories"},
}

func classifyIDs(s *session) verdict {
	var numbers, strs, seen int
	count := func(vs []any) {
		for _, v := range vs {
			switch obj(v)["id"].(type) {
			case string:
				strs++
			case nil:
				continue
			default:
				if _, ok := intOf(obj(v)["id"]); ok {
					numbers++
				}
			}
			seen++
		}
	}
	for _, name := range []string{"staff", "contact-groups", "contacts", "asset-types"} {
		if ex := s.byName[name]; ex != nil {
			count(items(ex.JSON))
		}
	}
	seen2 := fmt.Sprintf("ids of staff, contact groups, contacts and asset types: %d JSON numbers, %d strings", numbers, strs)
	switch {
	case seen == 0:
		return notSettled("no list answered an object with an id")
	case numbers == seen:
		return answer("numbers", seen2)
	case strs == seen:
		return answer("strings", seen2)
	}
	return unrecognised("%s, %d neither", seen2, seen-numbers-strs)
}

func classifyExtraFields(s *session) verdict {
	extra := map[string]map[string]bool{}
	look := func(kind string, v any) {
		m := obj(v)
		if m == nil {
			return
		}
		for k := range m {
			if !slices.Contains(documented[kind], k) {
				if extra[kind] == nil {
					extra[kind] = map[string]bool{}
				}
				extra[kind][k] = true
			}
		}
	}
	lists := map[string]string{"staff": "staff", "contact-groups": "contact group", "contacts": "contact", "contact-fields": "contact field",
		"asset-types": "asset type", "asset-fields": "asset field", "ticket-fields": "ticket field list"}
	singles := map[string]string{"contact-group": "contact group", "contact": "contact", "asset": "asset", "ticket-field": "ticket field"}
	looked := 0
	for name, kind := range lists {
		if ex := s.byName[name]; ex != nil && ex.Status == http.StatusOK {
			for _, it := range items(ex.JSON) {
				look(kind, it)
				looked++
			}
		}
	}
	for name, kind := range singles {
		if ex := s.byName[name]; ex != nil && ex.Status == http.StatusOK {
			look(kind, ex.JSON)
			looked++
		}
	}
	if looked == 0 {
		return notSettled("no object was answered")
	}
	if len(extra) == 0 {
		return answer("none", fmt.Sprintf("%d objects of 9 kinds carry only the fields the notes give them", looked))
	}
	var parts []string
	for kind, ks := range extra {
		keys := make([]string, 0, len(ks))
		for k := range ks {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts = append(parts, kind+": "+keyList(keys))
	}
	sort.Strings(parts)
	return answer("present", "fields the notes do not give: "+strings.Join(parts, "; "))
}

func classifyEmptyText(s *session) verdict {
	ex, v := s.exchange("contact-groups")
	if v != nil {
		return *v
	}
	// A list may carry fewer fields than the single GET (the list-fields question): a field a list item leaves out is
	// taken from the single GET of that group, when the probe made one.
	single := map[int64]map[string]any{}
	for _, g := range s.groupSingles {
		if id, ok := idOf(g["id"]); ok {
			single[id] = g
		}
	}
	var empty, null, missing, fromSingle int
	for _, g := range items(ex.JSON) {
		m := obj(g)
		id, _ := idOf(m["id"])
		for _, k := range []string{"description", "tagged_domains"} {
			val, has := m[k]
			if !has {
				if one := single[id]; one != nil {
					if val, has = one[k]; has {
						fromSingle++
					}
				}
			}
			switch {
			case !has:
				missing++
			case val == nil:
				null++
			case val == "":
				empty++
			}
		}
	}
	seen := fmt.Sprintf("description and tagged_domains of %d contact groups: %d \"\", %d null, %d left out", len(items(ex.JSON)), empty, null, missing)
	if fromSingle > 0 {
		seen += fmt.Sprintf(" (%d read from the single GET, the list leaving them out)", fromSingle)
	}
	switch {
	case empty+null+missing == 0:
		return notSettled("no contact group has an empty description or tagged domains")
	case empty > 0 && null+missing == 0:
		return answer("empty-string", seen)
	case null > 0 && empty+missing == 0:
		return answer("null", seen)
	case missing > 0 && empty+null == 0:
		return answer("missing", seen)
	}
	return unrecognised("%s", seen)
}

func classifyContactOptionalFields(s *session) verdict {
	ex, v := s.exchange("contact")
	if v != nil {
		return *v
	}
	if ex.Status != http.StatusOK || obj(ex.JSON) == nil {
		return unrecognised("GET user/<id>/: %s", describe(ex))
	}
	c := obj(ex.JSON)
	_, login := c["is_login_enabled"]
	primary := "no phone"
	if phones := list(c["phones"]); len(phones) > 0 {
		_, has := obj(phones[0])["is_primary"]
		primary = fmt.Sprintf("is_primary on phones: %v", has)
	}
	seen := fmt.Sprintf("GET user/<id>/: is_login_enabled: %v, %s", login, primary)
	if login {
		return answer("present", seen)
	}
	return answer("absent", seen)
}

func classifyUniqueness(s *session) verdict {
	ex, v := s.exchange("contact-by-email-other-case")
	if v != nil {
		return *v
	}
	seen := "GET user/<e-mail in the other case>/: " + describe(ex)
	if ex.Status == http.StatusOK {
		if id, ok := idOf(obj(ex.JSON)["id"]); ok && id == s.emailContact {
			return answer("case-insensitive", "GET user/<e-mail in the other case>/ answers the contact")
		}
		return unrecognised("%s, not the contact with that e-mail", seen)
	}
	if notFoundAnswer(ex) {
		return answer("case-sensitive", seen)
	}
	return unrecognised("%s", seen)
}

func classifyPagePastEnd(s *session) verdict {
	ex, v := s.exchange("contacts-past-end")
	if v != nil {
		return *v
	}
	seen := "GET users/ one page past the last: " + describe(ex)
	switch {
	case ex.Status == http.StatusNotFound:
		return answer("404", seen)
	case ex.Status == http.StatusOK && obj(ex.JSON)["data"] != nil && len(items(ex.JSON)) == 0:
		return answer("empty", seen)
	case ex.Status == http.StatusOK && len(items(ex.JSON)) > 0:
		return answer("last-page", fmt.Sprintf("%s, %d items", seen, len(items(ex.JSON))))
	}
	return unrecognised("%s", seen)
}

func classifyPageSizeOver50(s *session) verdict {
	ex, v := s.exchange("contacts-size-60")
	if v != nil {
		return *v
	}
	n := len(items(ex.JSON))
	seen := fmt.Sprintf("GET users/?size=60: %s, %d items", describe(ex), n)
	switch {
	case ex.Status == http.StatusBadRequest:
		return answer("refused", seen)
	case ex.Status == http.StatusOK && n == 50:
		return answer("cut", seen)
	case ex.Status == http.StatusOK && n > 50:
		return answer("honoured", seen)
	}
	return unrecognised("%s", seen)
}

func classifyPageSizeUnder10(s *session) verdict {
	ex, v := s.exchange("contacts-size-2")
	if v != nil {
		return *v
	}
	n := len(items(ex.JSON))
	seen := fmt.Sprintf("GET users/?size=2: %d items", n)
	switch {
	case ex.Status == http.StatusOK && n == 2:
		return answer("honoured", seen)
	case ex.Status == http.StatusOK && n > 2:
		return answer("raised", seen)
	}
	return unrecognised("GET users/?size=2: %s", describe(ex))
}

func classifyEmptyListPageInfo(s *session) verdict {
	ex, v := s.exchange("contacts-search-none")
	if v != nil {
		return *v
	}
	info := obj(obj(ex.JSON)["page_info"])
	pages, ok := intOf(info["page_count"])
	seen := "a search that finds nothing: " + describe(ex)
	switch {
	case ex.Status != http.StatusOK || !ok || len(items(ex.JSON)) != 0:
		return unrecognised("%s", seen)
	case pages == 0:
		return answer("zeros", "a search that finds nothing: page_info.page_count 0")
	case pages == 1:
		return answer("one-page", "a search that finds nothing: page_info.page_count 1")
	}
	return unrecognised("%s, page_count %d", seen, pages)
}

// missingKeys lists the keys of single that item lacks.
func missingKeys(single, item map[string]any) []string {
	var out []string
	for _, k := range sortedKeys(single) {
		if _, has := item[k]; !has {
			out = append(out, k)
		}
	}
	return out
}

func classifyListFields(s *session) verdict {
	var fewer []string
	compared := 0
	if one := s.byName["contact"]; one != nil && one.Status == http.StatusOK {
		id, _ := idOf(obj(one.JSON)["id"])
		for _, it := range s.contacts {
			if iid, _ := idOf(obj(it)["id"]); iid == id && id != 0 {
				compared++
				if m := missingKeys(obj(one.JSON), obj(it)); len(m) > 0 {
					fewer = append(fewer, "users/ items lack "+keyList(m))
				}
			}
		}
	}
	if one, page := s.byName["asset"], s.byName["assets"]; one != nil && page != nil && one.Status == http.StatusOK {
		if it := items(page.JSON); len(it) > 0 {
			compared++
			if m := missingKeys(obj(one.JSON), obj(it[0])); len(m) > 0 {
				fewer = append(fewer, "assets/ items lack "+keyList(m))
			}
		}
	}
	switch {
	case len(fewer) > 0:
		return answer("fewer", strings.Join(fewer, "; "))
	case compared > 0:
		return answer("full", fmt.Sprintf("%d list items carry every field of their single GET", compared))
	}
	return notSettled("no contact or asset could be read both ways")
}

func classifySearchEmail(s *session) verdict {
	full, v := s.exchange("contacts-search-email")
	if v != nil {
		return *v
	}
	dom, v := s.exchange("contacts-search-domain")
	if v != nil {
		return *v
	}
	if full.Status != http.StatusOK || len(items(full.JSON)) == 0 {
		return unrecognised("q=email:<a contact's e-mail> finds nothing: %s", describe(full))
	}
	n := len(items(dom.JSON))
	seen := fmt.Sprintf("q=email:<that e-mail> finds %d, q=email:<its domain only> finds %d", len(items(full.JSON)), n)
	switch {
	case dom.Status != http.StatusOK:
		return unrecognised("q=email:<domain>: %s", describe(dom))
	case n == 0:
		return answer("exact", seen)
	}
	return answer("substring", seen)
}

func classifyNotFound(s *session) verdict {
	ex, v := s.exchange("contact-group-unknown")
	if v != nil {
		return *v
	}
	seen := "GET contact_group/<unknown id>/: " + describe(ex)
	m := obj(ex.JSON)
	switch {
	case ex.Status == http.StatusNotFound && ex.BodyKind() == "html":
		return answer("html", seen)
	case ex.Status == http.StatusNotFound && m["error"] != nil:
		return answer("json", seen)
	case ex.Status == http.StatusNotFound && m["detail"] != nil:
		return answer("json-detail", seen)
	case ex.Status == http.StatusBadRequest && ex.IsJSON:
		return answer("400", seen)
	}
	return unrecognised("%s", seen)
}

func classifyUnauthorized(s *session) verdict {
	ex, v := s.exchange("staff-bad-credentials")
	if v != nil {
		return *v
	}
	seen := "GET staff/ with a wrong key: " + describe(ex) + fmt.Sprintf(", WWW-Authenticate %v", ex.Header.Get("Www-Authenticate") != "")
	m := obj(ex.JSON)
	switch {
	case ex.Status == http.StatusForbidden:
		return answer("403", seen)
	case ex.Status != http.StatusUnauthorized:
		return unrecognised("%s", seen)
	case ex.BodyKind() == "empty":
		return answer("empty", seen)
	case ex.BodyKind() == "html":
		return answer("html", seen)
	case m["error"] != nil:
		return answer("json", seen)
	case m["detail"] != nil:
		return answer("json-detail", seen)
	}
	return unrecognised("%s", seen)
}

func classifyTrailingSlash(s *session) verdict {
	ex, v := s.exchange("contact-groups-no-slash")
	if v != nil {
		return *v
	}
	seen := "GET contact_groups (no trailing slash): " + describe(ex)
	switch {
	case ex.Status == http.StatusOK && ex.IsJSON:
		return answer("optional", seen)
	case ex.Status == http.StatusNotFound:
		return answer("required", seen)
	}
	return unrecognised("%s", seen)
}

// djangoWords are Django's (and Django REST framework's) default messages, as §1 Backend reads HappyFox's.
var djangoWords = regexp.MustCompile(`(?i)(this field is required\.|select a valid choice\.|enter a list of values\.|` +
	`a valid integer is required\.|does not exist\.|ensure this value|not a valid|provide a valid choice\.|has wrong format\.)`)

// messages collects every string of an error body but field names.
func messages(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k != "field" {
				messages(e, out)
			}
		}
	case []any:
		for _, e := range x {
			messages(e, out)
		}
	case string:
		if strings.TrimSpace(x) != "" {
			*out = append(*out, x)
		}
	}
}

func classifyErrorWording(s *session) verdict {
	var msgs, sources []string
	for _, name := range []string{"assets-unknown-type", "scratch-put-no-updated-by"} {
		if ex := s.byName[name]; ex != nil && ex.Status == http.StatusBadRequest && ex.IsJSON {
			before := len(msgs)
			messages(ex.JSON, &msgs)
			if len(msgs) > before {
				sources = append(sources, name)
			}
		}
	}
	if len(msgs) == 0 {
		return notSettled("no 400 with a message came back (asked: an unknown asset type%s)", map[bool]string{true: ", a scratch asset PUT without updated_by", false: ""}[s.opts.Write])
	}
	django := 0
	for _, m := range msgs {
		if djangoWords.MatchString(m) {
			django++
		}
	}
	seen := fmt.Sprintf("%d messages of 400 answers (%s), %d in Django's words", len(msgs), strings.Join(sources, ", "), django)
	if django > 0 {
		return answer("django", seen)
	}
	return answer("other", seen)
}

func classifyRateLimitHeaders(s *session) verdict {
	if len(s.kept) == 0 {
		return notSettled("no answer came")
	}
	if len(s.limitHeaders) == 0 {
		return answer("absent", fmt.Sprintf("no X-RateLimit-* header on %d answers", len(s.kept)))
	}
	names := make([]string, 0, len(s.limitHeaders))
	for n := range s.limitHeaders {
		names = append(names, n)
	}
	sort.Strings(names)
	return answer("present", "headers: "+strings.Join(names, ", "))
}

func classifyContactChoiceValue(s *session) verdict {
	choice := s.choiceFieldIDs()
	if len(choice) == 0 {
		return notSettled("the account has no contact custom field with choices")
	}
	for _, c := range s.contactSingles {
		for _, f := range list(c["custom_fields"]) {
			m := obj(f)
			id, ok := idOf(m["id"])
			if !ok || !choice[id] || m["value"] == nil {
				continue
			}
			val, vid := m["value"], m["value_id"]
			seen := fmt.Sprintf("a choice field set on a contact: value %s, value_id %s", skeleton(val, 1), skeleton(vid, 1))
			_, text := val.(string)
			switch {
			case text && vid != nil:
				return answer("text", seen)
			case !text && idsOnly(val) && vid == nil:
				return answer("id", seen)
			}
			return unrecognised("%s", seen)
		}
	}
	return notSettled("none of the %d contacts read has a choice field set", len(s.contactSingles))
}

// idsOnly: an id, or a list of ids.
func idsOnly(v any) bool {
	if l, isList := v.([]any); isList {
		for _, e := range l {
			if _, ok := idOf(e); !ok {
				return false
			}
		}
		return len(l) > 0
	}
	_, ok := idOf(v)
	return ok
}

// Type names of custom fields: the notes' (§2.7, §3.1) and those of field-type-names=other.
var (
	notesTypes = map[string][]string{
		"contact": {"text", "textarea", "number", "date", "choice", "multiple_choice"},
		"asset":   {"text", "textarea", "number", "date", "dropdown", "multi_option"},
	}
	otherTypes = map[string][]string{
		"contact": {"text", "multiline", "numeric", "datetime", "choice", "multichoice"},
		"asset":   {"text", "multiline", "numeric", "datetime", "dropdown", "multiple_choice"},
	}
	// certainTypes are the names every source agrees on: seeing only them tells nothing.
	certainTypes = []string{"text", "choice", "dropdown"}
)

func classifyFieldTypeNames(s *session) verdict {
	seen := map[string][]string{}
	add := func(kind string, fields []any) {
		for _, f := range fields {
			if t := typeName(obj(f)["type"]); !slices.Contains(seen[kind], t) {
				seen[kind] = append(seen[kind], t)
			}
		}
	}
	add("contact", s.userFields)
	for _, tf := range s.assetFieldLists {
		add("asset", tf.fields)
	}
	telling, notes, other := 0, true, true
	for kind, names := range seen {
		for _, n := range names {
			if !slices.Contains(certainTypes, n) {
				telling++
			}
			notes = notes && slices.Contains(notesTypes[kind], n)
			other = other && slices.Contains(otherTypes[kind], n)
		}
	}
	for _, kind := range []string{"contact", "asset"} {
		sort.Strings(seen[kind])
	}
	desc := fmt.Sprintf("contact field types: %s; asset field types: %s", strings.Join(seen["contact"], ", "), strings.Join(seen["asset"], ", "))
	switch {
	case len(seen) == 0:
		return notSettled("the account has no contact or asset custom field")
	case telling == 0:
		return notSettled("only text and choice fields: the other names cannot be told (%s)", desc)
	case notes:
		return answer("notes", desc)
	case other:
		return answer("other", desc)
	}
	return unrecognised("%s", desc)
}

func classifyGroupMembers(s *session) verdict {
	ex, v := s.exchange("contact-group")
	if v != nil {
		return *v
	}
	member := obj(list(obj(ex.JSON)["contacts"])[0])
	keys := sortedKeys(member)
	seen := "a member in GET contact_group/<id>/: " + keyList(keys)
	switch {
	case len(keys) == 1 && keys[0] == "id":
		return answer("id-only", seen)
	case slices.Contains(keys, "id") && slices.Contains(keys, "view_tickets_in_group"):
		return answer("id-email-access", seen)
	}
	return unrecognised("%s", seen)
}

func classifyAssetShape(s *session) verdict {
	var votes []string
	var seen []string
	if ex := s.byName["asset"]; ex != nil && ex.Status == http.StatusOK {
		_, has := obj(ex.JSON)["contact_groups"]
		seen = append(seen, fmt.Sprintf("an asset has contact_groups: %v", has))
		votes = append(votes, map[bool]string{true: "2026", false: "2025"}[has])
	}
	withSettings, visibility := 0, 0
	for _, t := range s.assetTypes {
		if set := obj(obj(t)["settings"]); set != nil {
			withSettings++
			if _, has := set["enable_asset_type_visibility_to_contact"]; has {
				visibility++
			}
		}
	}
	if withSettings > 0 {
		seen = append(seen, fmt.Sprintf("%d of %d asset types have enable_asset_type_visibility_to_contact", visibility, withSettings))
		switch visibility {
		case withSettings:
			votes = append(votes, "2026")
		case 0:
			votes = append(votes, "2025")
		default:
			votes = append(votes, "mixed")
		}
	}
	if len(votes) == 0 {
		return notSettled("the account has no asset and no asset type with settings")
	}
	if slices.Contains(votes, "mixed") || (len(votes) == 2 && votes[0] != votes[1]) {
		return unrecognised("%s", strings.Join(seen, "; "))
	}
	return answer(votes[0], strings.Join(seen, "; "))
}

func classifyAssetUnknownType(s *session) verdict {
	ex, v := s.exchange("assets-unknown-type")
	if v != nil {
		return *v
	}
	seen := "GET assets/?asset_type=<unknown>: " + describe(ex)
	switch ex.Status {
	case http.StatusBadRequest:
		return answer("refused", seen)
	case http.StatusOK:
		return answer("first-type", seen)
	}
	return unrecognised("%s", seen)
}

func classifyAssetFieldChoices(s *session) verdict {
	if s.choiceField == nil {
		return notSettled("no asset custom field has choices")
	}
	if len(list(s.choiceField["choices"])) > 0 {
		return answer("in-list", "a dropdown's choices in asset_custom_fields/: "+skeleton(s.choiceField["choices"], 2))
	}
	for _, name := range []string{"asset-field-singular", "asset-field-plural"} {
		if ex := s.byName[name]; ex != nil && ex.Status == http.StatusOK {
			if c := obj(ex.JSON)["choices"]; len(list(c)) > 0 {
				return answer("not-in-list", fmt.Sprintf("choices in the list: %s; in the single GET: %s",
					skeleton(s.choiceField["choices"], 1), skeleton(c, 2)))
			}
			return unrecognised("choices in the list: %s; in the single GET: %s", skeleton(s.choiceField["choices"], 1), skeleton(obj(ex.JSON)["choices"], 1))
		}
	}
	return notSettled("neither single path answered the field")
}

func classifyAssetFieldPath(s *session) verdict {
	one, v := s.exchange("asset-field-singular")
	if v != nil {
		return *v
	}
	many, v := s.exchange("asset-field-plural")
	if v != nil {
		return *v
	}
	seen := fmt.Sprintf("asset_custom_field/<id>/: %d, asset_custom_fields/<id>/: %d", one.Status, many.Status)
	ok := func(e *Exchange) bool { return e.Status == http.StatusOK && e.IsJSON }
	switch {
	case ok(one) && ok(many):
		return answer("both", seen)
	case !ok(one) && one.Status == http.StatusNotFound && ok(many):
		return answer("plural-only", seen)
	case ok(one) && many.Status == http.StatusNotFound:
		return answer("singular-only", seen)
	}
	return unrecognised("%s", seen)
}

func classifyTicketFieldSingle(s *session) verdict {
	ex, v := s.exchange("ticket-field")
	if v != nil {
		return *v
	}
	seen := "GET ticket_custom_field/<id>/: " + describe(ex)
	switch {
	case ex.Status == http.StatusOK && obj(ex.JSON)["id"] != nil:
		return answer("served", fmt.Sprintf("GET ticket_custom_field/<id>/: %d with the definition", ex.Status))
	case ex.Status == http.StatusNotFound:
		return answer("missing", seen)
	}
	return unrecognised("%s", seen)
}
