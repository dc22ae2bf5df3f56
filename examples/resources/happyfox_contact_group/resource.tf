data "happyfox_contact" "grace" {
  email = "grace.hopper@example.com"
}

resource "happyfox_contact_group" "enterprise" {
  name           = "Enterprise Customers"
  description    = "Customers on the enterprise plan"
  tagged_domains = ["bigcorp.example", "megacorp.example"]

  # Authoritative: members not listed here are removed from the group.
  contacts = [
    { contact_id = data.happyfox_contact.grace.id, access_tickets = true },
    { contact_id = 1234 },
  ]

  # HappyFox cannot delete a group; on destroy, leave it empty instead of untouched.
  remove_members_on_destroy = true
}
