package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/tfvalue"
)

var (
	_ action.ActionWithConfigure      = &ticketTagsAction{}
	_ action.ActionWithModifyPlan     = &ticketTagsAction{}
	_ action.ActionWithValidateConfig = &ticketTagsAction{}
)

// NewTicketTagsAction is the constructor of the happyfox_ticket_tags action.
func NewTicketTagsAction() action.Action {
	return &ticketTagsAction{actionBase{typeSuffix: "_ticket_tags"}}
}

type ticketTagsAction struct{ actionBase }

type ticketTagsModel struct {
	TicketID types.Int64 `tfsdk:"ticket_id"`
	Add      types.Set   `tfsdk:"add"`
	Remove   types.Set   `tfsdk:"remove"`
}

func (a *ticketTagsAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Adds tags to a HappyFox ticket and removes others; the ticket's other tags are kept. Use it " +
			"to mark a change ticket as deployed when the apply lands. Terraform 1.14 or later.\n\n" +
			"The plan checks that the ticket exists. Repeating the change changes nothing, so a request whose answer was " +
			"lost is simply sent again; the tags HappyFox answers with are checked. The change is recorded as made by the " +
			"provider's `staff_id`, when one is set.",
		Attributes: map[string]schema.Attribute{
			"ticket_id": ticketIDAttribute(""),
			"add": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Tags to add. Tags are compared exactly (case matters) and cannot contain a comma. At " +
					"least one tag must be given in `add` or `remove`.",
			},
			"remove": schema.SetAttribute{
				ElementType:         types.StringType,
				Optional:            true,
				MarkdownDescription: "Tags to remove. A tag the ticket does not have is ignored. A tag cannot be both added and removed.",
			},
		},
	}
}

// ValidateConfig checks the tags without any request: each one sendable, none both added and removed, at least one.
func (a *ticketTagsAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m ticketTagsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	add, addKnown := knownStrings(m.Add)
	remove, removeKnown := knownStrings(m.Remove)
	for _, set := range []struct {
		attr string
		tags []string
	}{{"add", add}, {"remove", remove}} {
		for _, tag := range set.tags {
			if p := client.CheckTag(tag); p != "" {
				resp.Diagnostics.AddAttributeError(path.Root(set.attr), "Invalid tag", fmt.Sprintf("The tag %q %s.", tag, p))
			}
		}
	}
	for _, tag := range add {
		if slices.Contains(remove, tag) {
			resp.Diagnostics.AddAttributeError(path.Root("remove"), "Tag both added and removed",
				fmt.Sprintf("The tag %q is in both add and remove: say which one you mean.", tag))
		}
	}
	if addKnown && removeKnown && len(add)+len(remove) == 0 {
		resp.Diagnostics.AddAttributeError(path.Root("add"), "No tags to change", "Set at least one tag in add or remove.")
	}
}

// knownStrings returns the known elements of a set of strings; all is false when the set or an element is unknown.
func knownStrings(s types.Set) (out []string, all bool) {
	if s.IsUnknown() {
		return nil, false
	}
	all = true
	for _, e := range s.Elements() {
		v, isString := e.(types.String)
		if !isString || v.IsUnknown() {
			all = false
			continue
		}
		if !v.IsNull() {
			out = append(out, v.ValueString())
		}
	}
	return out, all
}

func (a *ticketTagsAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var m ticketTagsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || a.data == nil || m.TicketID.IsUnknown() {
		return
	}
	planTicket(ctx, a.data.Client, m.TicketID.ValueInt64(), path.Root("ticket_id"), &resp.Diagnostics)
}

func (a *ticketTagsAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m ticketTagsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if a.data == nil {
		resp.Diagnostics.AddError("Provider not configured", "The happyfox provider was not configured before the action ran. This is a bug in the provider; please report it.")
		return
	}
	in := client.TicketTagsInput{StaffID: a.data.StaffID, Add: tfvalue.StringSet(ctx, m.Add, &resp.Diagnostics), Remove: tfvalue.StringSet(ctx, m.Remove, &resp.Diagnostics)}
	if resp.Diagnostics.HasError() {
		return
	}
	number := m.TicketID.ValueInt64()
	t, err := a.data.Client.UpdateTicketTags(ctx, number, in)
	if err != nil {
		addInvokeError(&resp.Diagnostics, fmt.Sprintf("change the tags of ticket %d", number), err, fieldPaths{
			"add": path.Root("add"), "remove": path.Root("remove"),
		}, "Changing tags can be repeated safely: run the action again.")
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Tags of HappyFox %s", ticketLabel(t))
	if len(in.Add) > 0 {
		fmt.Fprintf(&b, ": added %s", strings.Join(in.Add, ", "))
	}
	if len(in.Remove) > 0 {
		fmt.Fprintf(&b, "; removed %s", strings.Join(in.Remove, ", "))
	}
	fmt.Fprintf(&b, "; now %s", strings.Join(t.Tags, ", "))
	resp.SendProgress(action.InvokeProgressEvent{Message: b.String()})
}
