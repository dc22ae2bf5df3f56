package happyfoxsim

import (
	"slices"
	"strings"
)

// Test hooks act "outside Terraform", like an admin in the web UI. They
// bypass auth, rate limits, fault injection, concurrency detection and
// counters, and always return deep copies.

// ---------- contact groups ----------

// ContactGroup returns a group by id.
func (s *Server) ContactGroup(id int64) (ContactGroup, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.groups[id]
	if g == nil {
		return ContactGroup{}, false
	}
	return g.clone(), true
}

// ContactGroups returns all groups ordered by id.
func (s *Server) ContactGroups() []ContactGroup {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []ContactGroup{}
	for _, id := range sortedIDs(s.st.groups) {
		out = append(out, s.st.groups[id].clone())
	}
	return out
}

// AddContactGroup creates a group (ID 0 allocates one). Members whose
// contact does not exist are dropped.
func (s *Server) AddContactGroup(g ContactGroup) ContactGroup {
	s.mu.Lock()
	defer s.mu.Unlock()
	g.ID = s.st.useID("group", g.ID)
	ng := g.clone()
	ng.Members = slices.DeleteFunc(ng.Members, func(m GroupMember) bool { return s.st.contacts[m.ContactID] == nil })
	s.st.groups[ng.ID] = &ng
	return ng.clone()
}

// RemoveContactGroup deletes a group (the UI can, the API cannot) and unlinks
// it from assets.
func (s *Server) RemoveContactGroup(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.groups[id] == nil {
		return false
	}
	delete(s.st.groups, id)
	for _, a := range s.st.assets {
		a.ContactGroupIDs = slices.DeleteFunc(a.ContactGroupIDs, func(g int64) bool { return g == id })
	}
	return true
}

// UpdateContactGroupOutside changes description and/or tagged domains (nil
// leaves a value unchanged).
func (s *Server) UpdateContactGroupOutside(id int64, description *string, tagged *string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.groups[id]
	if g == nil {
		return false
	}
	if description != nil {
		g.Description = *description
	}
	if tagged != nil {
		g.TaggedDomains = *tagged
	}
	return true
}

// RenameContactGroupOutside renames a group, as the web UI can (whether the API can is §2.8 "?").
func (s *Server) RenameContactGroupOutside(id int64, name string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.groups[id]
	if g == nil {
		return false
	}
	g.Name = name
	return true
}

// AddContactToGroupOutside adds a member or changes its ticket access.
func (s *Server) AddContactToGroupOutside(groupID, contactID int64, access bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.groups[groupID]
	if g == nil || s.st.contacts[contactID] == nil {
		return false
	}
	g.setMember(contactID, access)
	return true
}

// RemoveContactFromGroupOutside removes a member.
func (s *Server) RemoveContactFromGroupOutside(groupID, contactID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.st.groups[groupID]
	return g != nil && g.removeMember(contactID)
}

// ---------- contacts ----------

// Contact returns a contact by id, with Memberships filled in.
func (s *Server) Contact(id int64) (Contact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.contacts[id]
	if c == nil {
		return Contact{}, false
	}
	return s.st.cloneContact(c), true
}

// ContactByEmail finds a contact by email, case-insensitively.
func (s *Server) ContactByEmail(email string) (Contact, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	email = strings.TrimSpace(email)
	for _, id := range sortedIDs(s.st.contacts) {
		if c := s.st.contacts[id]; email != "" && strings.EqualFold(strings.TrimSpace(c.Email), email) {
			return s.st.cloneContact(c), true
		}
	}
	return Contact{}, false
}

// Contacts returns all contacts ordered by id.
func (s *Server) Contacts() []Contact {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Contact{}
	for _, id := range sortedIDs(s.st.contacts) {
		out = append(out, s.st.cloneContact(s.st.contacts[id]))
	}
	return out
}

// AddContact stores a contact and returns it with its id (ID 0 allocates
// one; phone ids 0 are allocated too). Fields are stored as given: note that
// the zero IsLoginEnabled is false. CreatedAt defaults to the clock.
// Memberships are applied to existing groups; custom field values are
// normalized like SetContactCustomField and invalid ones dropped.
func (s *Server) AddContact(c Contact) Contact {
	s.mu.Lock()
	defer s.mu.Unlock()
	nc := s.st.cloneContact(&c)
	nc.ID = s.st.useID("contact", c.ID)
	nc.Email = strings.TrimSpace(nc.Email)
	if nc.CreatedAt.IsZero() {
		nc.CreatedAt = s.now().UTC()
	}
	for i := range nc.Phones {
		nc.Phones[i].ID = s.st.useID("phone", nc.Phones[i].ID)
		if nc.Phones[i].Type == "" {
			nc.Phones[i].Type = "o"
		}
	}
	vals := map[int64]any{}
	for fid, v := range c.CustomFields {
		if f := s.st.userFields[fid]; f != nil {
			if nv, msg := normalizeUserValue(f, v, false); msg == "" && nv != nil {
				vals[fid] = nv
			}
		}
	}
	nc.CustomFields = vals
	members := c.Memberships
	nc.Memberships = nil
	s.st.contacts[nc.ID] = &nc
	for _, m := range members {
		if g := s.st.groups[m.GroupID]; g != nil {
			g.setMember(nc.ID, m.AccessTickets)
		}
	}
	return s.st.cloneContact(&nc)
}

// RemoveContact deletes a contact (no API endpoint exists for this) and
// removes it from groups and assets.
func (s *Server) RemoveContact(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.contacts[id] == nil {
		return false
	}
	delete(s.st.contacts, id)
	for _, g := range s.st.groups {
		g.removeMember(id)
	}
	for _, a := range s.st.assets {
		a.ContactIDs = slices.DeleteFunc(a.ContactIDs, func(c int64) bool { return c == id })
	}
	return true
}

// SetContactCustomField sets one contact custom field as the UI would
// (value nil clears). Values use the API formats (choice id, list of ids,
// "YYYY-MM-DD", ...). It does not reset other fields. It bumps updated_at.
func (s *Server) SetContactCustomField(contactID, fieldID int64, value any) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, f := s.st.contacts[contactID], s.st.userFields[fieldID]
	if c == nil || f == nil {
		return false
	}
	nv, msg := normalizeUserValue(f, value, false)
	if msg != "" {
		return false
	}
	if c.CustomFields == nil {
		c.CustomFields = map[int64]any{}
	}
	if nv == nil {
		delete(c.CustomFields, fieldID)
	} else {
		c.CustomFields[fieldID] = nv
	}
	t := s.now().UTC()
	c.UpdatedAt = &t
	return true
}

// ---------- assets ----------

// Asset returns an asset by id.
func (s *Server) Asset(id int64) (Asset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.st.assets[id]
	if a == nil {
		return Asset{}, false
	}
	return a.clone(), true
}

// Assets returns all assets ordered by id.
func (s *Server) Assets() []Asset {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Asset{}
	for _, id := range sortedIDs(s.st.assets) {
		out = append(out, s.st.assets[id].clone())
	}
	return out
}

// RemoveAsset deletes an asset as the UI would.
func (s *Server) RemoveAsset(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.assets[id] == nil {
		return false
	}
	delete(s.st.assets, id)
	return true
}

// ReplaceAssetOutside stores a under its id, replacing whatever asset had that id (as if the id had been
// reused for another asset, or a proxy served another object under it). It returns false when a.ID is 0.
func (s *Server) ReplaceAssetOutside(a Asset) bool {
	if a.ID == 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	na := a.clone()
	if na.CustomFields == nil {
		na.CustomFields = map[int64]any{}
	}
	if na.ContactIDs == nil {
		na.ContactIDs = []int64{}
	}
	if na.ContactGroupIDs == nil {
		na.ContactGroupIDs = []int64{}
	}
	s.st.assets[na.ID] = &na
	return true
}

// SetAssetCustomField sets one asset custom field (value nil clears). The
// field must belong to the asset's type. It does not touch updated_at/by.
func (s *Server) SetAssetCustomField(assetID, fieldID int64, value any) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, f := s.st.assets[assetID], s.st.assetFields[fieldID]
	if a == nil || f == nil || f.AssetTypeID != a.AssetTypeID {
		return false
	}
	nv, msg := normalizeAssetValue(f, value)
	if msg != "" {
		return false
	}
	if nv == nil {
		delete(a.CustomFields, fieldID)
	} else {
		a.CustomFields[fieldID] = nv
	}
	return true
}

// AddAssetType creates an asset type with every setting enabled and a null
// description.
func (s *Server) AddAssetType(name string) AssetType {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := &AssetType{ID: s.st.nextID("assetType"), Name: name, Settings: AssetTypeSettings{true, true, true, true}}
	s.st.assetTypes[t.ID] = t
	return t.clone()
}

// AssetTypes returns all asset types ordered by id.
func (s *Server) AssetTypes() []AssetType {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []AssetType{}
	for _, id := range sortedIDs(s.st.assetTypes) {
		out = append(out, s.st.assetTypes[id].clone())
	}
	return out
}

// AddAssetCustomField adds a field to an asset type. ID 0 allocates one,
// Order 0 appends, choice ids 0 are allocated. The zero value is returned
// when the type does not exist.
func (s *Server) AddAssetCustomField(typeID int64, f AssetCustomField) AssetCustomField {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.assetTypes[typeID] == nil {
		return AssetCustomField{}
	}
	nf := f.clone()
	nf.ID = s.st.useID("assetField", f.ID)
	nf.AssetTypeID = typeID
	if nf.Order == 0 {
		nf.Order = len(s.st.assetFieldsOf(typeID)) + 1
	}
	for i := range nf.Choices {
		nf.Choices[i].ID = s.st.useID("assetChoice", nf.Choices[i].ID)
	}
	s.st.assetFields[nf.ID] = &nf
	return nf.clone()
}

// ---------- custom fields and reference data ----------

// TicketCustomField returns a ticket custom field by id.
func (s *Server) TicketCustomField(id int64) (TicketCustomField, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.ticketFields[id]
	if f == nil {
		return TicketCustomField{}, false
	}
	return f.clone(), true
}

// SetTicketCustomFieldChoices replaces the choices as an admin would: a text
// equal to an existing choice's keeps that id (and its dependant fields),
// other texts get new ids after the highest ever used.
func (s *Server) SetTicketCustomFieldChoices(id int64, texts []string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.ticketFields[id]
	if f == nil {
		return false
	}
	high := s.st.choiceHigh[id]
	for _, c := range f.Choices {
		high = max(high, c.ID)
	}
	var out []Choice
	for _, t := range texts {
		if i := slices.IndexFunc(f.Choices, func(c Choice) bool { return c.Text == t }); i >= 0 {
			c := f.Choices[i]
			c.DependantFields = slices.Clone(c.DependantFields)
			out = append(out, c)
			continue
		}
		high++
		out = append(out, Choice{ID: high, Text: t, DependantFields: []any{}})
	}
	if out == nil {
		out = []Choice{}
	}
	s.st.choiceHigh[id] = high
	f.Choices = out
	return true
}

// AddTicketCustomField adds a ticket custom field (ID 0 allocates one;
// choice ids 0 are allocated per field).
func (s *Server) AddTicketCustomField(f TicketCustomField) TicketCustomField {
	s.mu.Lock()
	defer s.mu.Unlock()
	nf := f.clone()
	nf.ID = s.st.useID("ticketField", f.ID)
	if nf.Choices == nil && choiceType(nf.Type) {
		nf.Choices = []Choice{}
	}
	var high int64
	for _, c := range nf.Choices {
		high = max(high, c.ID)
	}
	for i := range nf.Choices {
		if nf.Choices[i].ID == 0 {
			high++
			nf.Choices[i].ID = high
		}
	}
	s.st.choiceHigh[nf.ID] = high
	s.st.ticketFields[nf.ID] = &nf
	return nf.clone()
}

// UserCustomField returns a contact custom field definition by id.
func (s *Server) UserCustomField(id int64) (UserCustomField, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.userFields[id]
	if f == nil {
		return UserCustomField{}, false
	}
	return f.clone(), true
}

// AddUserCustomField adds a contact custom field (ID 0 allocates one, Order
// 0 appends, choice ids 0 are allocated).
func (s *Server) AddUserCustomField(f UserCustomField) UserCustomField {
	s.mu.Lock()
	defer s.mu.Unlock()
	nf := f.clone()
	nf.ID = s.st.useID("userField", f.ID)
	if nf.Order == 0 {
		nf.Order = len(s.st.userFields) + 1
	}
	if nf.Choices == nil && (nf.Type == "choice" || nf.Type == "multiple_choice" || nf.Type == "dropdown") {
		nf.Choices = []Choice{}
	}
	var high int64
	for _, c := range nf.Choices {
		high = max(high, c.ID)
	}
	for i := range nf.Choices {
		if nf.Choices[i].ID == 0 {
			high++
			nf.Choices[i].ID = high
		}
	}
	s.st.userFields[nf.ID] = &nf
	return nf.clone()
}

// AddStaff adds an agent (ID 0 allocates one).
func (s *Server) AddStaff(st Staff) Staff {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := st.clone()
	n.ID = s.st.useID("staff", st.ID)
	s.st.staff[n.ID] = &n
	return n.clone()
}

// AddCategory adds a category (ID 0 allocates one).
func (s *Server) AddCategory(c Category) Category {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.ID = s.st.useID("category", c.ID)
	n := c
	s.st.categories[n.ID] = &n
	return c
}

// AddStatus adds a status (ID 0 allocates one).
func (s *Server) AddStatus(st Status) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.ID = s.st.useID("status", st.ID)
	n := st
	s.st.statuses[n.ID] = &n
	return st
}
