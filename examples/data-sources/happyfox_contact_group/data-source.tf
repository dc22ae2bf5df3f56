data "happyfox_contact_group" "vip" {
  name = "VIP" # exact, case-sensitive; fails if no group or several groups have this name
}

output "vip_member_ids" {
  value = [for m in data.happyfox_contact_group.vip.contacts : m.contact_id]
}
