# The change ticket of this pull request, by its number (7 for #CH00000007).
variable "change_ticket" {
  type = number
}

data "happyfox_ticket" "change" {
  id = var.change_ticket

  # No plan, and so no apply, before the change is approved in HappyFox.
  lifecycle {
    postcondition {
      condition     = self.status_name == "Approved"
      error_message = "Change ticket ${self.display_id} is ${self.status_name}, not Approved."
    }
  }
}

output "change_ticket_tags" {
  value = data.happyfox_ticket.change.tags
}
