data "happyfox_ticket_custom_fields" "all" {}

locals {
  # Field ids by name, and the choice ids of every field with choices.
  ticket_field_ids = { for f in data.happyfox_ticket_custom_fields.all.fields : f.name => f.id }
  ticket_field_choice_ids = {
    for f in data.happyfox_ticket_custom_fields.all.fields : f.name => { for c in f.choices : c.text => c.id }
    if length(f.choices) > 0
  }
}

output "product_field_id" {
  value = local.ticket_field_ids["Product"]
}
