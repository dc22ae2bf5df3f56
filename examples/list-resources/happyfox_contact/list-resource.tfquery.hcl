# The contacts at one e-mail domain (leave config out for every contact; see the slices below).
list "happyfox_contact" "example_com" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
  config {
    email_domain = "example.com"
  }
}

# HappyFox's own search: every term must match.
list "happyfox_contact" "adams" {
  provider = happyfox
  limit    = 10000
  config {
    search = "name:adam"
  }
}

# The members of one contact group.
list "happyfox_contact" "vip" {
  provider = happyfox
  limit    = 10000
  config {
    contact_group_id = 12
  }
}
