# By exact name: it is an error when no field or several fields have this name.
data "happyfox_ticket_custom_field" "product" {
  name = "Product"
}

# Or by id.
data "happyfox_ticket_custom_field" "regions" {
  id = 64
}

output "product_choices" {
  value = { for c in data.happyfox_ticket_custom_field.product.choices : c.text => c.id }
}
