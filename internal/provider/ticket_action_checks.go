package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

// What the ticket actions (happyfox_ticket_note, happyfox_ticket_tags, happyfox_ticket_create) share: the plan-time
// checks, which only read, and the errors of an invoke. A plan must predict its apply, so a ticket, status,
// priority, agent or category that does not exist is an error on its attribute. But when HappyFox cannot be
// reached at plan time (a 5xx, a lockout, a lost connection), the check is a warning: an outage of the help desk
// must not fail the plan of an infrastructure change whose trigger says on_failure = continue.

// actionBase is what every ticket action shares: the provider data, Metadata and Configure. Each embeds it and names
// its type.
type actionBase struct {
	typeSuffix string // what follows the provider's type name, e.g. "_ticket_note"
	data       *providerData
}

func (a *actionBase) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + a.typeSuffix
}

func (a *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// ticketIDAttribute is the ticket_id argument of the actions that change a ticket; more adds to its description.
func ticketIDAttribute(more string) schema.Int64Attribute {
	return schema.Int64Attribute{
		Required:            true,
		MarkdownDescription: "Number of the ticket (its `id`: `3` for `#DC00000003`)" + more + ".",
		Validators:          []validator.Int64{int64validator.AtLeast(1)},
	}
}

// notBlank refuses empty and all-white-space text.
var notBlank = regexp.MustCompile(`\S`)

// planUnreachable reports an error that says nothing about the configuration: HappyFox did not answer, failed
// (5xx) or locked the account out (429). Refusals (4xx) and rejected credentials are not.
func planUnreachable(err error) bool {
	var ae *client.APIError
	if errors.As(err, &ae) {
		return ae.StatusCode >= 500
	}
	return true
}

// addPlanCheckError reports a failed plan-time read: a warning when HappyFox was unreachable, an error otherwise.
func addPlanCheckError(diags *diag.Diagnostics, attr path.Path, what string, err error) {
	if planUnreachable(err) {
		diags.AddAttributeWarning(attr, "Could not check "+what,
			err.Error()+"\n\nHappyFox did not answer the plan-time check, so the plan goes on. If HappyFox is still "+
				"unreachable at apply time, the action fails (or, with on_failure = continue, warns).")
		return
	}
	addAPIError(diags, "check "+what, err, nil)
}

// planTicket reads the ticket once; a missing ticket is an error on attr.
func planTicket(ctx context.Context, c *client.Client, number int64, attr path.Path, diags *diag.Diagnostics) *client.Ticket {
	t, err := c.GetTicket(ctx, number)
	switch {
	case err == nil:
		return t
	case client.IsNotFound(err):
		diags.AddAttributeError(attr, "No such HappyFox ticket", fmt.Sprintf("HappyFox has no ticket number %d. %s takes "+
			"the ticket number (the id of the ticket: 3 for #DC00000003), not its display id; the happyfox_ticket data "+
			"source reads a ticket by that number.", number, attr))
	default:
		addPlanCheckError(diags, attr, fmt.Sprintf("ticket %d", number), err)
	}
	return nil
}

// planReference checks that id names one of the listed objects (statuses, priorities, agents, categories).
func planReference[T any](ctx context.Context, list func(context.Context) ([]T, error), id int64, idOf func(T) int64,
	label func(T) string, what string, attr path.Path, diags *diag.Diagnostics) (T, bool) {
	var zero T
	items, err := list(ctx)
	if err != nil {
		addPlanCheckError(diags, attr, "the "+what, err)
		return zero, false
	}
	found, err := selectByID(items, id, idOf, label, what)
	if err != nil {
		msg := strings.Replace(err.Error(), ". Check the id, or select by name", ". Check the id", 1)
		diags.AddAttributeError(attr, "No such HappyFox "+what, strings.ToUpper(msg[:1])+msg[1:]+".")
		return zero, false
	}
	return found, true
}

func planStatus(ctx context.Context, c *client.Client, id int64, attr path.Path, diags *diag.Diagnostics) {
	planReference(ctx, c.ListStatuses, id, func(s client.Status) int64 { return s.ID },
		func(s client.Status) string { return fmt.Sprintf("%q (id %d)", s.Name, s.ID) }, "status", attr, diags)
}

func planPriority(ctx context.Context, c *client.Client, id int64, attr path.Path, diags *diag.Diagnostics) {
	planReference(ctx, c.ListPriorities, id, func(p client.Priority) int64 { return p.ID },
		func(p client.Priority) string { return fmt.Sprintf("%q (id %d)", p.Name, p.ID) }, "priority", attr, diags)
}

// planStaff checks that the agent exists and is active.
func planStaff(ctx context.Context, c *client.Client, id int64, attr path.Path, diags *diag.Diagnostics) {
	sf, ok := planReference(ctx, c.ListStaff, id, func(s client.Staff) int64 { return s.ID },
		func(s client.Staff) string { return fmt.Sprintf("%q (id %d)", s.Name, s.ID) }, "agent", attr, diags)
	if ok && !sf.Active {
		diags.AddAttributeError(attr, "Inactive HappyFox agent", fmt.Sprintf("Agent %d (%q) is not active, so HappyFox will "+
			"refuse a note written in their name. Use the id of an active agent (the happyfox_staff data source lists them).", sf.ID, sf.Name))
	}
}

// ticketStaff resolves the agent a note is written as: the action's staff_id, else the provider's. known is
// false while the action's staff_id is unknown.
func ticketStaff(staff types.Int64, data *providerData, diags *diag.Diagnostics) (id int64, known bool) {
	id, known = actingStaffID(staff, data)
	if known && id == 0 {
		diags.AddAttributeError(path.Root("staff_id"), "Missing agent",
			"HappyFox records every note and reply as written by an agent, and neither this action's staff_id nor the "+
				"provider's staff_id (environment variable HAPPYFOX_STAFF_ID) is set. Set one of them to the numeric id of an "+
				"active agent (the happyfox_staff_member data source looks one up by e-mail).")
	}
	return id, known
}

// planTicketFields checks custom field values for a ticket of a category (§8.2): each key a ticket field of that
// category, each value right for its type, and every field HappyFox requires for the category given.
func planTicketFields(ctx context.Context, c *client.Client, categoryID int64, values map[string]types.String, attr path.Path, diags *diag.Diagnostics) {
	defs, err := c.ListTicketCustomFields(ctx)
	if err != nil {
		addPlanCheckError(diags, attr, "the ticket custom fields", err)
		return
	}
	inCategory := map[int64]client.TicketCustomField{}
	for _, f := range defs {
		for _, fc := range f.Categories {
			if fc.CategoryID == categoryID {
				inCategory[f.ID] = f
			}
		}
	}
	given := map[int64]bool{}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		v := values[k]
		id, _ := strconv.ParseInt(k, 10, 64)
		f, ok := inCategory[id]
		if !ok {
			diags.AddAttributeError(attr.AtMapKey(k), "Not a ticket field of the category", fmt.Sprintf("Ticket custom "+
				"field %s is not a field of category %d, so HappyFox would refuse it. The happyfox_ticket_custom_fields data "+
				"source lists the fields and the categories they belong to.", k, categoryID))
			continue
		}
		if v.IsUnknown() || v.IsNull() {
			given[id] = !v.IsNull()
			continue
		}
		def := customfield.Def{ID: f.ID, Name: f.Name, Type: f.Type, Required: f.Required, Choices: fieldChoices(f.Choices)}
		if p := customfield.Ticket.Problem(def, v.ValueString()); p != "" {
			diags.AddAttributeError(attr.AtMapKey(k), "Invalid ticket custom field value", fmt.Sprintf("custom_fields[%q] = %q %s.", k, v.ValueString(), p))
			continue
		}
		given[id] = !customfield.Blank(v.ValueString())
	}
	ids := make([]int64, 0, len(inCategory))
	for id := range inCategory {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if f := inCategory[id]; f.Required && !given[id] {
			diags.AddAttributeError(attr, "Missing required ticket custom field", fmt.Sprintf("Ticket custom field %d (%q) is "+
				"required in category %d, so HappyFox would refuse the ticket without it: set custom_fields[%q].", f.ID, f.Name, categoryID, strconv.FormatInt(id, 10)))
		}
	}
}

// addInvokeError reports a failed write of an action. An unknown outcome says what may have happened and what to
// check; field errors go to their attributes.
func addInvokeError(diags *diag.Diagnostics, action string, err error, fields fieldPaths, unknownAdvice string) {
	if client.IsAmbiguous(err) || client.IsStillRunning(err) {
		diags.AddError("Could not "+action+": outcome unknown", err.Error()+"\n\n"+unknownAdvice)
		return
	}
	addAPIError(diags, action, err, fields)
}

// ticketLabel names a ticket in messages: its display id and number.
func ticketLabel(t *client.Ticket) string {
	if t.DisplayID == "" {
		return fmt.Sprintf("ticket %d", t.ID)
	}
	return fmt.Sprintf("ticket %s (number %d)", t.DisplayID, t.ID)
}
