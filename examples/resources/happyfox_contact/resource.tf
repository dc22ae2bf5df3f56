data "happyfox_contact_custom_fields" "all" {}

locals {
  # Field ids by name, and the choice ids of the "Region" choice field by text.
  contact_field = { for f in data.happyfox_contact_custom_fields.all.fields : f.name => f.id }
  region_choice = {
    for c in one([for f in data.happyfox_contact_custom_fields.all.fields : f.choices if f.name == "Region"]) : c.text => c.id
  }
}

resource "happyfox_contact" "grace" {
  name             = "Grace Hopper"
  email            = "grace.hopper@example.com"
  is_login_enabled = true

  phones = [
    { type = "mobile", number = "+1 (555) 010-0100", is_primary = true },
    { type = "work", number = "+1 555 010 0200" },
  ]

  custom_fields = {
    (local.contact_field["Account Number"]) = "ACME-0042"
    (local.contact_field["Region"])         = local.region_choice["EMEA"]
    (local.contact_field["Seats"])          = "25"
    (local.contact_field["Renewal"])        = "2026-06-30"
  }
}
