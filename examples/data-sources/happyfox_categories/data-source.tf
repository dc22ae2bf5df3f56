data "happyfox_categories" "all" {}

# Only the categories customers can see on the support center.
data "happyfox_categories" "public" {
  public_only = true
}

locals {
  category_ids        = { for c in data.happyfox_categories.all.categories : c.name => c.id }
  public_category_ids = data.happyfox_categories.public.categories[*].id
}

output "support_category_id" {
  value = local.category_ids["Support"]
}
