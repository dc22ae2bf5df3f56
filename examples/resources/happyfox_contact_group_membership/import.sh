# A membership is imported as <group_id>/<contact_id>.
terraform import happyfox_contact_group_membership.grace 12/42
