data "happyfox_contact" "by_email" {
  email = "grace.hopper@example.com" # exact match, ignoring case
}

data "happyfox_contact" "by_id" {
  id = 42
}

output "grace_groups" {
  value = [for g in data.happyfox_contact.by_email.contact_groups : g.name]
}
