data "happyfox_staff" "all" {}

# Active agents that may create, update and delete assets.
data "happyfox_staff" "asset_managers" {
  active_only = true
  permission  = "manage_assets"
}

locals {
  agent_ids_by_email = { for s in data.happyfox_staff.all.staff : lower(s.email) => s.id }
  admin_ids          = [for s in data.happyfox_staff.all.staff : s.id if s.is_account_admin]
}

output "asset_manager_emails" {
  value = data.happyfox_staff.asset_managers.staff[*].email
}
