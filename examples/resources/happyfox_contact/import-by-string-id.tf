import {
  to = happyfox_contact.grace
  id = "grace.hopper@example.com" # or the numeric id, e.g. "42"
}
