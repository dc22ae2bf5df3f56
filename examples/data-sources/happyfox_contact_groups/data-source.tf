# Every contact group, keyed by id (see the adoption guide for a for_each import block over it).
data "happyfox_contact_groups" "all" {}

data "happyfox_contact_groups" "customers" {
  name_contains = "customer"
}

output "group_ids_by_name" {
  value = { for id, g in data.happyfox_contact_groups.all.groups : g.name => g.id }
}
