# Contacts found by HappyFox's search, keyed by id (see the adoption guide for a for_each import block over it).
data "happyfox_contacts" "adams" {
  search = "name:adam"
}

# Every contact at one e-mail domain.
data "happyfox_contacts" "example_com" {
  email_domain = "example.com"
}

output "example_com_emails" {
  value = [for c in data.happyfox_contacts.example_com.contacts : c.email]
}
