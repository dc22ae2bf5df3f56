# Assets are listed per asset type (ids from the happyfox_asset_types data source).
list "happyfox_asset" "laptops" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
  config {
    asset_type_id = 2
    name_contains = "MacBook" # optional
  }
}
