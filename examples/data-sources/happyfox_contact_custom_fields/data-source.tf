data "happyfox_contact_custom_fields" "all" {}

locals {
  # Field ids by name, to use as keys of happyfox_contact.custom_fields.
  contact_field_ids = { for f in data.happyfox_contact_custom_fields.all.fields : f.name => f.id }

  # Choice ids by field name and choice text, for choice and multiple-choice fields.
  contact_field_choices = {
    for f in data.happyfox_contact_custom_fields.all.fields : f.name => { for c in f.choices : c.text => c.id }
  }
}

output "region_emea_choice_id" {
  value = local.contact_field_choices["Region"]["EMEA"]
}
