package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// badInput is one invalid configuration of the catalogue below.
type badInput struct {
	name string
	// provider is the provider block's extra lines (on top of base_url, api_key, auth_code and staff_id = 1);
	// with ownProvider, config carries a complete provider block of its own ({{base}} stands for the simulator's
	// API URL).
	provider    string
	ownProvider bool
	config      string
	// want must match the error; a space matches any white space. It names the attribute, either in the
	// message or as the quoted source line Terraform prints for an attribute's error ("12:   name = ...").
	want string
	// path is the attribute the error must be attached to, as the diagnostic's path (diag_recorder_test.go spells
	// it: phones[0].number, custom_fields["48"], contacts[*].contact_id for a set element). Every case has one.
	path string
	// reads marks checks that need to read HappyFox (field definitions, the lists behind the plan-time lookups of
	// plan_checks.go): they may read, never write. All other cases are rejected before any request at all.
	reads bool
}

// badInputCatalogue lists invalid configurations across the provider block, every resource and the data
// sources. base is the simulator's API URL.
func badInputCatalogue(base string) []badInput {
	noStaffProvider := fmt.Sprintf(`
provider "happyfox" {
  base_url  = %q
  api_key   = %q
  auth_code = %q
}
`, base, testAPIKey, testAuthCode)
	laptop := func(extra string) string {
		return `
resource "happyfox_asset" "x" {
  asset_type_id = 2
  name          = "Laptop"
  display_id    = "LAP-BAD"
  ` + extra + `
}
`
	}
	group := func(attrs string) string { return "\nresource \"happyfox_contact_group\" \"x\" {\n" + attrs + "\n}\n" }
	choices := func(fieldID int, list string) string {
		return fmt.Sprintf("\nresource \"happyfox_ticket_custom_field_choices\" \"x\" {\n  field_id = %d\n  choices  = %s\n}\n", fieldID, list)
	}
	statuses := `data "happyfox_statuses" "all" {}`

	return []badInput{
		// ---- provider block ----
		{name: "provider: account is not a subdomain", path: "account", ownProvider: true, config: `
provider "happyfox" {
  account   = "Acme Corp"
  api_key   = "k"
  auth_code = "c"
}
` + statuses, want: `account.*must be the account's subdomain only`},
		{name: "provider: account and base_url both set", path: "account", provider: `account = "acme"`, config: statuses,
			want: `(?s)("base_url" cannot be specified when "account" is specified|"account" cannot be specified when "base_url" is specified)`},
		{name: "provider: plain http to a remote host", path: "base_url", ownProvider: true, config: `
provider "happyfox" {
  base_url  = "http://help.example.com/api/1.1/json/"
  api_key   = "k"
  auth_code = "c"
}
` + statuses, want: `base_url = "http://help.example.com/api/1.1/json/".*must use https`},
		{name: "provider: credentials in base_url", path: "base_url", ownProvider: true, config: `
provider "happyfox" {
  base_url  = "https://key:code@acme.happyfox.com/api/1.1/json/"
  api_key   = "k"
  auth_code = "c"
}
` + statuses, want: `base_url = .*must not contain credentials`},
		{name: "provider: staff_id zero", path: "staff_id", ownProvider: true, config: fmt.Sprintf(`
provider "happyfox" {
  base_url  = %q
  api_key   = "k"
  auth_code = "c"
  staff_id  = 0
}
`, base) + statuses, want: `Attribute staff_id value must be at least 1, got: 0`},
		{name: "provider: zero GET budget", path: "get_requests_per_minute", provider: `get_requests_per_minute = 0`, config: statuses,
			want: `Attribute get_requests_per_minute value must be at least 1, got: 0`},
		{name: "provider: too many retries", path: "max_retries", provider: `max_retries = 21`, config: statuses,
			want: `Attribute max_retries value must be between 0 and 20, got: 21`},
		{name: "provider: request_timeout not a duration", path: "request_timeout", provider: `request_timeout = "soon"`, config: statuses,
			want: `request_timeout = "soon".*"soon" is not a duration`},
		{name: "provider: negative rate_limit_max_wait", path: "rate_limit_max_wait", provider: `rate_limit_max_wait = "-5m"`, config: statuses,
			want: `rate_limit_max_wait = "-5m".*is negative`},
		{name: "provider: missing auth code", path: "auth_code", ownProvider: true, config: fmt.Sprintf(`
provider "happyfox" {
  base_url = %q
  api_key  = "k"
}
`, base) + statuses, want: `Missing HappyFox auth code.*auth_code`},

		// ---- happyfox_contact_group ----
		{name: "contact group: empty name", path: "name", config: group(`name = ""`),
			want: `Attribute name UTF-8 character count must be between 1 and 255, got: 0`},
		{name: "contact group: blank name", path: "name", config: group(`name = "   "`), want: `Blank text.*name is "   ", only white space`},
		{name: "contact group: name of 256 characters", path: "name", config: group(fmt.Sprintf("name = %q", strings.Repeat("n", 256))),
			want: `Attribute name UTF-8 character count must be between 1 and 255, got: 256`},
		{name: "contact group: domain with a comma", path: "tagged_domains[*]", config: group(`
  name           = "G"
  tagged_domains = ["a.com,b.com"]`), want: `tagged_domains = \["a.com,b.com"\].*"a.com,b.com" is not a domain`},
		{name: "contact group: member id zero", path: "contacts[*].contact_id", config: group(`
  name     = "G"
  contacts = [{ contact_id = 0 }]`), want: `contact_id value must be at least 1, got: 0`},
		{name: "contact group: member listed twice", path: "contacts[*].contact_id", config: group(`
  name     = "G"
  contacts = [{ contact_id = 1 }, { contact_id = 1, access_tickets = true }]`),
			want: `Contact listed twice.*Contact 1 appears more than once in contacts`},

		// ---- happyfox_contact_group_membership ----
		{name: "membership: group_id zero", path: "group_id", config: `
resource "happyfox_contact_group_membership" "x" {
  group_id   = 0
  contact_id = 1
}
`, want: `Attribute group_id value must be at least 1, got: 0`},
		{name: "membership: negative contact_id", path: "contact_id", config: `
resource "happyfox_contact_group_membership" "x" {
  group_id   = 1
  contact_id = -3
}
`, want: `Attribute contact_id value must be at least 1, got: -3`},

		// ---- happyfox_asset ----
		{name: "asset: asset_type_id zero", path: "asset_type_id", config: `
resource "happyfox_asset" "x" {
  asset_type_id = 0
  name          = "A"
  display_id    = "A-1"
}
`, want: `Attribute asset_type_id value must be at least 1, got: 0`},
		{name: "asset: name of 201 characters", path: "name", config: strings.Replace(laptop(""), `"Laptop"`, fmt.Sprintf("%q", strings.Repeat("é", 201)), 1),
			want: `name must be at most 200 characters long; it has 201`},
		{name: "asset: name with white space around", path: "name", config: strings.Replace(laptop(""), `"Laptop"`, `" Laptop "`, 1),
			want: `name is " Laptop ". HappyFox would store "Laptop", and the next plan would show a change`},
		{name: "asset: blank display_id", path: "display_id", config: strings.Replace(laptop(""), `"LAP-BAD"`, `"  "`, 1),
			want: `display_id must not be blank`},
		{name: "asset: contact id zero", path: "contact_ids[*]", config: laptop(`contact_ids = [0]`), want: `contact_ids.*value must be at least 1, got: 0`},
		{name: "asset: negative contact group id", path: "contact_group_ids[*]", config: laptop(`contact_group_ids = [-1]`),
			want: `contact_group_ids.*value must be at least 1, got: -1`},
		{name: "asset: custom field keyed by name", path: `custom_fields["serial"]`, config: laptop(`custom_fields = { "serial" = "x" }`),
			want: `custom_fields.*must be a custom field id such as "45"`},
		{name: "asset: staff_id zero", path: "staff_id", config: laptop(`staff_id = 0`), want: `Attribute staff_id value must be at least 1, got: 0`},
		{name: "asset: no acting agent anywhere", path: "staff_id", ownProvider: true, config: noStaffProvider + laptop(""),
			want: `Missing acting staff id.*staff_id.*HAPPYFOX_STAFF_ID`},
		{name: "asset: impossible date", path: `custom_fields["48"]`, config: laptop(`custom_fields = { "48" = "2024-02-30" }`), reads: true,
			want: `custom_fields\["48"\] = "2024-02-30" is not a valid date`},
		{name: "asset: number field given words", path: `custom_fields["47"]`, config: laptop(`custom_fields = { "47" = "sixteen" }`), reads: true,
			want: `custom_fields\["47"\] = "sixteen" is not a whole number`},
		{name: "asset: dropdown value not a choice id", path: `custom_fields["49"]`, config: laptop(`custom_fields = { "49" = "9" }`), reads: true,
			want: `custom_fields\["49"\] = "9" is not a choice of field 49`},
		{name: "asset: field of another asset type", path: `custom_fields["99"]`, config: laptop(`custom_fields = { "99" = "x" }`), reads: true,
			want: `custom_fields\["99"\]: asset type 2 has no custom field with id 99`},

		// ---- happyfox_ticket_custom_field_choices ----
		{name: "choices: empty list", path: "choices", config: choices(61, `[]`), want: `Attribute choices list must contain at least 1 elements, got: 0`},
		{name: "choices: same text twice", path: "choices[1].text", config: choices(61, `[{ text = "Yes" }, { text = "Yes" }]`), want: `Duplicate choice text.*choices\[1\] repeats the text "Yes" of choices\[0\]`},
		{name: "choices: empty text", path: "choices[0].text", config: choices(61, `[{ text = "" }]`), want: `Empty choice text.*choices\[0\] has an empty text`},
		{name: "choices: text with white space around", path: "choices[0].text", config: choices(61, `[{ text = " Yes" }]`), want: `choices\[0\]\.text is " Yes". HappyFox would store "Yes"`},
		{name: "choices: field_id zero", path: "field_id", config: choices(0, `[{ text = "Yes" }]`), want: `Attribute field_id value must be at least 1, got: 0`},
		{name: "choices: text field has no choices", path: "field_id", config: choices(63, `[{ text = "Yes" }]`), reads: true,
			want: `field_id = 63.*is not a dropdown or multiple-choice field`},
		{name: "choices: no such field", path: "field_id", config: choices(999, `[{ text = "Yes" }]`), reads: true,
			want: `field_id = 999.*No ticket custom field with id 999 exists`},

		// ---- data sources ----
		{name: "data happyfox_statuses: unknown behavior", path: "behavior", config: `data "happyfox_statuses" "x" { behavior = "done" }`,
			want: `Attribute behavior value must be one of`},
		{name: "data happyfox_status: id and name", path: "name", config: `
data "happyfox_status" "x" {
  id   = 1
  name = "New"
}
`, want: `Conflicting selectors.*id and name are both set`},
		{name: "data happyfox_category: no selector", path: "id", config: `data "happyfox_category" "x" {}`,
			want: `Missing selector.*exactly one of .id., .name.: set one of them`},
		{name: "data happyfox_staff: malformed permission", path: "permission", config: `data "happyfox_staff" "x" { permission = "Manage Assets" }`,
			want: `Attribute permission`},
		{name: "data happyfox_staff_member: malformed email", path: "email", config: `data "happyfox_staff_member" "x" { email = "ada at example" }`,
			want: `Attribute email must be an email address`},
		{name: "data happyfox_asset_type: id zero", path: "id", config: `data "happyfox_asset_type" "x" { id = 0 }`,
			want: `Attribute id value must be at least 1, got: 0`},
		{name: "data happyfox_asset_custom_fields: asset_type_id zero", path: "asset_type_id", config: `data "happyfox_asset_custom_fields" "x" { asset_type_id = 0 }`,
			want: `Attribute asset_type_id value must be at least 1, got: 0`},
		{name: "data happyfox_ticket_custom_field: empty name", path: "name", config: `data "happyfox_ticket_custom_field" "x" { name = "" }`,
			want: `Attribute name string length must be at least 1, got: 0`},
	}
}

// A catalogue of invalid configurations across the provider block, every resource and the data sources: each is
// rejected by terraform plan with an error that names the attribute, and none reaches HappyFox. Checks that need
// HappyFox's field definitions read them (GET) but never write; every other case makes no request at all.
func TestAccReliability_badInputRejectedAtPlanTime(t *testing.T) {
	skipUnlessAcc(t)
	clearHappyFoxEnv(t)
	quiet := newTestSim(t, happyfoxsim.Options{}) // must see no request at all
	meta := newTestSim(t, happyfoxsim.Options{})  // may be read, never written
	cases := append(append(badInputCatalogue(quiet.URL), contactBadInputs()...), planRefusalsCatalogue()...)
	if len(cases) < 30 {
		t.Fatalf("the catalogue has %d cases; it must keep at least 30", len(cases))
	}
	runBadInputs(t, quiet, meta, cases)
}

// runBadInputs plans each case against quiet (or meta, for cases that read HappyFox's definitions) and expects
// its error; afterwards quiet must have seen no request at all, and meta reads only.
func runBadInputs(t *testing.T, quiet, meta *testSim, cases []badInput) {
	t.Helper()
	for _, tc := range cases {
		sim := quiet
		if tc.reads {
			sim = meta
		}
		cfg := strings.ReplaceAll(tc.config, "{{base}}", sim.URL)
		if !tc.ownProvider {
			cfg = sim.providerBlock(tc.provider) + cfg
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.path == "" {
				t.Fatalf("the case names no attribute path: every refusal must be on an attribute")
			}
			log := &diagLog{}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: recordingFactories(log),
				Steps:                    []resource.TestStep{{Config: cfg, PlanOnly: true, ExpectError: expectErrorRegexp(`(?s)` + tc.want)}},
			})
			if len(log.errorsAt(tc.path)) == 0 {
				t.Errorf("no error was attached to %s; the provider returned: %v", tc.path, log.all())
			}
			if log.writes != 0 {
				t.Errorf("%d resource changes were applied", log.writes)
			}
		})
	}
	t.Cleanup(func() {
		if n := quiet.Counters().Total; n != 0 {
			t.Errorf("configurations rejected before any request made %d requests: %v", n, quiet.Counters().Routes)
		}
		if n := writes(meta); n != 0 {
			t.Errorf("configurations checked against HappyFox's definitions made %d writes: %v", n, meta.Counters().Routes)
		}
		if meta.Counters().Total == 0 {
			t.Errorf("no definition was read: the metadata cases prove nothing")
		}
	})
}

// contactBadInputs lists the invalid happyfox_contact configurations (and its data source's).
func contactBadInputs() []badInput {
	contact := func(attrs string) string { return "\nresource \"happyfox_contact\" \"x\" {\n" + attrs + "\n}\n" }
	return []badInput{
		{name: "contact: malformed e-mail", path: "email", config: contact(`
  name  = "Jane"
  email = "Jane Doe <jane@example.com>"`), want: `email = "Jane Doe <jane@example.com>".*is not an e-mail address`},
		{name: "contact: name with white space around", path: "name", config: contact(`
  name  = "Jane "
  email = "jane@example.com"`), want: `name is "Jane ". HappyFox would store "Jane"`},
		{name: "contact: neither e-mail nor phone", path: "email", config: contact(`name = "Jane"`), want: `E-mail or phone required.*set email, or list a phone in phones`},
		{name: "contact: unknown phone type", path: "phones[0].type", config: contact(`
  name   = "Jane"
  phones = [{ type = "fax", number = "+1 555 0100" }]`), want: `phones\[0\]\.type: "fax" is not a HappyFox phone type`},
		{name: "contact: phone number with letters", path: "phones[0].number", config: contact(`
  name   = "Jane"
  phones = [{ number = "call me" }]`), want: `phones\[0\]\.number: "call me" is not a phone number`},
		{name: "contact: the same phone twice", path: "phones[1].number", config: contact(`
  name = "Jane"
  phones = [
    { type = "mobile", number = "+1 (555) 010-0100" },
    { type = "mo", number = "+1 555 0100100" },
  ]`), want: `Phone listed twice(?s:.*)phones\[1\] \("\+1 555 0100100"\) is the same phone as phones\[0\]`},
		{name: "contact: two primary phones", path: "phones[1].is_primary", config: contact(`
  name = "Jane"
  phones = [
    { number = "+1 555 0100", is_primary = true },
    { number = "+1 555 0101", is_primary = true },
  ]`), want: `More than one primary phone.*phones\[0\], phones\[1\] all set is_primary = true`},
		{name: "contact: custom field keyed by name", path: `custom_fields["Region"]`, config: contact(`
  name          = "Jane"
  email         = "jane@example.com"
  custom_fields = { "Region" = "3" }`), want: `custom_fields.*must be a custom field id such as "4"`},
		{name: "contact: choice value not a choice id", path: `custom_fields["5"]`, reads: true, config: contact(`
  name          = "Jane"
  email         = "jane@example.com"
  custom_fields = { "5" = "Europe" }`), want: `custom_fields\["5"\] = "Europe" is not a choice id: field 5 \("Region", a choice field\)`},
		{name: "contact: field that does not exist", path: `custom_fields["99"]`, reads: true, config: contact(`
  name          = "Jane"
  email         = "jane@example.com"
  custom_fields = { "99" = "x" }`), want: `custom_fields\["99"\]: HappyFox has no contact custom field with id 99`},
		{name: "data happyfox_contact: malformed e-mail", path: "email", config: `data "happyfox_contact" "x" { email = "nobody" }`,
			want: `email = "nobody".*"nobody" is not an e-mail address`},
		{name: "data happyfox_contact_group: id and name", path: "name", config: `
data "happyfox_contact_group" "x" {
  id   = 1
  name = "VIP"
}
`, want: `Conflicting selectors.*id and name are both set`},
	}
}

// Refusals the plan-time lookups could not foresee (plan_checks.go: here the read answers say the agent may change
// assets and the ids exist, lying_lists_test.go) come back from HappyFox as field errors; each lands on the
// attribute it is about, which Terraform shows by quoting that attribute's source line. Each case proves the
// request did reach HappyFox and was refused there.
func TestAccReliability_serverFieldErrorsNameTheAttribute(t *testing.T) {
	sim := newLyingTestSim(t, happyfoxsim.Options{}, listLies{contacts: []int64{4242}, staffAllowed: []int64{4}, groups: []int64{4343}, assetTypes: []int64{77}})
	asset := func(attrs string) string {
		return "\nresource \"happyfox_asset\" \"x\" {\n  name       = \"Server says no\"\n  display_id = \"SSN-1\"\n" + attrs + "\n}\n"
	}
	for _, tc := range []struct {
		name, config, route, want string
	}{
		// A taken name is found by the plan-time check now (plan_checks.go), before any POST: no route to count.
		{"duplicate contact group name", `
resource "happyfox_contact_group" "x" {
  name = "VIP"
}
`, "", `name = "VIP".*A contact group named "VIP" already exists in HappyFox`},
		{"agent without the Manage Assets permission", asset("  asset_type_id = 1\n  staff_id = 4"), "POST /assets/",
			`staff_id\s+= 4.*Staff 4 does not have the Manage Assets permission`},
		{"asset linked to a contact that does not exist", asset("  asset_type_id = 1\n  contact_ids = [4242]"), "POST /assets/",
			`contact_ids = \[4242\].*4242 does not exist`},
		{"asset linked to a group that does not exist", asset("  asset_type_id = 1\n  contact_group_ids = [4343]"), "POST /assets/",
			`contact_group_ids = \[4343\].*4343 does not exist`},
		{"asset type that does not exist", asset("  asset_type_id = 77"), "POST /assets/", `asset_type_id = 77.*not one of the available choices`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := sim.Counters()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: sim.providerBlock("") + tc.config, ExpectError: expectErrorRegexp(`(?s)` + tc.want)}},
			})
			after := sim.Counters()
			if tc.route == "" {
				if writes(sim) != 0 {
					t.Fatalf("a write was sent although the plan-time check should have stopped it: %v", after.Routes)
				}
				return
			}
			if after.Routes[tc.route] == before.Routes[tc.route] || after.Statuses[400] == before.Statuses[400] {
				t.Fatalf("HappyFox never refused %s: the error did not come from the server", tc.route)
			}
		})
	}
}
