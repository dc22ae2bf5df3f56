# The configuration `make demo` applies against the HappyFox simulator. The provider reads its settings from
# HAPPYFOX_BASE_URL, HAPPYFOX_API_KEY, HAPPYFOX_AUTH_CODE and HAPPYFOX_STAFF_ID, which the demo script sets.
terraform {
  required_providers {
    happyfox = {
      source = "happyfox-iac/happyfox"
    }
  }
}

provider "happyfox" {}

# Look things up by name instead of hard-coding ids.
data "happyfox_statuses" "all" {}

data "happyfox_staff_member" "admin" {
  email = "ada@example.com"
}

data "happyfox_asset_type" "laptop" {
  name = "Laptop"
}

data "happyfox_asset_custom_fields" "laptop" {
  asset_type_id = data.happyfox_asset_type.laptop.id
}

data "happyfox_ticket_custom_field" "product" {
  name = "Product"
}

locals {
  laptop_field = { for f in data.happyfox_asset_custom_fields.laptop.custom_fields : f.name => f.id }
}

# Contacts and a contact group whose members this configuration owns (contacts is authoritative).
resource "happyfox_contact" "grace" {
  name  = "Grace Hopper"
  email = "Grace.Hopper@bigcorp.example" # compared case-insensitively
  phones = [
    { type = "mobile", number = "+1 555 010 0100", is_primary = true },
  ]
}

resource "happyfox_contact" "alan" {
  name  = "Alan Turing"
  email = "alan.turing@bigcorp.example"
}

resource "happyfox_contact_group" "enterprise" {
  name           = "Enterprise Customers"
  description    = "Customers on the enterprise plan"
  tagged_domains = ["bigcorp.example", "megacorp.example"]
  contacts = [
    { contact_id = happyfox_contact.grace.id, access_tickets = true },
    { contact_id = happyfox_contact.alan.id },
  ]
}

# An asset, made as the admin agent found above.
resource "happyfox_asset" "grace_laptop" {
  asset_type_id     = data.happyfox_asset_type.laptop.id
  name              = "MacBook Pro 14 (Grace)"
  display_id        = "LAP-0001"
  staff_id          = data.happyfox_staff_member.admin.id
  contact_ids       = [happyfox_contact.grace.id]
  contact_group_ids = [happyfox_contact_group.enterprise.id]
  custom_fields = {
    (tostring(local.laptop_field["Serial Number"])) = "C02XK0AAJGH5"
    (tostring(local.laptop_field["Purchased"]))     = "2024-03-01"
  }
}

# Adopt an object that already exists in HappyFox: the simulator starts with a contact group "VIP" (id 2),
# created by hand before Terraform. The import block brings it under management on the first apply; nothing is
# created or changed in HappyFox. On a real account, use the id of your own group.
import {
  to = happyfox_contact_group.vip
  id = "2"
}

resource "happyfox_contact_group" "vip" {
  name = "VIP"
  # No contacts attribute: the members of this group are not owned by this configuration, so memberships can be
  # added one at a time (below) without removing anybody else.
}

# One membership, non-authoritative: Alan joins the VIP group and may see its tickets.
resource "happyfox_contact_group_membership" "alan_vip" {
  group_id       = happyfox_contact_group.vip.id
  contact_id     = happyfox_contact.alan.id
  access_tickets = true
}

# The options of the "Product" ticket dropdown, kept in sync with the product catalogue. The list is the
# complete set: the three options the account already has are kept (matched by text, keeping their ids) and
# "Sprocket" is added. An option left out would be deleted, and the plan would warn about it first.
resource "happyfox_ticket_custom_field_choices" "product" {
  field_id = data.happyfox_ticket_custom_field.product.id
  choices = [
    { text = "Widget" },
    { text = "Gadget" },
    { text = "Gizmo" },
    { text = "Sprocket" },
  ]
}

output "enterprise_group_id" {
  value = happyfox_contact_group.enterprise.id
}

output "vip_group_id" {
  value = happyfox_contact_group.vip.id
}

output "alan_vip_membership" {
  value = happyfox_contact_group_membership.alan_vip.id
}

output "asset_id" {
  value = happyfox_asset.grace_laptop.id
}

output "product_choice_ids" {
  value = { for c in happyfox_ticket_custom_field_choices.product.choices : c.text => c.id }
}

output "status_ids_by_name" {
  value = { for s in data.happyfox_statuses.all.statuses : s.name => s.id }
}
