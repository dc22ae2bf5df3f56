# The choices of every dropdown and multiple choice ticket field, with one request.
list "happyfox_ticket_custom_field_choices" "all" {
  provider         = happyfox
  include_resource = true
}
