package happyfoxsim

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Assumptions choose, for each question docs/dev/happyfox-api.md leaves open (marks M, L and ?, and the open
// questions of §7), which answer the simulator gives. The zero value is the notes' own reading, the simulator's
// default. Every field holds "" (the default) or the name of one plausible alternative; a switch is the pair
// "<question>=<alternative>", such as "not-found=html", with a stable name that cmd/happyfoxsim's -assume flag,
// docs/dev/assumptions.md, `make test-assumptions` and a probe of a real account all use. Questions lists them.
//
// Options.Assume sets them when the server starts, SetAssumptions at runtime. New panics on a value that is not
// an alternative of its question: a typo must not silently test the default.
type Assumptions struct {
	// Text and identity.
	TextCleaning          string // text-cleaning: keep, strip-all, collapse
	EmailCase             string // email-case: domain-lowercased, lowercased
	Uniqueness            string // uniqueness: case-sensitive
	IDs                   string // ids: strings
	ExtraFields           string // extra-fields: present
	EmptyText             string // empty-text: null, missing
	ContactOptionalFields string // contact-optional-fields: absent

	// Lists.
	PagePastEnd       string // page-past-end: 404, last-page
	PageSizeOver50    string // page-size-over-50: refused, honoured
	PageSizeUnder10   string // page-size-under-10: raised
	EmptyListPageInfo string // empty-list-page-info: one-page
	ListFields        string // list-fields: fewer
	SearchEmail       string // search-email: substring

	// Errors.
	NotFound        string // not-found: html, 400, json-detail
	Unauthorized    string // unauthorized: html, empty, json-detail, 403
	Forbidden       string // forbidden: 403-json, 403-html, 403-empty
	RateLimitedBody string // rate-limited-body: html, empty, json-detail
	ErrorWording    string // error-wording: other
	TrailingSlash   string // trailing-slash: required

	// Bulk creates and shape C.
	BulkFailure  string // bulk-failure: 400
	BulkErrorKey string // bulk-error-key: errors
	BulkOrder    string // bulk-order: reversed
	BulkEmail    string // bulk-email: absent

	// Rate limits.
	RetryAfter       string // retry-after: seconds, http-date
	RateLimitHeaders string // rate-limit-headers: present
	LockoutExtension string // lockout-extension: extended-by-requests
	KeyLimit         string // key-limit: lower
	PutDeleteBucket  string // put-delete-bucket: gets

	// Contacts.
	ExistingEmailCreate       string // existing-email-create: refused
	ContactUpdateCustomFields string // contact-update-custom-fields: kept
	ContactPhones             string // contact-phones: replaced
	ContactUpdatePhones       string // contact-update-phones: users-only
	ContactChoiceValue        string // contact-choice-value: id
	FieldTypeNames            string // field-type-names: other

	// Contact groups.
	GroupRename        string // group-rename: allowed, refused
	GroupEditOmitted   string // group-edit-omitted: cleared
	GroupMembers       string // group-members: id-only
	MemberAccessUpdate string // member-access-update: unchanged
	GroupCreateAnswer  string // group-create-answer: summary
	GroupEditAnswer    string // group-edit-answer: message

	// Assets.
	AssetShape            string // asset-shape: 2025
	AssetCreateAnswer     string // asset-create-answer: no-asset-type
	AssetUnknownType      string // asset-unknown-type: first-type
	AssetIDsInput         string // asset-ids-input: strings-only
	AssetContactIDs       string // asset-contact-ids: add
	AssetPutOmittedFields string // asset-put-omitted-fields: reset
	AssetPutName          string // asset-put-name: required
	AssetDeleteAnswer     string // asset-delete-answer: 204, empty
	AssetFieldChoices     string // asset-field-choices: not-in-list
	AssetFieldPath        string // asset-field-path: plural-only, singular-only

	// Ticket custom fields.
	TicketFieldSingle            string // ticket-field-single: missing
	TicketChoicesOrder           string // ticket-choices-order: by-id
	TicketChoicesEmpty           string // ticket-choices-empty: allowed
	TicketChoicesDependantFields string // ticket-choices-dependant-fields: required
}

// Question is one open question of the API notes: where the notes raise it, what the simulator answers by
// default, and the alternatives it can answer instead.
type Question struct {
	Name         string        // stable, e.g. "not-found"
	Section      string        // the notes' section, e.g. "§1"
	Mark         string        // the notes' confidence mark for the claim: M, L or ?
	Default      string        // the default's name, e.g. "json"
	Claim        string        // what the notes (and the default) say
	Alternatives []Alternative // what HappyFox might do instead
	field        func(*Assumptions) *string
}

// Alternative is one plausible answer to a Question other than the default.
type Alternative struct {
	Value string // e.g. "html"
	Means string // what the simulator then does
}

// Switch names the alternative: "<question>=<value>".
func (q Question) Switch(value string) string { return q.Name + "=" + value }

func alt(value, means string) Alternative { return Alternative{value, means} }

// Questions lists every open question the simulator can answer otherwise, in the order of the notes.
func Questions() []Question {
	return []Question{
		// §1 conventions and text.
		{"text-cleaning", "§1", "L", "strip", "Names, e-mails, display ids, phone numbers and tagged domains are stored without surrounding white space (Django form fields strip); other texts as sent",
			[]Alternative{
				alt("keep", "every text is stored exactly as sent"),
				alt("strip-all", "every text (descriptions, custom field texts, choice texts too) is stripped"),
				alt("collapse", "every text is stripped and runs of white space inside names, display ids and descriptions become one space"),
			}, func(a *Assumptions) *string { return &a.TextCleaning }},
		{"email-case", "§2.3", "?", "as-sent", "An e-mail is stored as sent",
			[]Alternative{
				alt("domain-lowercased", "the domain part is lower-cased (Django's normalize_email)"),
				alt("lowercased", "the whole e-mail is lower-cased"),
			}, func(a *Assumptions) *string { return &a.EmailCase }},
		{"uniqueness", "§2.8", "L", "case-insensitive", "E-mails and group names are unique regardless of case, and looked up regardless of case",
			[]Alternative{
				alt("case-sensitive", "e-mails and group names differing in case are different objects (GET user/<email>/, search and duplicate checks compare exactly)"),
			}, func(a *Assumptions) *string { return &a.Uniqueness }},
		{"ids", "§1", "M", "numbers", "Answers carry ids as JSON numbers",
			[]Alternative{
				alt("strings", "every id in an answer (id, *_id, contact, created_by, updated_by, id lists) is a JSON string"),
			}, func(a *Assumptions) *string { return &a.IDs }},
		{"extra-fields", "§2.8", "?", "none", "Answers carry the documented fields only",
			[]Alternative{
				alt("present", "every answered object with an id also carries unknown fields (a string, a number, an object and a list)"),
			}, func(a *Assumptions) *string { return &a.ExtraFields }},
		{"empty-text", "§2.8", "H/?", "empty-string", "An empty text is answered as \"\"",
			[]Alternative{
				alt("null", "every empty text in an answer is null"),
				alt("missing", "every empty text is left out of the answer"),
			}, func(a *Assumptions) *string { return &a.EmptyText }},
		{"contact-optional-fields", "§2.1", "M/L", "present", "Contacts carry is_login_enabled, phones carry is_primary, and phones and primary_phone are always there",
			[]Alternative{
				alt("absent", "contacts have no is_login_enabled, phones no is_primary, and a contact without phones has neither phones nor primary_phone"),
			}, func(a *Assumptions) *string { return &a.ContactOptionalFields }},

		// §1.1 lists.
		{"page-past-end", "§1.1", "?", "empty", "A page past the end answers 200 with empty data",
			[]Alternative{
				alt("404", "a page past the end answers 404"),
				alt("last-page", "a page past the end answers the last page again"),
			}, func(a *Assumptions) *string { return &a.PagePastEnd }},
		{"page-size-over-50", "§1.1", "?", "cut", "size above 50 is cut to 50",
			[]Alternative{
				alt("refused", "size above 50 answers 400 shape A on size"),
				alt("honoured", "size above 50 is honoured"),
			}, func(a *Assumptions) *string { return &a.PageSizeOver50 }},
		{"page-size-under-10", "§1.1", "?", "honoured", "size below 10 is honoured",
			[]Alternative{
				alt("raised", "size below 10 is raised to 10 (OLD's minimum)"),
			}, func(a *Assumptions) *string { return &a.PageSizeUnder10 }},
		{"empty-list-page-info", "§1.1", "?", "zeros", "An empty list's page_info has zero counts and page_count 0",
			[]Alternative{
				alt("one-page", "an empty list has page_count 1"),
			}, func(a *Assumptions) *string { return &a.EmptyListPageInfo }},
		{"list-fields", "§1.1", "?", "full", "List items carry the same fields as the single GET",
			[]Alternative{
				alt("fewer", "list items of users/ lack custom_fields, contact_groups and phones, those of assets/ lack custom_fields, contacts and contact_groups, and those of contact_groups/ lack description and tagged_domains"),
			}, func(a *Assumptions) *string { return &a.ListFields }},
		{"search-email", "§2.2", "L", "exact", "The search term email:<e-mail> matches that e-mail only",
			[]Alternative{
				alt("substring", "email:<text> matches every e-mail containing the text"),
			}, func(a *Assumptions) *string { return &a.SearchEmail }},

		// §1 and §7 errors.
		{"not-found", "§1", "?", "json", "An unknown id answers 404 with {\"error\": \"Not found\"}",
			[]Alternative{
				alt("html", "404 with Django's HTML page"),
				alt("400", "400 shape A on __all__ (\"<Model> matching query does not exist.\")"),
				alt("json-detail", "404 with {\"detail\": \"Not found.\"}"),
			}, func(a *Assumptions) *string { return &a.NotFound }},
		{"unauthorized", "§1", "M/?", "json", "Bad credentials answer 401 with WWW-Authenticate and a JSON error",
			[]Alternative{
				alt("html", "401 with an HTML page"),
				alt("empty", "401 with an empty body"),
				alt("json-detail", "401 with {\"detail\": \"…\"}"),
				alt("403", "403 without WWW-Authenticate, with {\"detail\": \"…\"}"),
			}, func(a *Assumptions) *string { return &a.Unauthorized }},
		{"forbidden", "§1", "?", "400", "An agent without the permission needed answers 400 shape B on the field naming the agent",
			[]Alternative{
				alt("403-json", "403 with {\"error\": \"…\"}"),
				alt("403-html", "403 with an HTML page"),
				alt("403-empty", "403 with an empty body"),
			}, func(a *Assumptions) *string { return &a.Forbidden }},
		{"rate-limited-body", "§1.3", "?", "json", "A 429 has a small JSON body",
			[]Alternative{
				alt("html", "429 with an HTML page"),
				alt("empty", "429 with an empty body"),
				alt("json-detail", "429 with {\"detail\": \"Request was throttled.\"}"),
			}, func(a *Assumptions) *string { return &a.RateLimitedBody }},
		{"error-wording", "§1.2", "L", "django", "Field errors use Django's default wording",
			[]Alternative{
				alt("other", "every field error and message is worded otherwise (no Django text, no final full stop)"),
			}, func(a *Assumptions) *string { return &a.ErrorWording }},
		{"trailing-slash", "§1", "?", "optional", "Paths without the trailing slash work too",
			[]Alternative{
				alt("required", "a path without its trailing slash answers 404"),
			}, func(a *Assumptions) *string { return &a.TrailingSlash }},

		// §1.2 shape C and §2.5 bulk creates.
		{"bulk-failure", "§1.2", "L", "200", "A bulk create or member change with failed items answers 200",
			[]Alternative{
				alt("400", "it answers 400, with the same per-item results"),
			}, func(a *Assumptions) *string { return &a.BulkFailure }},
		{"bulk-error-key", "§2.5", "L", "error", "A failed bulk item carries its shape A errors under error",
			[]Alternative{
				alt("errors", "under errors, as update_contacts does"),
			}, func(a *Assumptions) *string { return &a.BulkErrorKey }},
		{"bulk-order", "§2.5", "H/?", "payload", "Bulk results come in payload order",
			[]Alternative{
				alt("reversed", "bulk results come in reverse order"),
			}, func(a *Assumptions) *string { return &a.BulkOrder }},
		{"bulk-email", "§2.5", "H/?", "present", "Each bulk result carries the item's e-mail",
			[]Alternative{
				alt("absent", "bulk results carry no e-mail"),
			}, func(a *Assumptions) *string { return &a.BulkEmail }},

		// §1.3 rate limits.
		{"retry-after", "§1.3", "?", "absent", "A 429 has no Retry-After",
			[]Alternative{
				alt("seconds", "Retry-After in seconds"),
				alt("http-date", "Retry-After as an HTTP date"),
			}, func(a *Assumptions) *string { return &a.RetryAfter }},
		{"rate-limit-headers", "§1.3", "?", "absent", "No X-RateLimit-* headers",
			[]Alternative{
				alt("present", "every answer carries X-RateLimit-Limit, -Remaining and -Reset"),
			}, func(a *Assumptions) *string { return &a.RateLimitHeaders }},
		{"lockout-extension", "§1.3", "?", "fixed", "Requests during a lockout do not extend it",
			[]Alternative{
				alt("extended-by-requests", "every request during a lockout starts it again"),
			}, func(a *Assumptions) *string { return &a.LockoutExtension }},
		{"key-limit", "§1.3", "?", "documented", "The key gets the account's documented limits",
			[]Alternative{
				alt("lower", "the key is throttled to a quarter of the account's limits (KB476)"),
			}, func(a *Assumptions) *string { return &a.KeyLimit }},
		{"put-delete-bucket", "§1.3", "?", "writes", "PUT and DELETE count as writes",
			[]Alternative{
				alt("gets", "PUT and DELETE count against the GET limit"),
			}, func(a *Assumptions) *string { return &a.PutDeleteBucket }},

		// §2 contacts.
		{"existing-email-create", "§2.4", "M", "edits", "POST users/ with an existing contact's e-mail edits that contact",
			[]Alternative{
				alt("refused", "it answers 400 shape A on email"),
			}, func(a *Assumptions) *string { return &a.ExistingEmailCreate }},
		{"contact-update-custom-fields", "§2.4", "M", "reset", "POST user/<id>/ resets the custom fields it leaves out",
			[]Alternative{
				alt("kept", "it keeps them"),
			}, func(a *Assumptions) *string { return &a.ContactUpdateCustomFields }},
		{"contact-phones", "§2.4", "L", "added", "A phone without id is added; phones left out are kept",
			[]Alternative{
				alt("replaced", "the phones sent replace the contact's phones"),
			}, func(a *Assumptions) *string { return &a.ContactPhones }},
		{"contact-update-phones", "§2.6", "M", "both-paths", "POST user/<id>/ edits phones as POST users/ does",
			[]Alternative{
				alt("users-only", "POST user/<id>/ ignores phones"),
			}, func(a *Assumptions) *string { return &a.ContactUpdatePhones }},
		{"contact-choice-value", "§2.1", "L", "text", "A contact's choice field has value = the choice text and value_id = its id",
			[]Alternative{
				alt("id", "value holds the choice id (a list for multi-choice) and value_id is null"),
			}, func(a *Assumptions) *string { return &a.ContactChoiceValue }},
		{"field-type-names", "§2.7", "?", "notes", "Field types are named text, textarea, number, date, choice, multiple_choice (contacts) and dropdown, multi_option (assets)",
			[]Alternative{
				alt("other", "number is numeric, date datetime, multiple_choice multichoice, textarea multiline, multi_option multiple_choice"),
			}, func(a *Assumptions) *string { return &a.FieldTypeNames }},

		// §2.8 contact groups.
		{"group-rename", "§2.8", "?", "ignored", "POST contact_group/<id>/ ignores name",
			[]Alternative{
				alt("allowed", "it renames the group"),
				alt("refused", "it answers 400 shape A on name"),
			}, func(a *Assumptions) *string { return &a.GroupRename }},
		{"group-edit-omitted", "§2.8", "L", "kept", "A group edit keeps the fields it leaves out",
			[]Alternative{
				alt("cleared", "it clears description and tagged_domains when left out"),
			}, func(a *Assumptions) *string { return &a.GroupEditOmitted }},
		{"group-members", "§2.8", "M/L", "id-email-access", "A group's contacts[] carry id, email, name and view_tickets_in_group",
			[]Alternative{
				alt("id-only", "they carry id only"),
			}, func(a *Assumptions) *string { return &a.GroupMembers }},
		{"member-access-update", "§2.8", "M", "changed", "update_contacts changes an existing member's access_tickets",
			[]Alternative{
				alt("unchanged", "it leaves an existing member's flag as it is (and still answers success)"),
			}, func(a *Assumptions) *string { return &a.MemberAccessUpdate }},
		{"group-create-answer", "§2.8", "L/M", "detail", "POST contact_groups/ answers the group detail object",
			[]Alternative{
				alt("summary", "it answers the summary, without contacts"),
			}, func(a *Assumptions) *string { return &a.GroupCreateAnswer }},
		{"group-edit-answer", "§2.8", "L", "detail", "POST contact_group/<id>/ answers the group detail object",
			[]Alternative{
				alt("message", "it answers {\"message\": \"…\"}"),
			}, func(a *Assumptions) *string { return &a.GroupEditAnswer }},

		// §3 assets.
		{"asset-shape", "§3.1", "H", "2026", "Assets have contact_groups (the 2026 article)",
			[]Alternative{
				alt("2025", "the 2025 article: no contact_groups on assets, contact_group_ids ignored, no enable_asset_type_visibility_to_contact"),
			}, func(a *Assumptions) *string { return &a.AssetShape }},
		{"asset-create-answer", "§3.1", "L", "full", "The create answer carries asset_type",
			[]Alternative{
				alt("no-asset-type", "it lacks asset_type, as the article's example does"),
			}, func(a *Assumptions) *string { return &a.AssetCreateAnswer }},
		{"asset-unknown-type", "§3.2", "L", "refused", "An unknown asset_type answers 400 shape B",
			[]Alternative{
				alt("first-type", "an unknown asset_type on a list falls back to the first type, as a missing one does"),
			}, func(a *Assumptions) *string { return &a.AssetUnknownType }},
		{"asset-ids-input", "§3.3", "M", "numbers-or-strings", "contact_ids and contact_group_ids accept numbers and numeric strings",
			[]Alternative{
				alt("strings-only", "they accept strings only, as the article's example sends"),
			}, func(a *Assumptions) *string { return &a.AssetIDsInput }},
		{"asset-contact-ids", "§3.4", "L", "replace", "contact_ids and contact_group_ids on PUT replace the linked sets",
			[]Alternative{
				alt("add", "they add to the linked sets"),
			}, func(a *Assumptions) *string { return &a.AssetContactIDs }},
		{"asset-put-omitted-fields", "§3.4", "?", "kept", "PUT keeps the custom fields it leaves out",
			[]Alternative{
				alt("reset", "PUT clears every custom field it leaves out"),
			}, func(a *Assumptions) *string { return &a.AssetPutOmittedFields }},
		{"asset-put-name", "§3.4", "M", "optional", "PUT may leave out name and display_id",
			[]Alternative{
				alt("required", "PUT without name or display_id answers 400 shape B (the 2025 article)"),
			}, func(a *Assumptions) *string { return &a.AssetPutName }},
		{"asset-delete-answer", "§3.5", "?", "json", "DELETE answers 200 with a small JSON body",
			[]Alternative{
				alt("204", "204 without a body"),
				alt("empty", "200 with an empty body"),
			}, func(a *Assumptions) *string { return &a.AssetDeleteAnswer }},
		{"asset-field-choices", "§3.6", "?", "in-list", "The asset custom field list carries a dropdown's choices",
			[]Alternative{
				alt("not-in-list", "the list has choices null; only the single GET carries them"),
			}, func(a *Assumptions) *string { return &a.AssetFieldChoices }},
		{"asset-field-path", "§3.6", "M", "both", "GET asset_custom_field/<id>/ and asset_custom_fields/<id>/ both work",
			[]Alternative{
				alt("plural-only", "only the plural path exists (the 2025 article)"),
				alt("singular-only", "only the singular path exists (the 2026 article)"),
			}, func(a *Assumptions) *string { return &a.AssetFieldPath }},

		// §4 ticket custom fields.
		{"ticket-field-single", "§4.2", "M", "served", "GET ticket_custom_field/<id>/ answers one definition",
			[]Alternative{
				alt("missing", "it answers 404"),
			}, func(a *Assumptions) *string { return &a.TicketFieldSingle }},
		{"ticket-choices-order", "§4.3", "M", "payload", "The PUT answer lists choices in payload order",
			[]Alternative{
				alt("by-id", "choices are answered (and listed) sorted by id"),
			}, func(a *Assumptions) *string { return &a.TicketChoicesOrder }},
		{"ticket-choices-empty", "§4.3", "?", "refused", "An empty choice list answers 400",
			[]Alternative{
				alt("allowed", "it deletes every choice"),
			}, func(a *Assumptions) *string { return &a.TicketChoicesEmpty }},
		{"ticket-choices-dependant-fields", "§4.3", "?", "optional", "A choice may leave out dependant_fields",
			[]Alternative{
				alt("required", "a choice without dependant_fields answers 400"),
			}, func(a *Assumptions) *string { return &a.TicketChoicesDependantFields }},
	}
}

// Switches lists every switch name, "<question>=<alternative>", in the order of Questions.
func Switches() []string {
	var out []string
	for _, q := range Questions() {
		for _, a := range q.Alternatives {
			out = append(out, q.Switch(a.Value))
		}
	}
	return out
}

// Set turns on the switch "<question>=<alternative>" (or "<question>=<default>", which turns the question back
// to its default).
func (a *Assumptions) Set(sw string) error {
	name, value, found := strings.Cut(strings.TrimSpace(sw), "=")
	if !found {
		return fmt.Errorf("assumption %q: want <question>=<alternative>, such as not-found=html", sw)
	}
	for _, q := range Questions() {
		if q.Name != name {
			continue
		}
		if value == q.Default {
			*q.field(a) = ""
			return nil
		}
		for _, alt := range q.Alternatives {
			if alt.Value == value {
				*q.field(a) = value
				return nil
			}
		}
		var vals []string
		for _, alt := range q.Alternatives {
			vals = append(vals, alt.Value)
		}
		return fmt.Errorf("assumption %q: %s is %s (default) or one of %s", sw, name, q.Default, strings.Join(vals, ", "))
	}
	return fmt.Errorf("assumption %q: no such question (see happyfoxsim -list-assumptions)", sw)
}

// ParseAssumptions turns a list of switch names (each may itself be comma-separated) into Assumptions.
func ParseAssumptions(switches ...string) (Assumptions, error) {
	var a Assumptions
	for _, s := range switches {
		for _, one := range strings.Split(s, ",") {
			if strings.TrimSpace(one) == "" {
				continue
			}
			if err := a.Set(one); err != nil {
				return Assumptions{}, err
			}
		}
	}
	return a, nil
}

// On lists the switches a turns on, in the order of Questions.
func (a Assumptions) On() []string {
	var out []string
	for _, q := range Questions() {
		if v := *q.field(&a); v != "" {
			out = append(out, q.Switch(v))
		}
	}
	return out
}

// String is the comma-separated list of the switches on, or "defaults".
func (a Assumptions) String() string {
	if on := a.On(); len(on) > 0 {
		return strings.Join(on, ",")
	}
	return "defaults"
}

// validate reports a field whose value is not one of its question's alternatives.
func (a Assumptions) validate() error {
	for _, q := range Questions() {
		v := *q.field(&a)
		if v != "" && !slices.ContainsFunc(q.Alternatives, func(x Alternative) bool { return x.Value == v }) {
			return fmt.Errorf("happyfoxsim: assumption %s=%q is not one of its alternatives", q.Name, v)
		}
	}
	return nil
}

// assumptionsBox holds the assumptions in force; readers take a copy.
type assumptionsBox struct {
	mu sync.Mutex
	a  Assumptions
}

func (b *assumptionsBox) get() Assumptions {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.a
}

// SetAssumptions replaces the assumptions in force (thread-safe, at runtime). It panics on an invalid value.
func (s *Server) SetAssumptions(a Assumptions) {
	if err := a.validate(); err != nil {
		panic(err)
	}
	s.assumed.mu.Lock()
	defer s.assumed.mu.Unlock()
	s.assumed.a = a
}

// Assumptions returns the assumptions in force.
func (s *Server) Assumptions() Assumptions { return s.assumed.get() }

// assume returns the assumptions in force (for the handlers).
func (s *Server) assume() Assumptions { return s.assumed.get() }
