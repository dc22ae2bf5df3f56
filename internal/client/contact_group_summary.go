package client

import "context"

// RefreshContactGroupSummary returns group id for the refresh of a group whose members are not read: its name,
// description and tagged domains, which GET contact_groups/ answers for every group at once (§2.8: one bare
// array of summaries). A plan of 150 such groups then costs one GET instead of 150 (GET contact_group/<id>/
// each). The summary comes from, in this order:
//   - this Client's snapshot of the group's own GET, under RefreshContactGroup's rule (contact_group_snapshot.go):
//     as fresh as the list, or fresher;
//   - the group list, through the read path (readpath.go): listed once, at the first such refresh, and served
//     while it holds. A group this Client wrote to (contact_group/<id>/…, or created) is never served from it
//     (cache_invalidation.go), nor is an item that lacks a field of the summary (list_items.go: a description left
//     out is not an empty description);
//   - otherwise the group's own GET (GetContactGroup): a group missing from the list (created since, or deleted:
//     its 404 is the caller's), an item the list answered incompletely, a group written to, and every group once
//     a listing failed (the kind turns to single GETs).
//
// The answer may carry members (when it came from a group GET); HasMembers says so. With HAPPYFOX_BULK_WRITES=off
// (the benchmarks' one-request-per-object switch) it is always the group's GET.
func (c *Client) RefreshContactGroupSummary(ctx context.Context, id int64) (*ContactGroup, error) {
	if err := checkID("contact group", id); err != nil {
		return nil, err
	}
	ctx = WithPurpose(ctx, ForRefresh)
	if !bulkDisabled() {
		if g, ok := c.reads.groups.get(id); ok {
			return g, nil
		}
		if raw, ok := c.reads.read(ctx, c, contactGroupReadKind, id); ok {
			if g, err := decodeContactGroup(raw); err == nil && g.ID == id {
				return &g, nil
			}
		}
	}
	return c.GetContactGroup(ctx, id)
}
