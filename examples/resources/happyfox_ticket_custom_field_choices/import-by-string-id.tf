import {
  to = happyfox_ticket_custom_field_choices.product
  id = "62"
}
