package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

// A plan must predict its apply: in a pipeline, the pull request's plan is green only if the merge's apply can
// succeed. So every refusal HappyFox would make at apply is made at plan time, on the attribute concerned, from
// reads that are cheap and shared by every resource of the plan:
//   - once per provider instance, when a plan creates something, that HappyFox accepts the credentials (a
//     configuration that only creates reads nothing otherwise);
//   - an e-mail already taken (a new contact, or a contact whose e-mail changes): the client's e-mail check, which
//     looks the first few up one by one (GET user/<email>/) and then answers from the contact list pages (GET
//     users/, 50 a page) once they are cheaper; so a plan of 200 new contacts costs the pages, not 200 GETs;
//   - a group name already taken, an unknown group (a membership's, an asset's): the group list, read once;
//   - ids that are not contacts (a group's new members, a membership's, an asset's new contacts): nothing for a
//     contact this process refreshed, created or read (noteContact: the contacts of the configuration, and in an
//     apply those it just created), otherwise the client's refresh read (client.RefreshContact), served from the
//     contact list pages once many are read; remembered per id;
//   - an unknown asset type: the asset type list; an acting agent who is unknown, inactive or lacks the Manage
//     Assets permission: the staff list (§3.3, §5); both read once (memoized by the client);
//   - a contact already member of a group a membership adds it to: the group's read, shared with the refresh of
//     its memberships (client.RefreshContactGroup), one per group;
//   - two resources of the plan wanting the same e-mail, group name or membership: no read (plan_claims.go).
//
// Unknown values (an id from a resource not created yet) are skipped: the apply plans the resource again once they
// are known, and the same checks run then, before its write.

type planChecks struct {
	credOnce sync.Once
	credErr  error

	mu        sync.Mutex
	groups    map[string]client.ContactGroup
	groupIDs  map[int64]bool // from the group list
	isGroup   map[int64]bool // group ids this process read, created or looked up: exists or not
	newGroups map[int64]bool // groups this process created: no member but those it added
	isContact map[int64]bool // contact ids this process read, created or looked up: exists or not
	claims    planClaims
	// seen holds the ids of objects refreshed or planned with a prior state in this run. When such an object is
	// replaced (tainted, or -replace), Terraform plans its create without the prior state, and that create adopts
	// it (forgottenObjects), so its e-mail or name is not reported as taken. In the apply, the destroy that
	// forgets it runs before the create is planned again, so forgottenObjects tells the same.
	seen map[string]bool
}

func (p *planChecks) markSeen(kind string, id int64) { p.markSeenKey(kind, fmt.Sprint(id)) }

func (p *planChecks) wasSeen(kind string, id int64) bool { return p.wasSeenKey(kind, fmt.Sprint(id)) }

// markSeenKey is markSeen for an object named by a string (a membership's "<group_id>/<contact_id>").
func (p *planChecks) markSeenKey(kind, key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[kind+"/"+key] = true
}

func (p *planChecks) wasSeenKey(kind, key string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seen[kind+"/"+key]
}

// checkCredentials makes one cheap request (the status list, memoized by the client) the first time a plan
// creates something, and reports rejected credentials.
func (p *planChecks) checkCredentials(ctx context.Context, c *client.Client, diags *diag.Diagnostics) bool {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	p.credOnce.Do(func() { _, p.credErr = c.ListStatuses(ctx) })
	if p.credErr != nil && client.IsUnauthorized(p.credErr) {
		diags.AddError("HappyFox rejected the credentials",
			p.credErr.Error()+"\n\nThis plan creates objects, so the credentials were checked now rather than at apply time. "+
				"Check api_key and auth_code (or HAPPYFOX_API_KEY and HAPPYFOX_AUTH_CODE) and the account.")
		return false
	}
	return true
}

// loadGroupsLocked lists the groups once; p.mu is held.
func (p *planChecks) loadGroupsLocked(ctx context.Context, c *client.Client) error {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	if p.groups != nil {
		return nil
	}
	all, err := c.ListContactGroups(ctx)
	if err != nil {
		return err // not cached: a later plan call may succeed
	}
	p.groups = make(map[string]client.ContactGroup, len(all))
	p.groupIDs = make(map[int64]bool, len(all))
	for _, g := range all {
		p.groups[client.TextKey(g.Name)] = g
		p.groupIDs[g.ID] = true
	}
	return nil
}

// groupByName returns the group with this name (client.TextKey: group names are unique whatever their case), or nil.
func (p *planChecks) groupByName(ctx context.Context, c *client.Client, name string) (*client.ContactGroup, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.loadGroupsLocked(ctx, c); err != nil {
		return nil, err
	}
	if g, ok := p.groups[client.TextKey(name)]; ok {
		return &g, nil
	}
	return nil, nil
}

// noteContact and noteGroup record an object this process read or created: it exists, and the plan-time checks
// of the ids that refer to it need no request.
func (p *planChecks) noteContact(id int64) { p.note(&p.isContact, id) }

func (p *planChecks) noteGroup(id int64) { p.note(&p.isGroup, id) }

// noteCreatedGroup records a group this process created (not adopted): its members are those this process added,
// so the plan of a membership of it, later in the apply, need not read it to find members added outside.
func (p *planChecks) noteCreatedGroup(id int64) {
	p.note(&p.isGroup, id)
	p.note(&p.newGroups, id)
}

func (p *planChecks) createdGroup(id int64) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.newGroups[id]
}

func (p *planChecks) note(m *map[int64]bool, id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if *m == nil {
		*m = map[int64]bool{}
	}
	(*m)[id] = true
}

// groupExists reports whether HappyFox has the contact group id: a group this process read or created does; else
// the group list says, and for an id the list lacks, the group itself (client.RefreshContactGroup), since a group
// may be newer than the list.
func (p *planChecks) groupExists(ctx context.Context, c *client.Client, id int64) (bool, error) {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	p.mu.Lock()
	if known, ok := p.isGroup[id]; ok {
		p.mu.Unlock()
		return known, nil
	}
	err := p.loadGroupsLocked(ctx, c)
	listed := p.groupIDs[id]
	p.mu.Unlock()
	if err != nil || listed {
		return listed, err
	}
	_, err = c.RefreshContactGroup(ctx, id)
	if err != nil && !client.IsNotFound(err) {
		return false, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.isGroup == nil {
		p.isGroup = map[int64]bool{}
	}
	p.isGroup[id] = err == nil
	return err == nil, nil
}

// contactExists reports whether HappyFox has the contact id: a refresh read, served from the contact list pages
// when many contacts are read (client.RefreshContact), remembered per id.
func (p *planChecks) contactExists(ctx context.Context, c *client.Client, id int64) (bool, error) {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	p.mu.Lock()
	known, ok := p.isContact[id]
	p.mu.Unlock()
	if ok {
		return known, nil
	}
	_, err := c.RefreshContact(ctx, id)
	if err != nil && !client.IsNotFound(err) {
		return false, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.isContact == nil {
		p.isContact = map[int64]bool{}
	}
	p.isContact[id] = err == nil
	return err == nil, nil
}

// checkContactIDs reports, each on its own path (at(id)), the known ids that are not HappyFox contacts. what says
// where they are, e.g. "a member of this group". False when a lookup failed (reported too).
func (p *planChecks) checkContactIDs(ctx context.Context, c *client.Client, ids []int64, at func(int64) path.Path, what string, diags *diag.Diagnostics) bool {
	for _, id := range ids {
		ok, err := p.contactExists(ctx, c, id)
		if err != nil {
			addAPIError(diags, "check that the contact ids exist", err, nil)
			return false
		}
		if !ok {
			diags.AddAttributeError(at(id), "No such contact",
				fmt.Sprintf("HappyFox has no contact %d, so it would refuse it as %s. Check the id (the happyfox_contact data "+
					"source or resource gives it).", id, what))
		}
	}
	return true
}

// checkGroupIDs reports, each on its own path, the known ids that are not HappyFox contact groups.
func (p *planChecks) checkGroupIDs(ctx context.Context, c *client.Client, ids []int64, at func(int64) path.Path, what string, diags *diag.Diagnostics) bool {
	for _, id := range ids {
		ok, err := p.groupExists(ctx, c, id)
		if err != nil {
			addAPIError(diags, "check that the contact group ids exist", err, nil)
			return false
		}
		if !ok {
			diags.AddAttributeError(at(id), "No such contact group",
				fmt.Sprintf("HappyFox has no contact group %d, so it would refuse it as %s. Check the id (the "+
					"happyfox_contact_group data source or resource gives it).", id, what))
		}
	}
	return true
}

// planContactCreate runs the plan-time checks of a new contact.
func (p *planChecks) planContactCreate(ctx context.Context, c *client.Client, forgotten *forgottenObjects, plan contactModel, diags *diag.Diagnostics) {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	if !p.checkCredentials(ctx, c, diags) || !plan.Email.IsSet() || plan.Email.IsUnknown() {
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
	ctx = client.WithPurpose(ctx, client.ForCheck)
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

// planContactEmailChange runs the plan-time check of an update that gives contact id the e-mail email: HappyFox
// keeps e-mails unique, ignoring case (§2.3, §2.6), so one another contact has would be refused.
func (p *planChecks) planContactEmailChange(ctx context.Context, c *client.Client, id int64, email string, diags *diag.Diagnostics) {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	existing, err := c.FindContactByEmail(ctx, strings.TrimSpace(email))
	if err != nil {
		addAPIError(diags, "check whether the contact's new e-mail is already in use", err, nil)
		return
	}
	if existing == nil || existing.ID == id {
		return
	}
	diags.AddAttributeError(path.Root("email"), "E-mail already in use",
		fmt.Sprintf("HappyFox already has contact %d (%q) with the e-mail %q. E-mails are unique in HappyFox, ignoring case, so it "+
			"would refuse to give it to contact %d. Choose another e-mail; to give this one to contact %d, first change or "+
			"remove it on contact %d, in an apply of its own.", existing.ID, existing.Name, existing.Email, id, id, existing.ID))
}

// checkAssetType reports, on asset_type_id, an asset type HappyFox does not have (the type list, read once).
func (p *planChecks) checkAssetType(ctx context.Context, c *client.Client, id int64, diags *diag.Diagnostics) bool {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	all, err := c.ListAssetTypes(ctx)
	if err != nil {
		addAPIError(diags, "list the asset types to check asset_type_id", err, nil)
		return false
	}
	for _, t := range all {
		if t.ID == id {
			return true
		}
	}
	diags.AddAttributeError(path.Root("asset_type_id"), "Unknown asset type",
		fmt.Sprintf("HappyFox has no asset type with id %d. Available: %s. Look the ids up with the happyfox_asset_types or "+
			"happyfox_asset_type data source.", id, listLabels(all, func(t client.AssetType) string { return fmt.Sprintf("%d (%q)", t.ID, t.Name) })))
	return false
}

// checkActingStaff reports, on staff_id, an acting agent HappyFox would refuse for an asset write (§3.3: an active
// agent with the Manage Assets permission; the staff list, read once, §5). own says whether the id is the
// resource's staff_id rather than the provider's; action is what the agent would do, e.g. "create the asset".
func (p *planChecks) checkActingStaff(ctx context.Context, c *client.Client, id int64, own bool, action string, diags *diag.Diagnostics) {
	ctx = client.WithPurpose(ctx, client.ForCheck)
	staff, err := c.ListStaff(ctx)
	if err != nil {
		addAPIError(diags, "list the agents to check the acting staff id", err, nil)
		return
	}
	var problem string
	i := slices.IndexFunc(staff, func(s client.Staff) bool { return s.ID == id })
	switch {
	case i < 0:
		problem = fmt.Sprintf("HappyFox has no agent with id %d", id)
	case !staff[i].Active:
		problem = fmt.Sprintf("agent %d (%q) is not active", id, staff[i].Name)
	case !slices.Contains(staff[i].Permissions, "manage_assets"):
		problem = fmt.Sprintf("agent %d (%q) does not have the Manage Assets permission (manage_assets)", id, staff[i].Name)
	default:
		return
	}
	source := "staff_id"
	if !own {
		source = "The provider's staff_id (or HAPPYFOX_STAFF_ID), which this resource uses since it sets no staff_id of its own,"
	}
	diags.AddAttributeError(path.Root("staff_id"), "Acting agent cannot change assets",
		fmt.Sprintf("%s is %d, but %s. HappyFox records every asset change as made by an active agent with the Manage Assets "+
			"permission, so it would refuse to %s. Set staff_id to such an agent: the happyfox_staff data source with "+
			"permission = \"manage_assets\" and active_only = true lists them.", source, id, problem, action))
}
