# Adopts every contact group, the contacts at one e-mail domain and every asset of one type, with one for_each
# import block per kind (Terraform >= 1.7, OpenTofu >= 1.7). The first apply imports them and changes nothing.

data "happyfox_contact_groups" "all" {}

import {
  for_each = data.happyfox_contact_groups.all.groups
  to       = happyfox_contact_group.adopted[each.key]
  id       = each.key
}

resource "happyfox_contact_group" "adopted" {
  for_each       = data.happyfox_contact_groups.all.groups
  name           = each.value.name
  description    = each.value.description
  tagged_domains = each.value.tagged_domains
  # Members are not managed here: adopt them with happyfox_contact_group_membership, or set contacts.
}

data "happyfox_contacts" "example_com" {
  email_domain = "example.com" # or search = "name:adam", or neither for every contact
}

import {
  for_each = data.happyfox_contacts.example_com.contacts
  to       = happyfox_contact.adopted[each.key]
  id       = each.key
}

resource "happyfox_contact" "adopted" {
  for_each         = data.happyfox_contacts.example_com.contacts
  name             = each.value.name
  email            = each.value.email
  is_login_enabled = each.value.is_login_enabled
  phones           = each.value.phones
  custom_fields    = each.value.custom_fields
}

data "happyfox_asset_type" "laptop" {
  name = "Laptop"
}

data "happyfox_assets" "laptops" {
  asset_type_id = data.happyfox_asset_type.laptop.id
}

import {
  for_each = data.happyfox_assets.laptops.assets
  to       = happyfox_asset.laptop[each.key]
  id       = each.key
}

resource "happyfox_asset" "laptop" {
  for_each          = data.happyfox_assets.laptops.assets
  asset_type_id     = each.value.asset_type_id
  name              = each.value.name
  display_id        = each.value.display_id
  contact_ids       = each.value.contact_ids
  contact_group_ids = each.value.contact_group_ids
  custom_fields     = each.value.custom_fields
}
