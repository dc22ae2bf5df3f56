data "happyfox_asset_type" "laptop" {
  name = "Laptop"
}

data "happyfox_asset_type" "by_id" {
  id = 2
}

output "laptop_asset_type_id" {
  value = data.happyfox_asset_type.laptop.id
}
