import {
  to       = happyfox_contact.grace
  identity = { id = 42 }
}
