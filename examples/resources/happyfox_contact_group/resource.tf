resource "happyfox_contact_group" "enterprise" {
  name           = "Enterprise Customers"
  description    = "Customers on the enterprise plan"
  tagged_domains = ["bigcorp.example", "megacorp.example"]
}
