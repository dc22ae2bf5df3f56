import {
  to       = happyfox_contact_group_membership.grace
  identity = { group_id = 12, contact_id = 42 }
}
