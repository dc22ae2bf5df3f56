package client

import (
	"context"
	"slices"
)

// A contact group's members carry their ticket access as view_tickets_in_group (§2.8: M/L, seen in one client
// only); members may carry their id alone. The contact's own contact_groups[] carries the same flag as
// access_all_tickets_in_group (§2.1, H), so that is where it is read when the group does not show it.

// ResolveMemberAccess fills in the ticket access of the members of g whose entry did not show it (AccessShown
// false), from each contact's contact_groups[] (GET user/<id>/, or the contact list when many contacts are read:
// RefreshContact). With contactIDs, only those members are resolved. A member whose contact does not show the
// flag for g either (or no longer exists) is left with AccessShown false: the caller then knows nothing about its
// access and must not report one.
func (c *Client) ResolveMemberAccess(ctx context.Context, g *ContactGroup, contactIDs ...int64) error {
	for i := range g.Members {
		m := &g.Members[i]
		if m.AccessShown || (len(contactIDs) > 0 && !slices.Contains(contactIDs, m.ContactID)) {
			continue
		}
		ct, err := c.RefreshContact(ctx, m.ContactID)
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return err
		}
		for _, ref := range ct.Groups {
			if ref.ID == g.ID && ref.AccessShown {
				m.AccessTickets, m.AccessShown = ref.AccessAllTickets, true
				break
			}
		}
	}
	return nil
}
