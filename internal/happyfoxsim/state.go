package happyfoxsim

import (
	"maps"
	"slices"
	"strings"
)

// state is all simulated data. Every access holds Server.mu.
type state struct {
	groups       map[int64]*ContactGroup
	contacts     map[int64]*Contact // Memberships is not stored here: groups are the source of truth
	userFields   map[int64]*UserCustomField
	assetTypes   map[int64]*AssetType
	assetFields  map[int64]*AssetCustomField
	assets       map[int64]*Asset
	ticketFields map[int64]*TicketCustomField
	staff        map[int64]*Staff
	categories   map[int64]*Category
	statuses     map[int64]*Status
	tk           ticketState // tickets and priorities (tickets.go)

	// choiceHigh is the highest choice id ever used per ticket custom field,
	// so deleted choice ids are never reused (see putTicketCustomField).
	choiceHigh map[int64]int64

	lastID map[string]int64 // id sequences per kind

	// a are the assumptions the request being served is answered under (set by ServeHTTP; zero for hooks).
	a Assumptions
}

func (st *state) init() {
	st.groups = map[int64]*ContactGroup{}
	st.contacts = map[int64]*Contact{}
	st.userFields = map[int64]*UserCustomField{}
	st.assetTypes = map[int64]*AssetType{}
	st.assetFields = map[int64]*AssetCustomField{}
	st.assets = map[int64]*Asset{}
	st.ticketFields = map[int64]*TicketCustomField{}
	st.staff = map[int64]*Staff{}
	st.categories = map[int64]*Category{}
	st.statuses = map[int64]*Status{}
	st.tk.init()
	st.choiceHigh = map[int64]int64{}
	st.lastID = map[string]int64{}
}

// nextID allocates the next id of a kind ("contact", "phone", ...). Ids are
// never reused.
func (st *state) nextID(kind string) int64 {
	st.lastID[kind]++
	return st.lastID[kind]
}

// useID records an explicitly chosen id (0 allocates one).
func (st *state) useID(kind string, id int64) int64 {
	if id <= 0 {
		return st.nextID(kind)
	}
	if id > st.lastID[kind] {
		st.lastID[kind] = id
	}
	return id
}

func sortedIDs[T any](m map[int64]T) []int64 {
	ids := slices.Collect(maps.Keys(m))
	slices.Sort(ids)
	return ids
}

// contactByEmail finds the contact with this e-mail as the request's assumptions compare e-mails (uniqueness).
func (st *state) contactByEmail(email string) *Contact {
	if strings.TrimSpace(email) == "" {
		return nil
	}
	for _, id := range sortedIDs(st.contacts) {
		if c := st.contacts[id]; c.Email != "" && st.a.sameKey(c.Email, email) {
			return c
		}
	}
	return nil
}

// memberships derives a contact's group memberships from the groups.
func (st *state) memberships(contactID int64) []Membership {
	var out []Membership
	for _, gid := range sortedIDs(st.groups) {
		for _, m := range st.groups[gid].Members {
			if m.ContactID == contactID {
				out = append(out, Membership{GroupID: gid, AccessTickets: m.AccessTickets})
			}
		}
	}
	return out
}

// setMember adds a member or updates its flag.
func (g *ContactGroup) setMember(contactID int64, access bool) {
	for i := range g.Members {
		if g.Members[i].ContactID == contactID {
			g.Members[i].AccessTickets = access
			return
		}
	}
	g.Members = append(g.Members, GroupMember{ContactID: contactID, AccessTickets: access})
}

func (g *ContactGroup) hasMember(contactID int64) bool {
	return slices.ContainsFunc(g.Members, func(m GroupMember) bool { return m.ContactID == contactID })
}

func (g *ContactGroup) removeMember(contactID int64) bool {
	for i := range g.Members {
		if g.Members[i].ContactID == contactID {
			g.Members = slices.Delete(g.Members, i, i+1)
			return true
		}
	}
	return false
}

// groupByName finds the group with this name as the request's assumptions compare names (uniqueness).
func (st *state) groupByName(name string) *ContactGroup {
	for _, id := range sortedIDs(st.groups) {
		if st.a.sameKey(st.groups[id].Name, name) {
			return st.groups[id]
		}
	}
	return nil
}

func (st *state) firstAssetType() *AssetType {
	ids := sortedIDs(st.assetTypes)
	if len(ids) == 0 {
		return nil
	}
	return st.assetTypes[ids[0]]
}

func (st *state) assetFieldsOf(typeID int64) []*AssetCustomField {
	var out []*AssetCustomField
	for _, id := range sortedIDs(st.assetFields) {
		if f := st.assetFields[id]; f.AssetTypeID == typeID {
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b *AssetCustomField) int { return a.Order - b.Order })
	return out
}

func (st *state) userFieldsOrdered() []*UserCustomField {
	var out []*UserCustomField
	for _, id := range sortedIDs(st.userFields) {
		out = append(out, st.userFields[id])
	}
	slices.SortStableFunc(out, func(a, b *UserCustomField) int { return a.Order - b.Order })
	return out
}

func findChoice(cs []Choice, id int64) *Choice {
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i]
		}
	}
	return nil
}

// ---- deep copies (hooks never hand out internal pointers) ----

func copyChoices(cs []Choice) []Choice {
	if cs == nil {
		return nil
	}
	out := make([]Choice, len(cs))
	for i, c := range cs {
		c.DependantFields = slices.Clone(c.DependantFields)
		if c.DependantFields == nil {
			c.DependantFields = []any{}
		}
		out[i] = c
	}
	return out
}

func copyValues(m map[int64]any) map[int64]any {
	out := make(map[int64]any, len(m))
	for k, v := range m {
		if l, ok := v.([]int64); ok {
			v = slices.Clone(l)
		}
		out[k] = v
	}
	return out
}

func int64Ptr(p *int64) *int64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func (g *ContactGroup) clone() ContactGroup {
	c := *g
	c.Members = slices.Clone(g.Members)
	return c
}

func (st *state) cloneContact(c *Contact) Contact {
	out := *c
	out.Phones = slices.Clone(c.Phones)
	out.CustomFields = copyValues(c.CustomFields)
	if c.UpdatedAt != nil {
		t := *c.UpdatedAt
		out.UpdatedAt = &t
	}
	out.Memberships = st.memberships(c.ID)
	return out
}

func (a *Asset) clone() Asset {
	out := *a
	out.ContactIDs = slices.Clone(a.ContactIDs)
	out.ContactGroupIDs = slices.Clone(a.ContactGroupIDs)
	out.CustomFields = copyValues(a.CustomFields)
	out.UpdatedBy = int64Ptr(a.UpdatedBy)
	return out
}

func (t *AssetType) clone() AssetType {
	out := *t
	if t.Description != nil {
		out.Description = strPtr(*t.Description)
	}
	return out
}

func (f *AssetCustomField) clone() AssetCustomField {
	out := *f
	out.Choices = copyChoices(f.Choices)
	return out
}

func (f *TicketCustomField) clone() TicketCustomField {
	out := *f
	out.Choices = copyChoices(f.Choices)
	out.Categories = slices.Clone(f.Categories)
	out.DependsOnChoice = int64Ptr(f.DependsOnChoice)
	return out
}

func (f *UserCustomField) clone() UserCustomField {
	out := *f
	out.Choices = copyChoices(f.Choices)
	out.DependsOnChoice = int64Ptr(f.DependsOnChoice)
	return out
}

func (s *Staff) clone() Staff {
	out := *s
	out.Categories = slices.Clone(s.Categories)
	out.Permissions = slices.Clone(s.Permissions)
	return out
}
