# Every contact group whose name contains "Customers" (leave config out for every group).
list "happyfox_contact_group" "customers" {
  provider         = happyfox
  include_resource = true
  limit            = 10000
  config {
    name_contains = "Customers"
  }
}
