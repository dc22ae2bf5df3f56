package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

var (
	_ action.ActionWithConfigure  = &ticketNoteAction{}
	_ action.ActionWithModifyPlan = &ticketNoteAction{}
)

// NewTicketNoteAction is the constructor of the happyfox_ticket_note action.
func NewTicketNoteAction() action.Action {
	return &ticketNoteAction{actionBase{typeSuffix: "_ticket_note"}}
}

type ticketNoteAction struct{ actionBase }

type ticketNoteModel struct {
	TicketID   types.Int64  `tfsdk:"ticket_id"`
	Text       types.String `tfsdk:"text"`
	HTML       types.String `tfsdk:"html"`
	Private    types.Bool   `tfsdk:"private"`
	StatusID   types.Int64  `tfsdk:"status_id"`
	PriorityID types.Int64  `tfsdk:"priority_id"`
	StaffID    types.Int64  `tfsdk:"staff_id"`
}

func (a *ticketNoteAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds a note to a HappyFox ticket: a private note (the default) or, with `private = false`, a " +
			"reply. Trigger it from a resource's `lifecycle { action_trigger { ... } }` to record each change a pipeline " +
			"applies on its change ticket, or run it with `terraform apply -invoke`. Terraform 1.14 or later.\n\n" +
			"The plan checks, without writing anything, that the ticket, status, priority and agent exist. A note is never " +
			"posted twice: when HappyFox's answer is lost, the provider reads the ticket and looks for the note before " +
			"anything is sent again.",
		Attributes: map[string]schema.Attribute{
			"ticket_id": ticketIDAttribute(", for instance the `id` of a `happyfox_ticket` data source"),
			"text": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The note as plain text. Exactly one of `text` and `html` must be set.",
				Validators:          noteBodyValidators(true),
			},
			"html": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The note as HTML. Exactly one of `text` and `html` must be set.",
				Validators:          noteBodyValidators(false),
			},
			"private": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "`true` (the default) adds a private note, which only agents see. `false` adds a reply " +
					"instead; HappyFox does not e-mail it to the contact (its `update_customer` flag keeps its default, false).",
			},
			"status_id": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Changes the ticket's status with the note (an id from `happyfox_status` or `happyfox_statuses`).",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"priority_id": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Changes the ticket's priority with the note (a priority id, as in `happyfox_ticket`'s `priority_id`).",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"staff_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Id of the active agent the note is written as. Defaults to the provider's `staff_id` " +
					"(environment variable `HAPPYFOX_STAFF_ID`).",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
		},
	}
}

// noteBodyValidators are the rules of text and html, in the note and in the ticket create: exactly one of the two
// (checked once, on text), and not blank.
func noteBodyValidators(onText bool) []validator.String {
	v := []validator.String{stringvalidator.RegexMatches(notBlank, "must not be empty")}
	if onText {
		v = append(v, stringvalidator.ExactlyOneOf(path.MatchRoot("text"), path.MatchRoot("html")))
	}
	return v
}

func (a *ticketNoteAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m ticketNoteModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.data == nil {
		return
	}
	c := a.data.Client
	if staff, known := ticketStaff(m.StaffID, a.data, &resp.Diagnostics); known && staff > 0 {
		planStaff(ctx, c, staff, path.Root("staff_id"), &resp.Diagnostics)
	}
	if !m.StatusID.IsNull() && !m.StatusID.IsUnknown() {
		planStatus(ctx, c, m.StatusID.ValueInt64(), path.Root("status_id"), &resp.Diagnostics)
	}
	if !m.PriorityID.IsNull() && !m.PriorityID.IsUnknown() {
		planPriority(ctx, c, m.PriorityID.ValueInt64(), path.Root("priority_id"), &resp.Diagnostics)
	}
	if m.TicketID.IsUnknown() {
		return
	}
	// Time spent "depends on category settings" (§8.5).
	if t := planTicket(ctx, c, m.TicketID.ValueInt64(), path.Root("ticket_id"), &resp.Diagnostics); t != nil && t.CategoryTimeSpentMandatory {
		resp.Diagnostics.AddAttributeWarning(path.Root("ticket_id"), "HappyFox may refuse the note",
			fmt.Sprintf("The category of %s (%q) makes time spent mandatory, and a note from this action records none, "+
				"so HappyFox may refuse it.", ticketLabel(t), t.CategoryName))
	}
}

func (a *ticketNoteAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m ticketNoteModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The happyfox provider was not configured before the action ran. This is a bug in the provider; please report it.")
		return
	}
	staff, _ := ticketStaff(m.StaffID, a.data, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	in := client.TicketNoteInput{StaffID: staff, Text: m.Text.ValueString(), HTML: m.HTML.ValueString(),
		Private: m.Private.IsNull() || m.Private.ValueBool(), StatusID: m.StatusID.ValueInt64(), PriorityID: m.PriorityID.ValueInt64()}
	kind := "private note"
	if !in.Private {
		kind = "reply"
	}
	number := m.TicketID.ValueInt64()
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("Adding a %s to HappyFox ticket %d as agent %d", kind, number, staff)})
	note, err := a.data.Client.AddTicketNote(ctx, number, in)
	if err != nil {
		addInvokeError(&resp.Diagnostics, fmt.Sprintf("add the %s to ticket %d", kind, number), err, fieldPaths{
			"staff": path.Root("staff_id"), "plaintext": path.Root("text"), "text": path.Root("text"), "html": path.Root("html"),
			"status": path.Root("status_id"), "priority": path.Root("priority_id"),
		}, fmt.Sprintf("The %s was not sent again, so that it is not posted twice. Look at ticket %d in HappyFox: if the %s "+
			"is not there, run the action again (terraform apply -invoke=action.happyfox_ticket_note.<name>).", kind, number, kind))
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Added a %s to HappyFox %s", kind, ticketLabel(note.Ticket))
	if note.Update != nil && note.Update.ID > 0 {
		fmt.Fprintf(&b, " (update %d)", note.Update.ID)
	}
	if note.Settled {
		b.WriteString("; HappyFox's answer was lost, and the note was found on the ticket, so it was not sent again")
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: b.String()})
	if note.Update == nil {
		resp.Diagnostics.AddWarning("Note accepted but not shown on the ticket", fmt.Sprintf("HappyFox accepted the %s on %s, "+
			"but the ticket's updates do not show it. This run will not settle a lost answer of another note by looking for "+
			"it; check the ticket in HappyFox.", kind, ticketLabel(note.Ticket)))
	}
}
