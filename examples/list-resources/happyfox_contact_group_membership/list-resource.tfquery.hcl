# Members are listed per group: one block per group.
list "happyfox_contact_group_membership" "vip" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
  config {
    group_id = 12
  }
}
