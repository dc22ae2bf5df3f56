# A change ticket per pull request: the pipeline passes the ticket's number and the commit it applies, e.g.
#   terraform apply -var change_ticket=42 -var commit=$GITHUB_SHA
variable "change_ticket" {
  type        = number
  description = "Number of the HappyFox change ticket of this pull request (42 for #CH00000042)."
}

variable "commit" {
  type        = string
  description = "The commit being applied."
}

# 1. No plan before the change is approved: a failed postcondition of a data source fails the whole plan.
data "happyfox_ticket" "change" {
  id = var.change_ticket

  lifecycle {
    postcondition {
      condition     = self.status_name == "Approved"
      error_message = "Change ticket ${self.display_id} is ${self.status_name}; it must be Approved before this change is applied."
    }
  }
}

# 2. A private note on the change ticket when the apply lands...
action "happyfox_ticket_note" "applied" {
  config {
    ticket_id = data.happyfox_ticket.change.id
    text      = "Commit ${var.commit} was applied by the pipeline."
  }
}

# 3. ...and tags that say so.
action "happyfox_ticket_tags" "deployed" {
  config {
    ticket_id = data.happyfox_ticket.change.id
    add       = ["deployed"]
    remove    = ["pending-deploy"]
  }
}

# One change record per commit applied: the resource changes with the commit, so the actions run once per apply
# that applies a new commit, and not at all for an apply that changes nothing.
resource "terraform_data" "change_record" {
  input = var.commit

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.happyfox_ticket_note.applied, action.happyfox_ticket_tags.deployed]
      # A help-desk outage must not fail an infrastructure apply (Terraform 1.16+).
      on_failure = continue
    }
  }
}
