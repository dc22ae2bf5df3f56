package provider

import (
	"fmt"
	"strings"
)

// Refusals HappyFox would make at apply, made by terraform plan instead, on the attribute concerned and with no
// write (tfvalidate/text.go, plan_checks.go, plan_claims.go), in the pattern of reliability_badinput_test.go. The
// cases that look something up (reads true) run against the simulator that may be read, never written.
func planRefusalsCatalogue() []badInput {
	group := func(attrs string) string { return "\nresource \"happyfox_contact_group\" \"x\" {\n" + attrs + "\n}\n" }
	contact := func(attrs string) string { return "\nresource \"happyfox_contact\" \"x\" {\n" + attrs + "\n}\n" }
	asset := func(attrs string) string {
		return "\nresource \"happyfox_asset\" \"x\" {\n  name       = \"Laptop\"\n  display_id = \"LAP-PLAN\"\n" + attrs + "\n}\n"
	}
	membership := func(groupID, contactID int) string {
		return fmt.Sprintf("\nresource \"happyfox_contact_group_membership\" \"x\" {\n  group_id   = %d\n  contact_id = %d\n}\n", groupID, contactID)
	}
	choices := func(list string) string {
		return fmt.Sprintf("\nresource \"happyfox_ticket_custom_field_choices\" \"x\" {\n  field_id = 61\n  choices  = %s\n}\n", list)
	}
	cleaned := func(attr, configured, stored string) string {
		return attr + ` is "` + configured + `". HappyFox would store "` + stored + `", and the next plan would show a change: write "` +
			stored + `" instead`
	}
	q := func(s string) string {
		return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `.`, `\.`, `(`, `\(`, `)`, `\)`, `+`, `\+`).Replace(s)
	}
	return []badInput{
		// ---- texts HappyFox would clean: no request at all ----
		{name: "contact group: name with a trailing space", path: "name", config: group(`name = "Platform team "`),
			want: cleaned("name", "Platform team ", "Platform team")},
		{name: "contact group: name with a run of spaces", path: "name", config: group(`name = "Platform  team"`),
			want: cleaned("name", "Platform  team", "Platform team")},
		{name: "contact group: name with a tab", path: "name", config: group(`name = "Platform\tteam"`),
			want: cleaned("name", `Platform\\tteam`, "Platform team")},
		{name: "contact group: description with a line break at the end", path: "description", config: group(`
  name        = "G"
  description = "Key accounts\n"`), want: cleaned("description", `Key accounts\\n`, "Key accounts") + ` \(no white space at either end\)`},
		{name: "contact group: tagged domain with a space", path: "tagged_domains[*]", config: group(`
  name           = "G"
  tagged_domains = ["example.com "]`), want: cleaned("An element of tagged_domains", "example.com ", "example.com")},
		{name: "contact group: tagged domain that is no domain", path: "tagged_domains[*]", config: group(`
  name           = "G"
  tagged_domains = ["under_score.example"]`), want: `"under_score.example" is not a domain`},
		{name: "contact group: tagged domain with an empty label", path: "tagged_domains[*]", config: group(`
  name           = "G"
  tagged_domains = ["bücher..example"]`), want: `"bücher..example" is not a domain`},
		{name: "contact: name with a run of spaces", path: "name", config: contact(`
  name  = "Jane  Doe"
  email = "jane@example.com"`), want: cleaned("name", "Jane  Doe", "Jane Doe")},
		{name: "contact: name on two lines", path: "name", config: contact(`
  name  = "Jane\nDoe"
  email = "jane@example.com"`), want: cleaned("name", `Jane\\nDoe`, "Jane Doe")},
		{name: "contact: e-mail with a leading space", path: "email", config: contact(`
  name  = "Jane"
  email = " jane@example.com"`), want: cleaned("email", " jane@example.com", "jane@example.com")},
		{name: "contact: phone type with a leading space", path: "phones[0].type", config: contact(`
  name   = "Jane"
  phones = [{ type = " mobile", number = "+1 555 0100" }]`), want: q(cleaned("phones[0].type", " mobile", "mobile"))},
		{name: "contact: phone number with a trailing space", path: "phones[0].number", config: contact(`
  name   = "Jane"
  phones = [{ number = "+1 555 0100 " }]`), want: q(cleaned("phones[0].number", "+1 555 0100 ", "+1 555 0100"))},
		{name: "contact: phone number with a run of spaces", path: "phones[0].number", config: contact(`
  name   = "Jane"
  phones = [{ number = "+1  555 0100" }]`), want: q(cleaned("phones[0].number", "+1  555 0100", "+1 555 0100"))},
		{name: "asset: display_id with a trailing space", path: "display_id", config: laptopWith(`display_id = "LAP-1 "`),
			want: cleaned("display_id", "LAP-1 ", "LAP-1")},
		{name: "asset: name with a run of spaces", path: "name", config: laptopWith(`name = "Big  Laptop"`),
			want: cleaned("name", "Big  Laptop", "Big Laptop")},
		{name: "choices: text with a run of spaces", path: "choices[0].text", config: choices(`[{ text = "Not  sure" }]`),
			want: q(cleaned("choices[0].text", "Not  sure", "Not sure"))},
		{name: "choices: text with a tab", path: "choices[1].text", config: choices(`[{ text = "Yes" }, { text = "No\t" }]`),
			want: q(cleaned("choices[1].text", `No\t`, "No"))},

		// ---- texts of custom fields: the field definitions are read ----
		{name: "contact: text field value with a trailing space", path: `custom_fields["4"]`, reads: true, config: contact(`
  name          = "Jane"
  email         = "jane.text@example.com"
  custom_fields = { "4" = "ACME-1 " }`), want: q(cleaned(`custom_fields["4"]`, "ACME-1 ", "ACME-1"))},
		{name: "asset: text field value with a run of spaces", path: `custom_fields["45"]`, reads: true,
			config: asset(`  asset_type_id = 2
  custom_fields = { "45" = "SN  1" }`), want: q(cleaned(`custom_fields["45"]`, "SN  1", "SN 1"))},
		{name: "asset: textarea value with white space around", path: `custom_fields["46"]`, reads: true,
			config: asset(`  asset_type_id = 2
  custom_fields = { "46" = " Two\n  lines " }`), want: q(cleaned(`custom_fields["46"]`, ` Two\n  lines `, `Two\n  lines`))},

		// ---- ids HappyFox does not have, agents it refuses: lists read once ----
		{name: "contact group: member that is not a contact", path: "contacts[*].contact_id", reads: true, config: group(`
  name     = "G"
  contacts = [{ contact_id = 1 }, { contact_id = 4242 }]`), want: `No such contact.*HappyFox has no contact 4242, so it would refuse it as a member of the group`},
		{name: "membership: group that does not exist", path: "group_id", reads: true, config: membership(999, 1),
			want: `Contact group not found.*HappyFox has no contact group 999`},
		{name: "membership: contact that does not exist", path: "contact_id", reads: true, config: membership(2, 4242),
			want: `No such contact.*HappyFox has no contact 4242`},
		{name: "membership: contact already a member", path: "contact_id", reads: true, config: membership(1, 2),
			want: `Contact is already a member.*Contact 2 is already a member of contact group 1 \("Existing Customers"\).*terraform import <address> 1/2`},
		{name: "asset: asset type that does not exist", path: "asset_type_id", reads: true, config: asset(`  asset_type_id = 77`),
			want: `Unknown asset type.*HappyFox has no asset type with id 77. Available: 1 \("General"\)`},
		{name: "asset: agent without the Manage Assets permission", path: "staff_id", reads: true,
			config: asset("  asset_type_id = 1\n  staff_id      = 4"),
			want:   `staff_id is 4, but agent 4 \("Dee Viewer"\) does not have the Manage Assets permission`},
		{name: "asset: inactive agent", path: "staff_id", reads: true, config: asset("  asset_type_id = 1\n  staff_id      = 3"),
			want: `staff_id is 3, but agent 3 \("Cy Former"\) is not active`},
		{name: "asset: agent that does not exist", path: "staff_id", reads: true, config: asset("  asset_type_id = 1\n  staff_id      = 99"),
			want: `staff_id is 99, but HappyFox has no agent with id 99`},
		{name: "asset: the provider's agent may not change assets", path: "staff_id", reads: true, ownProvider: true, config: `
provider "happyfox" {
  base_url  = "{{base}}"
  api_key   = "` + testAPIKey + `"
  auth_code = "` + testAuthCode + `"
  staff_id  = 4
}
` + asset("  asset_type_id = 1"), want: `The provider's staff_id .* is 4, but agent 4 \("Dee Viewer"\) does not have the Manage Assets`},
		{name: "asset: contact that does not exist", path: "contact_ids[*]", reads: true,
			config: asset("  asset_type_id = 1\n  contact_ids   = [1, 4242]"), want: `HappyFox has no contact 4242, so it would refuse it as a contact of the asset`},
		{name: "asset: contact group that does not exist", path: "contact_group_ids[*]", reads: true,
			config: asset("  asset_type_id     = 1\n  contact_group_ids = [4343]"),
			want:   `HappyFox has no contact group 4343, so it would refuse it as a contact group of the asset`},

		// ---- unique values: an e-mail HappyFox has, two resources wanting one value ----
		{name: "contact: e-mail of an existing contact in other case", path: "email", reads: true, config: contact(`
  name  = "Someone"
  email = "EXISTING@example.com"`), want: `Contact already exists.*HappyFox already has contact 1 \("Existing Person"\)`},
		{name: "contact: two new contacts whose e-mails differ only in case", path: "email", reads: true, config: `
resource "happyfox_contact" "a" {
  name  = "Jane"
  email = "jane.twice@example.com"
}
resource "happyfox_contact" "b" {
  name  = "Jane again"
  email = "Jane.Twice@Example.com"
}
`, want: `Two resources want the same e-mail.*a contact this plan creates, configured as "(jane.twice@example.com|Jane.Twice@Example.com)"\. ` +
			`HappyFox keeps each e-mail unique, ignoring case`},
		{name: "contact: e-mail changed to another contact's", path: "email", reads: true, config: `
import {
  to = happyfox_contact.x
  id = "2"
}
` + contact(`
  name  = "Second Person"
  email = "Existing@Example.com"`), want: `E-mail already in use.*HappyFox already has contact 1 \("Existing Person"\) with the e-mail ` +
			`"existing@example.com".*would refuse to give it to contact 2`},
		{name: "contact: e-mail moved to a new contact in the same apply", path: "email", reads: true, config: `
import {
  to = happyfox_contact.x
  id = "1"
}
` + contact(`
  name  = "Existing Person"
  email = "moved.away@example.com"`) + `
resource "happyfox_contact" "y" {
  name  = "Takes It Over"
  email = "existing@example.com"
}
`, want: `(moves between two resources in one apply|Contact already exists)`},
		{name: "contact group: two new groups whose names differ only in case", path: "name", reads: true, config: `
resource "happyfox_contact_group" "a" {
  name = "Platform Team"
}
resource "happyfox_contact_group" "b" {
  name = "platform team"
}
`, want: `Two resources want the same contact group name.*HappyFox keeps each contact group name unique, ignoring case`},
		{name: "membership: two resources for one membership", path: "contact_id", reads: true, config: `
resource "happyfox_contact_group_membership" "a" {
  group_id   = 2
  contact_id = 1
}
resource "happyfox_contact_group_membership" "b" {
  group_id   = 2
  contact_id = 1
}
`, want: `Two resources want the same membership.*membership 2/1`},
	}
}

// laptopWith is an asset of the Laptop type (2) with one attribute replaced.
func laptopWith(attr string) string {
	lines := map[string]string{"asset_type_id": "2", "name": `"Laptop"`, "display_id": `"LAP-BAD"`}
	key, value, _ := strings.Cut(attr, "=")
	lines[strings.TrimSpace(key)] = strings.TrimSpace(value)
	return fmt.Sprintf("\nresource \"happyfox_asset\" \"x\" {\n  asset_type_id = %s\n  name          = %s\n  display_id    = %s\n}\n",
		lines["asset_type_id"], lines["name"], lines["display_id"])
}
