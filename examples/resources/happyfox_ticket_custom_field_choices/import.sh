# The options of a ticket custom field are imported by the field's numeric HappyFox id (see the
# happyfox_ticket_custom_field data source). The current list is adopted as it is.
terraform import happyfox_ticket_custom_field_choices.product 62
