import {
  to       = happyfox_contact_group.enterprise
  identity = { id = 12 }
}
