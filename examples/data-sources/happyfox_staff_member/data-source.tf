# Look an agent up by email (case-insensitive)...
data "happyfox_staff_member" "ada" {
  email = "ada@example.com"
}

# ...by exact name, or by id. Set exactly one of id, name and email.
data "happyfox_staff_member" "ben" {
  name = "Ben Agent"
}

output "ada_staff_id" {
  value = data.happyfox_staff_member.ada.id
}

output "ada_can_manage_assets" {
  value = data.happyfox_staff_member.ada.active && contains(data.happyfox_staff_member.ada.permissions, "manage_assets")
}
