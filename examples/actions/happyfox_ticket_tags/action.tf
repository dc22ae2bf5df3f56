variable "change_ticket" {
  type = number
}

# Mark the change ticket as deployed; its other tags stay.
action "happyfox_ticket_tags" "deployed" {
  config {
    ticket_id = var.change_ticket
    add       = ["deployed", "terraform"]
    remove    = ["pending-deploy"]
  }
}

resource "terraform_data" "release" {
  input = var.change_ticket

  lifecycle {
    action_trigger {
      events     = [after_create, after_update]
      actions    = [action.happyfox_ticket_tags.deployed]
      on_failure = continue
    }
  }
}
