data "happyfox_asset_type" "laptop" {
  name = "Laptop"
}

data "happyfox_asset_custom_fields" "laptop" {
  asset_type_id = data.happyfox_asset_type.laptop.id
}

locals {
  # Field ids by name, and the choice ids of the "OS" dropdown by text.
  laptop_field = { for f in data.happyfox_asset_custom_fields.laptop.custom_fields : f.name => f.id }
  os_choice = { for c in one([
    for f in data.happyfox_asset_custom_fields.laptop.custom_fields : f.choices if f.name == "OS"
  ]) : c.text => c.id }
}

resource "happyfox_contact_group" "engineering" {
  name = "Engineering"
}

resource "happyfox_asset" "ada_laptop" {
  asset_type_id     = data.happyfox_asset_type.laptop.id
  name              = "MacBook Pro 14 (Ada)"
  display_id        = "LAP-0042"
  contact_ids       = [27662]
  contact_group_ids = [happyfox_contact_group.engineering.id]

  custom_fields = {
    (tostring(local.laptop_field["Serial Number"])) = "C02XK0AAJGH5"
    (tostring(local.laptop_field["RAM GB"]))        = "32"
    (tostring(local.laptop_field["Purchased"]))     = "2024-03-01"
    (tostring(local.laptop_field["OS"]))            = tostring(local.os_choice["macOS"])
  }
}

# Custom field ids can also be written directly:
resource "happyfox_asset" "printer" {
  asset_type_id = 1
  name          = "Lobby Printer"
  display_id    = "PRN-002"
  # Written in HappyFox as made by this agent rather than the provider's staff_id.
  staff_id = 7
}
