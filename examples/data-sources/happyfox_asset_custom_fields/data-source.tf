data "happyfox_asset_type" "laptop" {
  name = "Laptop"
}

data "happyfox_asset_custom_fields" "laptop" {
  asset_type_id = data.happyfox_asset_type.laptop.id
}

output "laptop_field_ids" {
  # e.g. { "Serial Number" = 45, "OS" = 49 }
  value = { for f in data.happyfox_asset_custom_fields.laptop.custom_fields : f.name => f.id }
}

output "os_choice_ids" {
  # e.g. { "macOS" = 1, "Windows" = 2 }
  value = { for f in data.happyfox_asset_custom_fields.laptop.custom_fields :
    f.name => { for c in f.choices : c.text => c.id } if length(f.choices) > 0
  }
}
