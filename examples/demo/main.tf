# The configuration `make demo` applies against the HappyFox simulator. The provider reads its settings from
# HAPPYFOX_BASE_URL, HAPPYFOX_API_KEY, HAPPYFOX_AUTH_CODE and HAPPYFOX_STAFF_ID, which the demo script sets.
terraform {
  required_providers {
    happyfox = {
      source = "happyfox-iac/happyfox"
    }
  }
}

provider "happyfox" {}

data "happyfox_statuses" "all" {}

resource "happyfox_contact_group" "enterprise" {
  name           = "Enterprise Customers"
  description    = "Customers on the enterprise plan"
  tagged_domains = ["bigcorp.example", "megacorp.example"]
}

output "enterprise_group_id" {
  value = happyfox_contact_group.enterprise.id
}

output "status_ids_by_name" {
  value = { for s in data.happyfox_statuses.all.statuses : s.name => s.id }
}
