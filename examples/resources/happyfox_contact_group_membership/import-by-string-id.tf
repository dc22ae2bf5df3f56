import {
  to = happyfox_contact_group_membership.grace
  id = "12/42" # <group_id>/<contact_id>
}
