data "happyfox_statuses" "all" {}

# Only the statuses that close a ticket ("pending" for the open ones).
data "happyfox_statuses" "closing" {
  behavior = "completed"
}

locals {
  status_ids     = { for s in data.happyfox_statuses.all.statuses : s.name => s.id }
  closing_ids    = data.happyfox_statuses.closing.statuses[*].id
  default_status = one([for s in data.happyfox_statuses.all.statuses : s.name if s.default])
}

output "on_hold_status_id" {
  value = local.status_ids["On hold"]
}
