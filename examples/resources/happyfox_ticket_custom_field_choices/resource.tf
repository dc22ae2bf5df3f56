data "happyfox_ticket_custom_field" "product" {
  name = "Product"
}

# The complete, ordered list of options of the "Product" dropdown. Options that exist with the same text keep
# their ids; options not listed here are deleted from the field.
resource "happyfox_ticket_custom_field_choices" "product" {
  field_id = data.happyfox_ticket_custom_field.product.id
  choices = [
    { text = "Widget" },
    { text = "Gadget" },
    { text = "Gizmo" },
  ]
}

# Choice ids by text, e.g. for ticket automation.
output "product_choice_ids" {
  value = { for c in happyfox_ticket_custom_field_choices.product.choices : c.text => c.id }
}
