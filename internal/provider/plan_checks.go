package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// A plan must predict its apply: in a pipeline, the pull request's plan is green only if the merge's apply can
// succeed. So a plan that creates contacts or groups checks, once per provider instance, that HappyFox accepts
// the credentials (a configuration that only creates reads nothing otherwise), and reports an e-mail or a group
// name that is already taken as an error on the attribute, as the apply would.
//
// The lookups are shared by every resource of the plan: e-mails go through the client's e-mail check, which
// looks the first few up one by one (GET user/<email>/) and then answers from the contact list pages (GET
// users/, 50 a page) once they are cheaper; the groups are listed once. So a plan of 200 new contacts costs the
// pages of the contact list plus a few GETs, not 200.

type planChecks struct {
	credOnce sync.Once
	credErr  error

	mu        sync.Mutex
	groups    map[string]client.ContactGroup
	groupsErr error
	// seen holds the ids of objects refreshed or planned with a prior state in this run. When such an object is
	// replaced (tainted, or -replace), Terraform plans its create without the prior state, and that create adopts
	// it (forgottenObjects), so its e-mail or name is not reported as taken. In the apply, the destroy that
	// forgets it runs before the create is planned again, so forgottenObjects tells the same.
	seen map[string]bool
}

func (p *planChecks) markSeen(kind string, id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[fmt.Sprintf("%s/%d", kind, id)] = true
}

func (p *planChecks) wasSeen(kind string, id int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[fmt.Sprintf("%s/%d", kind, id)]
}

// checkCredentials makes one cheap request (the status list, memoized by the client) the first time a plan
// creates something, and reports rejected credentials.
func (p *planChecks) checkCredentials(ctx context.Context, c *client.Client, diags *diag.Diagnostics) bool {
	p.credOnce.Do(func() { _, p.credErr = c.ListStatuses(ctx) })
	if p.credErr != nil && client.IsUnauthorized(p.credErr) {
		diags.AddError("HappyFox rejected the credentials",
			p.credErr.Error()+"\n\nThis plan creates objects, so the credentials were checked now rather than at apply time. "+
				"Check api_key and auth_code (or HAPPYFOX_API_KEY and HAPPYFOX_AUTH_CODE) and the account.")
		return false
	}
	return true
}

// groupByName returns the group with this name (client.TextKey: group names are unique whatever their case), or nil.
func (p *planChecks) groupByName(ctx context.Context, c *client.Client, name string) (*client.ContactGroup, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groups == nil && p.groupsErr == nil {
		all, err := c.ListContactGroups(ctx)
		if err != nil {
			return nil, err // not cached: a later plan call may succeed
		}
		p.groups = make(map[string]client.ContactGroup, len(all))
		for _, g := range all {
			p.groups[client.TextKey(g.Name)] = g
		}
	}
	if g, ok := p.groups[client.TextKey(name)]; ok {
		return &g, nil
	}
	return nil, nil
}

// planContactCreate runs the plan-time checks of a new contact.
func (p *planChecks) planContactCreate(ctx context.Context, c *client.Client, forgotten *forgottenObjects, plan contactModel, diags *diag.Diagnostics) {
	if !p.checkCredentials(ctx, c, diags) || !plan.Email.isSet() || plan.Email.IsUnknown() {
		return
	}
	email := strings.TrimSpace(plan.Email.ValueString())
	// The client's e-mail check: single lookups while they are cheaper than listing the account, then the contact
	// list pages, shared with the apply's own pre-checks (client.FindContactByEmail).
	existing, err := c.FindContactByEmail(ctx, email)
	if err != nil {
		addAPIError(diags, "check whether the contact's e-mail is already in use", err, nil)
		return
	}
	if existing == nil || p.wasSeen("contact", existing.ID) || forgotten.has("contact", existing.ID) {
		return
	}
	diags.AddAttributeError(path.Root("email"), "Contact already exists",
		fmt.Sprintf("HappyFox already has contact %d (%q) with the e-mail %q. Creating it would take over that contact, so the "+
			"apply would refuse it. To manage it with Terraform, import it: terraform import <address> %d (or an import block "+
			"with id = \"%d\" or id = %q).", existing.ID, existing.Name, existing.Email, existing.ID, existing.ID, email))
}

// planGroupCreate runs the plan-time checks of a new contact group.
func (p *planChecks) planGroupCreate(ctx context.Context, c *client.Client, forgotten *forgottenObjects, name string, diags *diag.Diagnostics) {
	if !p.checkCredentials(ctx, c, diags) {
		return
	}
	existing, err := p.groupByName(ctx, c, name)
	if err != nil {
		addAPIError(diags, "check whether the contact group's name is already in use", err, nil)
		return
	}
	if existing == nil || p.wasSeen("contact_group", existing.ID) || forgotten.has("contact_group", existing.ID) {
		return
	}
	diags.AddAttributeError(path.Root("name"), "Contact group already exists",
		fmt.Sprintf("A contact group named %q already exists in HappyFox (id %d), and names are unique, so the apply would fail. "+
			"Import it instead of creating it: terraform import <address> %d (or an import block with id = \"%d\"), or choose "+
			"another name.", name, existing.ID, existing.ID, existing.ID))
}
