variable "release" {
  type = string
}

data "happyfox_category" "service_desk" {
  name = "Service Desk"
}

# Open a ticket for the service desk whenever the release changes. The new ticket's number and display id appear in
# the action's progress messages.
action "happyfox_ticket_create" "service_desk" {
  config {
    subject     = "Production changed: release ${var.release}"
    text        = "The pipeline applied release ${var.release}. Please watch the dashboards for an hour."
    category_id = data.happyfox_category.service_desk.id
    priority_id = 2
    name        = "Release Pipeline"
    email       = "pipeline@example.com"

    # Keyed by ticket custom field id: a choice field takes its choice id.
    custom_fields = {
      "62" = "5"
    }
    tags = ["change", "terraform"]
  }
}

resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events     = [after_update]
      actions    = [action.happyfox_ticket_create.service_desk]
      on_failure = continue
    }
  }
}
