# Look a category up by its exact name (case and spaces count)...
data "happyfox_category" "support" {
  name = "Support"
}

# ...or by id. Set exactly one of id and name.
data "happyfox_category" "billing" {
  id = 4
}

output "support_category_id" {
  value = data.happyfox_category.support.id
}
