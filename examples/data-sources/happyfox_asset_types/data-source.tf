data "happyfox_asset_types" "all" {}

locals {
  asset_type_ids = { for t in data.happyfox_asset_types.all.asset_types : t.name => t.id }
}

output "laptop_asset_type_id" {
  value = local.asset_type_ids["Laptop"]
}
