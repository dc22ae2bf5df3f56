# Look a status up by its exact name (case and spaces count)...
data "happyfox_status" "on_hold" {
  name = "On hold"
}

# ...or by id. Set exactly one of id and name.
data "happyfox_status" "closed" {
  id = 3
}

output "on_hold_status_id" {
  value = data.happyfox_status.on_hold.id
}
