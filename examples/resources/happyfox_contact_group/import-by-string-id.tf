import {
  to = happyfox_contact_group.enterprise
  id = "12"
}
