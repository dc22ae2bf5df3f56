import {
  to       = happyfox_ticket_custom_field_choices.product
  identity = { field_id = 62 }
}
