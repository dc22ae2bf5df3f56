package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// ContactGroup is a contact group (docs/dev/happyfox-api.md §2.8).
type ContactGroup struct {
	ID            int64
	Name          string
	Description   string
	TaggedDomains []string      // split from the comma-separated string (§2.8, H); trimmed, empties dropped
	Members       []GroupMember // nil when the response has no "contacts" key (lists, §2.8)
	HasMembers    bool          // the response had a "contacts" list
}

// GroupMember is one entry of GET contact_group/<id>/ "contacts". Only id
// (M), email and view_tickets_in_group (M/L, from T4E) are evidenced (§2.8).
type GroupMember struct {
	ContactID     int64
	Email         string
	AccessTickets bool
	// AccessShown: the entry carried the ticket access flag (under one of its three names, §6.10). An entry
	// without it tells nothing about the access (AccessTickets is then false); ResolveMemberAccess reads it
	// from the contact.
	AccessShown bool
}

// ContactGroupInput is the body of a group create or edit. Nil pointers and
// SendTaggedDomains=false leave the field out of the request.
type ContactGroupInput struct {
	Name              *string
	Description       *string
	TaggedDomains     []string // sent comma-joined (§2.8 recommendation, M)
	SendTaggedDomains bool
}

// MembershipChange adds a contact to a group or changes its ticket access.
type MembershipChange struct {
	ContactID     int64
	AccessTickets bool
}

// maxBatch is the documented per-request maximum of update_contacts (§2.8, H)
// and bulk users (§2.5, H), also applied to delete_contacts.
const maxBatch = 100

type rawGroupMember struct {
	ID      ID         `json:"id"`
	Contact *ref       `json:"contact"`    // tolerance: not evidenced
	User    *ref       `json:"contact_id"` // tolerance: not evidenced
	Email   flexString `json:"email"`
	// Three names for the same flag (§2.8, §6.10); view_tickets_in_group is
	// what T4E reads here (M).
	View   *flexBool `json:"view_tickets_in_group"`
	Access *flexBool `json:"access_tickets"`
	All    *flexBool `json:"access_all_tickets_in_group"`
}

type rawContactGroup struct {
	ID            ID              `json:"id"`
	Name          flexString      `json:"name"`
	Description   flexString      `json:"description"`
	TaggedDomains domainList      `json:"tagged_domains"`
	Contacts      json.RawMessage `json:"contacts"`
}

// decodeContactGroup decodes a group summary (list item) or detail object.
func decodeContactGroup(data []byte) (ContactGroup, error) {
	var r rawContactGroup
	if err := decodeObject(data, &r); err != nil {
		return ContactGroup{}, fmt.Errorf("decoding contact group: %w", err)
	}
	g := ContactGroup{
		ID:            int64(r.ID),
		Name:          string(r.Name),
		Description:   string(r.Description),
		TaggedDomains: []string(r.TaggedDomains),
	}
	if !isNull(r.Contacts) {
		var ms []json.RawMessage
		if err := json.Unmarshal(r.Contacts, &ms); err != nil {
			return ContactGroup{}, fmt.Errorf("decoding contact group %d contacts: %w", g.ID, err)
		}
		g.HasMembers = true
		g.Members = make([]GroupMember, 0, len(ms))
		for i, m := range ms {
			if isNull(m) {
				continue
			}
			var rm rawGroupMember
			if err := decodeObject(m, &rm); err != nil {
				// A bare id in place of an object (tolerance).
				var x ref
				if x.UnmarshalJSON(m) != nil || x.ID == 0 {
					return ContactGroup{}, fmt.Errorf("decoding contact group %d member %d: %w", g.ID, i, err)
				}
				g.Members = append(g.Members, GroupMember{ContactID: x.ID})
				continue
			}
			gm := GroupMember{ContactID: int64(rm.ID), Email: string(rm.Email)}
			if gm.ContactID == 0 && rm.Contact != nil {
				gm.ContactID = rm.Contact.ID
			}
			if gm.ContactID == 0 && rm.User != nil {
				gm.ContactID = rm.User.ID
			}
			for _, f := range []*flexBool{rm.View, rm.Access, rm.All} {
				if f != nil {
					gm.AccessTickets, gm.AccessShown = bool(*f), true
					break
				}
			}
			g.Members = append(g.Members, gm)
		}
	}
	return g, nil
}

// ListContactGroups returns every group: GET contact_groups/, a bare array of
// summaries without members (§2.8, H). Not cached: groups are managed objects.
func (c *Client) ListContactGroups(ctx context.Context) ([]ContactGroup, error) {
	return fetchList(ctx, c, "contact_groups/", nil, false, decodeContactGroup)
}

// GetContactGroup returns one group with its members: GET contact_group/<id>/ (§2.8, H).
func (c *Client) GetContactGroup(ctx context.Context, id int64) (*ContactGroup, error) {
	if err := checkID("contact group", id); err != nil {
		return nil, err
	}
	if !bulkDisabled() {
		return c.groupReads.get(ctx, c, id) // concurrent reads of the group share one GET (contact_group_reads_shared.go)
	}
	return c.getContactGroupOnce(ctx, id)
}

func (c *Client) getContactGroupOnce(ctx context.Context, id int64) (*ContactGroup, error) {
	rel := objectPath("contact_group", id)
	body, err := c.get(ctx, rel, nil)
	if err != nil {
		return nil, err
	}
	g, err := decodeContactGroup(body)
	if err != nil {
		return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
	}
	return &g, nil
}

func (in ContactGroupInput) body() map[string]any {
	b := map[string]any{}
	if in.Name != nil {
		b["name"] = *in.Name
	}
	if in.Description != nil {
		b["description"] = *in.Description
	}
	if in.SendTaggedDomains {
		var ds []string
		for _, d := range in.TaggedDomains {
			if d = strings.TrimSpace(d); d != "" {
				ds = append(ds, d)
			}
		}
		b["tagged_domains"] = strings.Join(ds, ",")
	}
	return b
}

// CreateContactGroup creates a group: POST contact_groups/ (§2.8, H for the
// request). The response is read as the group detail object (L/M); if it
// carries no id, the new group is found by its (unique, §2.8) name.
func (c *Client) CreateContactGroup(ctx context.Context, in ContactGroupInput) (*ContactGroup, error) {
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return nil, errors.New("a contact group name is required")
	}
	const rel = "contact_groups/"
	body, err := c.do(ctx, http.MethodPost, rel, nil, in.body())
	if err != nil {
		return nil, err
	}
	if g, err := decodeContactGroup(body); err == nil && g.ID > 0 {
		if m := GroupMismatch(*in.Name, &g); m != nil {
			return nil, createMismatch(rel, m)
		}
		return &g, nil
	}
	groups, err := c.ListContactGroups(ctx)
	if err != nil {
		return nil, fmt.Errorf("HappyFox POST %s gave no usable group; looking it up by name: %w", rel, err)
	}
	if g := GroupByName(groups, *in.Name); g != nil {
		return c.GetContactGroup(ctx, g.ID)
	}
	return nil, &AmbiguousError{Method: http.MethodPost, Path: rel,
		Err: fmt.Errorf("HappyFox answered without a group and no group named %q was found", *in.Name)}
}

// UpdateContactGroup edits a group: POST contact_group/<id>/ (§2.8; only
// description and tagged_domains are documented, renaming is "?"). The
// response is undocumented (§7), so when it is not a usable object for this
// id the group is read back with GET.
func (c *Client) UpdateContactGroup(ctx context.Context, id int64, in ContactGroupInput) (*ContactGroup, error) {
	if err := checkID("contact group", id); err != nil {
		return nil, err
	}
	// Setting the same fields again changes nothing, so a 5xx or a lost answer is retried like a PUT.
	body, err := c.do(transport.WithIdempotentPost(ctx), http.MethodPost, objectPath("contact_group", id), nil, in.body())
	if err != nil {
		return nil, err
	}
	if g, err := decodeContactGroup(body); err == nil && g.ID == id {
		return &g, nil
	}
	return c.GetContactGroup(ctx, id)
}

type membershipItem struct {
	Contact       int64 `json:"contact"`
	AccessTickets bool  `json:"access_tickets"`
}

// UpdateGroupContacts adds contacts to a group or changes their ticket
// access: POST contact_group/<id>/update_contacts/ with a bare array
// [{"contact", "access_tickets"}], at most 100 per request (§2.8, H).
// Results are per item (shape C) in input order; ItemResult.ID is the
// submitted contact id, since the documented response echoes a different
// id (§2.8 doc inconsistency). On an error, the results of the batches
// already sent are returned with it.
func (c *Client) UpdateGroupContacts(ctx context.Context, groupID int64, changes []MembershipChange) ([]ItemResult, error) {
	if err := checkID("contact group", groupID); err != nil {
		return nil, err
	}
	rel := objectPath("contact_group", groupID, "update_contacts")
	// Adding a member again, or setting its access again, changes nothing: safe to retry after a 5xx or a lost answer.
	ctx = transport.WithIdempotentPost(ctx)
	ids := make([]int64, len(changes))
	for i, ch := range changes {
		ids[i] = ch.ContactID
	}
	return c.batches(ctx, groupID, rel, ids, func(lo, hi int) any {
		items := make([]membershipItem, 0, hi-lo)
		for _, ch := range changes[lo:hi] {
			items = append(items, membershipItem{Contact: ch.ContactID, AccessTickets: ch.AccessTickets})
		}
		return items
	}, func(g *ContactGroup, i int) bool {
		// A member whose entry does not show the access flag may still have the old one: sent again (idempotent).
		m, ok := g.member(changes[i].ContactID)
		return ok && m.AccessShown && m.AccessTickets == changes[i].AccessTickets
	})
}

// RemoveGroupContacts removes contacts from a group: POST
// contact_group/<id>/delete_contacts/ with {"contacts": [ids]} (§2.8, H),
// in batches of at most 100. "Contact not part of the contact group" comes
// back as Success=false with that Message; the caller decides.
func (c *Client) RemoveGroupContacts(ctx context.Context, groupID int64, contactIDs []int64) ([]ItemResult, error) {
	if err := checkID("contact group", groupID); err != nil {
		return nil, err
	}
	rel := objectPath("contact_group", groupID, "delete_contacts")
	// Removing a contact again only answers "Contact not part of the contact group" for it: safe to retry.
	ctx = transport.WithIdempotentPost(ctx)
	return c.batches(ctx, groupID, rel, contactIDs, func(lo, hi int) any {
		return map[string]any{"contacts": append([]int64{}, contactIDs[lo:hi]...)}
	}, func(g *ContactGroup, i int) bool {
		_, ok := g.member(contactIDs[i])
		return !ok
	})
}

// batches POSTs ids in chunks of maxBatch and collects shape C results.
//
// A chunk whose answer says nothing usable (a 200 that is not a result list: a firewall's page, a body cut short,
// null) has an unknown outcome. It is settled by looking, not by sending it again at once: the group is read, and
// each item that already holds (applied reports it for the item's index) succeeded; the others are sent again,
// which is safe because the request is idempotent (§2.8), at most Config.MaxRetries times, after a backoff.
func (c *Client) batches(ctx context.Context, groupID int64, rel string, ids []int64, body func(lo, hi int) any, applied func(g *ContactGroup, i int) bool) ([]ItemResult, error) {
	var out []ItemResult
	for lo := 0; lo < len(ids); lo += maxBatch {
		hi := min(lo+maxBatch, len(ids))
		res, err := c.sendBatch(ctx, groupID, rel, ids, lo, hi, body, applied)
		out = append(out, res...)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// sendBatch sends ids[lo:hi] and returns one result per item (see batches).
func (c *Client) sendBatch(ctx context.Context, groupID int64, rel string, ids []int64, lo, hi int, body func(lo, hi int) any, applied func(g *ContactGroup, i int) bool) ([]ItemResult, error) {
	results := make([]ItemResult, hi-lo)
	todo := make([]int, 0, hi-lo) // indexes into ids still to send
	for i := lo; i < hi; i++ {
		todo = append(todo, i)
	}
	for attempt := 1; ; attempt++ {
		// The items still to send, as one contiguous request body: body() takes a range, so send them one range
		// at a time when an earlier attempt settled some of them.
		var unknown []int
		var lastErr error
		for _, run := range contiguousRuns(todo) {
			resp, err := c.do(ctx, http.MethodPost, rel, nil, body(run[0], run[1]))
			var res []ItemResult
			var derr error
			var ae *APIError
			switch {
			case err == nil:
				res, derr = decodeItemResults(resp)
			case errors.As(err, &ae) && ae.StatusCode < 500 && len(ae.Items) == run[1]-run[0]:
				// A 4xx that still carries one result per item (§1.2, L): the items that succeeded were carried out.
				res, err = ae.Items, nil
			}
			if err != nil {
				for i := run[0]; i < run[1]; i++ {
					results[i-lo] = ItemResult{Index: i, ID: ids[i], Message: err.Error()}
				}
				end := run[0]
				if len(unknown) > 0 {
					end = unknown[0]
				}
				return results[:end-lo], err
			}
			if derr != nil {
				lastErr = &AmbiguousError{Method: http.MethodPost, Path: rel, Err: fmt.Errorf("decoding the per-item results: %w", derr)}
				for i := run[0]; i < run[1]; i++ {
					unknown = append(unknown, i)
				}
				continue
			}
			for i := run[0]; i < run[1]; i++ {
				r := ItemResult{Index: i, ID: ids[i], Message: "HappyFox returned no result for this item"}
				if k := i - run[0]; k < len(res) {
					r = res[k]
					r.Index, r.ID = i, ids[i]
				}
				results[i-lo] = r
			}
		}
		if len(unknown) == 0 {
			return results, nil
		}
		// Look before sending anything again.
		wait := c.retry.Backoff(attempt)
		c.retry.Debug(ctx, "HappyFox answered a membership change with something that is not a result list; reading the group to find out", map[string]any{
			"attempt": attempt, "items": len(unknown), "reason": truncate(lastErr.Error(), 300), "wait_ms": wait.Milliseconds(),
		})
		if serr := c.retry.Sleep(ctx, wait); serr != nil {
			return results[:unknown[0]-lo], lastErr
		}
		g, gerr := c.GetContactGroup(WithPurpose(ctx, ForSettle), groupID) // shared reads start after this call, so the answer is newer than the write
		if gerr != nil {
			return results[:unknown[0]-lo], fmt.Errorf("%w\n\nReading the group to find out what HappyFox did failed too: %w", lastErr, gerr)
		}
		todo = todo[:0]
		for _, i := range unknown {
			if applied(g, i) {
				results[i-lo] = ItemResult{Index: i, ID: ids[i], Success: true}
				continue
			}
			todo = append(todo, i)
		}
		if len(todo) == 0 {
			return results, nil
		}
		if attempt > c.retry.MaxRetries() {
			return results[:todo[0]-lo], lastErr
		}
	}
}

// contiguousRuns splits sorted indexes into [start, end) runs of consecutive values.
func contiguousRuns(idx []int) [][2]int {
	var out [][2]int
	for _, i := range idx {
		if n := len(out); n > 0 && out[n-1][1] == i {
			out[n-1][1]++
			continue
		}
		out = append(out, [2]int{i, i + 1})
	}
	return out
}

// member returns the group's member with the contact id, if the group lists it.
func (g *ContactGroup) member(contactID int64) (GroupMember, bool) {
	for _, m := range g.Members {
		if m.ContactID == contactID {
			return m, true
		}
	}
	return GroupMember{}, false
}
