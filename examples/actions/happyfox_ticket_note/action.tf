variable "change_ticket" {
  type = number
}

variable "release" {
  type = string
}

# A private note on the change ticket, written as the provider's staff_id.
action "happyfox_ticket_note" "applied" {
  config {
    ticket_id = var.change_ticket
    text      = "terraform apply of release ${var.release} finished."
  }
}

# A reply by a given agent that also moves the ticket to another status.
action "happyfox_ticket_note" "done" {
  config {
    ticket_id = var.change_ticket
    html      = "<p>Release <strong>${var.release}</strong> is live.</p>"
    private   = false
    staff_id  = 14
    status_id = 3
  }
}

# Post the note after every apply that changes the release, and only then. A help-desk outage does not fail the
# infrastructure apply: on_failure = continue turns the action's error into a warning.
resource "terraform_data" "release" {
  input = var.release

  lifecycle {
    action_trigger {
      events     = [after_create, after_update]
      actions    = [action.happyfox_ticket_note.applied]
      on_failure = continue
    }
  }
}

# Or run it on its own: terraform apply -invoke=action.happyfox_ticket_note.done
