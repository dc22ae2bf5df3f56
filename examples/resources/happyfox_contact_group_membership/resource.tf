# One membership at a time, for a group whose members are not managed by happyfox_contact_group.contacts
# (for example a group owned by another team).
data "happyfox_contact_group" "partners" {
  name = "Partners"
}

data "happyfox_contact" "grace" {
  email = "grace.hopper@example.com"
}

resource "happyfox_contact_group_membership" "grace" {
  group_id       = data.happyfox_contact_group.partners.id
  contact_id     = data.happyfox_contact.grace.id
  access_tickets = true
}
