package client

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client/transport"
)

// Group snapshots serve the refreshes of many happyfox_contact_group_membership resources of one group from one
// GET contact_group/<id>/ (§2.8: the group detail carries every member). A Terraform refresh (plan, or the
// import of an adoption) reads each membership once, and each needs only its own member's entry of its group's
// "contacts"; Terraform's parallelism (10) spreads the memberships of one group over the whole refresh, so the
// shared GET of concurrent reads (contact_group_reads_shared.go) alone leaves about one GET per membership.
//
// Rule: every successful GET contact_group/<id>/ of this Client (through GetContactGroup, by any caller) is
// kept as the group's snapshot, and RefreshContactGroup answers from it while both hold:
//   - no write that may touch the group went through this Client since the GET was sent. A write request to
//     contact_group/<id>/… (update_contacts, delete_contacts, the group edit: §2.8) touches group <id>; every
//     other write (a contact create, single or bulk, or update: §2.4-§2.6 may edit any contact, and a contact's
//     e-mail may match a group's tagged domains; and, to keep the rule simple, any other write) touches every
//     group. Client.do brackets each write (cache_invalidation.go): the snapshots it touches are dropped when it
//     is sent and again when its answer (or error) is in, and a GET that was sent before either moment is not
//     kept. So a snapshot is never older than the last write of this Client that may have changed the group: a
//     read after a write through this Client always sends a new GET.
//   - it is at most groupSnapshotMaxAge old (counted from when its GET was sent), the length of one refresh:
//     changes made outside Terraform during a long run are seen by the reads that follow.
//
// A snapshot is as fresh as a GET made when it was taken, within one Terraform operation. A Client lives in one
// provider process, and Terraform refreshes in the plan process, where nothing is written, and applies in
// another; the snapshots are in memory only, so a membership removed outside Terraform is seen by the next
// plan. Errors (a 404 of a deleted group included) are never kept: each read gets its own answer. Only
// RefreshContactGroup reads snapshots; the provider uses it for reads of what HappyFox has before any write of
// theirs: a membership's Read, the check before a membership is added, and the contact group's own Read (a
// refresh too). GetContactGroup always sends a GET (or joins one not sent yet), so the read-back after a write
// sees HappyFox's members after every write that ended before the call. With HAPPYFOX_BULK_WRITES=off (the
// benchmarks' one-request-per-object switch) nothing is shared or kept.
type groupSnapshots struct {
	mu    sync.Mutex
	now   func() time.Time // the client's clock (newClient); nil: time.Now
	snaps map[int64]groupSnapshot
	gen   map[int64]uint64 // per group, bumped when a write touching it is sent and when it ends
	all   uint64           // bumped when a write touching every group is sent and when it ends
}

// groupSnapshotMaxAge bounds the age of a snapshot served by RefreshContactGroup.
const groupSnapshotMaxAge = 5 * time.Minute

type groupSnapshot struct {
	g  ContactGroup
	at time.Time // when its GET was sent
}

// groupToken is the state of the writes touching one group when its GET was sent.
type groupToken struct {
	gen, all uint64
	at       time.Time
}

func (s *groupSnapshots) clock() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// token is taken just before a GET of the group is sent.
func (s *groupSnapshots) token(id int64) groupToken {
	s.mu.Lock()
	defer s.mu.Unlock()
	return groupToken{gen: s.gen[id], all: s.all, at: s.clock()}
}

// put keeps g as the snapshot of group id unless a write touching the group was sent or ended since tok. An
// answer without members (or for another id) is not kept.
func (s *groupSnapshots) put(id int64, tok groupToken, g *ContactGroup) {
	if g == nil || g.ID != id || !g.HasMembers {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.gen[id] != tok.gen || s.all != tok.all {
		return
	}
	if s.snaps == nil {
		s.snaps = map[int64]groupSnapshot{}
	}
	if old, ok := s.snaps[id]; ok && old.at.After(tok.at) {
		return // a later GET is kept already
	}
	cp := *g
	cp.Members = slices.Clone(g.Members)
	cp.TaggedDomains = slices.Clone(g.TaggedDomains)
	s.snaps[id] = groupSnapshot{g: cp, at: tok.at}
}

// get returns a copy of the group's snapshot when it is at most groupSnapshotMaxAge old.
func (s *groupSnapshots) get(id int64) (*ContactGroup, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sn, ok := s.snaps[id]
	if !ok {
		return nil, false
	}
	if s.clock().Sub(sn.at) > groupSnapshotMaxAge {
		delete(s.snaps, id)
		return nil, false
	}
	g := sn.g
	g.Members = slices.Clone(sn.g.Members)
	g.TaggedDomains = slices.Clone(sn.g.TaggedDomains)
	return &g, true
}

// touch drops the snapshots a write touches (group > 0: that group; 0: every group) and makes the GETs sent
// before it not kept. Client.invalidate calls it when a write is sent and again when its answer or error is in
// (cache_invalidation.go).
func (s *groupSnapshots) touch(group int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if group > 0 {
		if s.gen == nil {
			s.gen = map[int64]uint64{}
		}
		s.gen[group]++
		delete(s.snaps, group)
		return
	}
	s.all++
	s.snaps = nil
}

// RefreshContactGroup returns group id for the refresh of a membership: from the snapshot of a GET this Client
// made when no write that may touch the group went through it since and at most groupSnapshotMaxAge ago (the
// rule above), otherwise as GetContactGroup. A refresh that finds a GET of the group under way waits for its
// answer, which becomes the snapshot (GetContactGroup would wait for the next GET instead, to see the writes that
// ended before it was called: a refresh has no such write to see, the rule drops snapshots on writes). The
// answer is the caller's own copy.
func (c *Client) RefreshContactGroup(ctx context.Context, id int64) (*ContactGroup, error) {
	if err := checkID("contact group", id); err != nil {
		return nil, err
	}
	ctx = WithPurpose(ctx, ForRefresh)
	if !bulkDisabled() {
		if g, ok := c.reads.groups.get(id); ok {
			return g, nil
		}
		if sent := c.groupReads.underWay(id); sent != nil {
			select {
			case <-sent:
			case <-ctx.Done():
				return nil, transport.NotSent(ctx.Err())
			}
			if g, ok := c.reads.groups.get(id); ok {
				return g, nil
			}
		}
	}
	return c.GetContactGroup(ctx, id)
}

// underWay returns a channel closed when the GET of group id now under way has its answer, or nil.
func (r *groupReads) underWay(id int64) <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch, ok := r.pending[id]; ok {
		return ch
	}
	return nil
}
