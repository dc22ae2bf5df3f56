# Every asset of one asset type, keyed by id (see the adoption guide for a for_each import block over it).
data "happyfox_asset_type" "laptop" {
  name = "Laptop"
}

data "happyfox_assets" "laptops" {
  asset_type_id = data.happyfox_asset_type.laptop.id
}

output "laptop_tags" {
  value = [for a in data.happyfox_assets.laptops.assets : a.display_id]
}
