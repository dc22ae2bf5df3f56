data "happyfox_statuses" "all" {}

locals {
  status_ids = { for s in data.happyfox_statuses.all.statuses : s.name => s.id }
  open_ids   = [for s in data.happyfox_statuses.all.statuses : s.id if s.behavior == "pending"]
}

output "on_hold_status_id" {
  value = local.status_ids["On hold"]
}
