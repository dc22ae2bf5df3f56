package bench

const (
	whyContactEmailLookup = "`GET /user/<email>/` first: POST /users/ with an e-mail already in use silently edits that " +
		"contact (docs/dev/happyfox-api.md §2.4), so the provider refuses to create over an existing contact"
	whyContactCurrent = "the contact's current custom field values: HappyFox resets every custom field an update leaves " +
		"out (§2.4), so the values the configuration does not manage are read and sent back"
	whyContactReadBack    = "read back after the write and compared with the plan (addNotAppliedError)"
	whyContactEmailSearch = "the e-mail check's second step: what `GET /user/<email>/` answers for an unknown e-mail " +
		"is undocumented (§2.3), so a 404 is confirmed by a search (`users/?q=email:…`) before the e-mail is taken as free"
	whyContactFieldDefs = "the contact custom field definitions (memoized, once per provider process): on create the " +
		"plan checks that every required contact custom field is set, and Terraform plans again in the apply process"
	whyMemberCheck = "the group's members before adding: update_contacts on a contact that is already a member " +
		"silently changes its flag, so the provider refuses to take over an existing membership"
	whyMemberReadBack = "the group read back after update_contacts, to prove the member and its access flag were stored " +
		"(the per-item answer echoes the request)"
)

func contactCase() opCase {
	return opCase{
		resource: "happyfox_contact",
		title:    "a contact with a name and an e-mail (the update renames it)",
		create: `resource "happyfox_contact" "x" {
  name  = "Bench Contact"
  email = "bench.contact@example.com"
}
`,
		update: `resource "happyfox_contact" "x" {
  name  = "Bench Contact (renamed)"
  email = "bench.contact@example.com"
}
`,
		min: map[string]map[string]int{
			"create": {"POST /users/": 1}, "refresh": {"GET /user/{id}/": 1}, "update": {"POST /user/{id}/": 1},
			"import": {"GET /user/{id}/": 1}, "destroy": {},
		},
		why: map[string]map[string]string{
			"create": {"GET /user/{id}/": "1st: " + whyContactEmailLookup + "; 2nd: " + whyContactReadBack,
				"GET /users/": whyContactEmailSearch, "GET /user_custom_fields/": whyContactFieldDefs},
			"update": {"GET /user/{id}/": "1st: " + whyContactCurrent + "; 2nd: " + whyContactReadBack},
		},
	}
}

func membershipCase() opCase {
	return opCase{
		resource: "happyfox_contact_group_membership",
		title:    "one contact in one group (the update grants access_tickets)",
		create: `resource "happyfox_contact_group_membership" "x" {
  group_id   = 2
  contact_id = 1
}
`,
		update: `resource "happyfox_contact_group_membership" "x" {
  group_id       = 2
  contact_id     = 1
  access_tickets = true
}
`,
		min: map[string]map[string]int{
			"create":  {"POST /contact_group/{id}/update_contacts/": 1},
			"refresh": {"GET /contact_group/{id}/": 1},
			"update":  {"POST /contact_group/{id}/update_contacts/": 1},
			"import":  {"GET /contact_group/{id}/": 1},
			"destroy": {"POST /contact_group/{id}/delete_contacts/": 1},
		},
		why: map[string]map[string]string{
			"create": {"GET /contact_group/{id}/": "1st: " + whyMemberCheck + "; 2nd: " + whyMemberReadBack},
			"update": {"GET /contact_group/{id}/": whyMemberReadBack},
		},
	}
}
