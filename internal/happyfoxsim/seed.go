package happyfoxsim

import "time"

// seedTime is the fixed creation time of seed objects, so seed data is
// deterministic whatever the clock.
var seedTime = time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)

// allPermissions are the permissions relevant to this provider (§5).
var allPermissions = []string{
	"manage_assets", "manage_asset_types", "manage_asset_fields",
	"manage_contacts", "manage_contact_groups", "create_contacts", "edit_contacts",
	"manage_client_custom", "manage_ticket_custom",
}

func choices(pairs ...any) []Choice {
	var out []Choice
	for i := 0; i+1 < len(pairs); i += 2 {
		id, _ := pairs[i].(int)
		text, _ := pairs[i+1].(string)
		out = append(out, Choice{ID: int64(id), Text: text, DependantFields: []any{}})
	}
	return out
}

// seed loads the default data set (see the package brief for its contents).
func (st *state) seed() {
	admin := Role{1, "Administrator"}
	agent := Role{2, "Agent"}
	viewer := Role{3, "Viewer"}
	for _, s := range []*Staff{
		{ID: 1, Name: "Ada Admin", Email: "ada@example.com", Active: true, IsAccountAdmin: true, Role: admin,
			Categories: []int64{3, 4, 5}, Permissions: allPermissions},
		{ID: 2, Name: "Ben Agent", Email: "ben@example.com", Active: true, Role: agent,
			Categories: []int64{3}, Permissions: []string{"manage_contacts", "manage_contact_groups"}},
		// Cy has manage_assets but is inactive, so "inactive" is testable on its own.
		{ID: 3, Name: "Cy Former", Email: "cy@example.com", Active: false, Role: agent,
			Categories: []int64{3}, Permissions: []string{"manage_assets", "manage_contacts"}},
		{ID: 4, Name: "Dee Viewer", Email: "dee@example.com", Active: true, Role: viewer,
			Categories: []int64{3, 4}, Permissions: []string{"manage_contacts"}},
	} {
		st.staff[st.useID("staff", s.ID)] = s
	}

	for _, c := range []*Category{
		{ID: 3, Name: "Support", Description: "Customer support", Public: true, TimeSpentMandatory: false, PrepopulateCC: ""},
		{ID: 4, Name: "Billing", Description: "", Public: false, TimeSpentMandatory: true, PrepopulateCC: "BIL"},
		{ID: 5, Name: "Internal", Description: "Internal requests", Public: false},
	} {
		st.categories[st.useID("category", c.ID)] = c
	}

	// Deliberately not sorted by "order" (§5).
	for _, s := range []*Status{
		{ID: 1, Name: "New", Color: "DF3F3F", Order: 1, Default: true, Behavior: "pending"},
		{ID: 2, Name: "On hold", Color: "120D58", Order: 3, Behavior: "pending"},
		{ID: 3, Name: "Closed", Color: "2F9E44", Order: 4, Behavior: "completed"},
		{ID: 4, Name: "Waiting", Color: "F5A623", Order: 2, Behavior: "pending"},
	} {
		st.statuses[st.useID("status", s.ID)] = s
	}

	for _, f := range []*UserCustomField{
		{ID: 4, Name: "Account Number", Type: "text", Order: 1},
		{ID: 5, Name: "Region", Type: "choice", Order: 2, Choices: choices(3, "APAC", 4, "EMEA", 5, "AMER")},
		{ID: 6, Name: "Seats", Type: "number", Order: 3},
		{ID: 7, Name: "Renewal", Type: "date", Order: 4},
		{ID: 8, Name: "Products", Type: "multiple_choice", Order: 5, Choices: choices(10, "Helpdesk", 11, "Chat", 12, "Assets")},
	} {
		st.userFields[st.useID("userField", f.ID)] = f
	}

	st.groups[st.useID("group", 1)] = &ContactGroup{ID: 1, Name: "Existing Customers", Description: "Customers with an active contract", TaggedDomains: "example.com"}
	st.groups[st.useID("group", 2)] = &ContactGroup{ID: 2, Name: "VIP"}

	contacts := []*Contact{
		{ID: 1, Name: "Existing Person", Email: "existing@example.com", IsLoginEnabled: true,
			Phones:       []Phone{{ID: 1, Type: "mo", Number: "+1 555 0100", IsPrimary: true}},
			CustomFields: map[int64]any{4: "ACME-001", 5: int64(3), 6: int64(25)}},
		{ID: 2, Name: "Second Person", Email: "second@example.com", IsLoginEnabled: true, CustomFields: map[int64]any{}},
		{ID: 3, Name: "Phone Only", IsLoginEnabled: true,
			Phones:       []Phone{{ID: 2, Type: "w", Number: "020 7946 0000", IsPrimary: true}, {ID: 3, Type: "h", Number: "020 7946 0001"}},
			CustomFields: map[int64]any{}},
		{ID: 4, Name: "Disabled Login", Email: "disabled@example.org", IsLoginEnabled: false,
			CustomFields: map[int64]any{7: "2025-06-30", 8: []int64{10, 12}}},
		{ID: 5, Name: "Vera Vip", Email: "vera@vip.example.net", IsLoginEnabled: true, CustomFields: map[int64]any{5: int64(4)}},
	}
	for i, c := range contacts {
		c.CreatedAt = seedTime.Add(time.Duration(i) * time.Hour)
		st.contacts[st.useID("contact", c.ID)] = c
		for _, p := range c.Phones {
			st.useID("phone", p.ID)
		}
	}
	st.groups[1].Members = []GroupMember{{ContactID: 1, AccessTickets: true}, {ContactID: 2, AccessTickets: false}}

	for _, t := range []*AssetType{
		{ID: 1, Name: "General", Settings: AssetTypeSettings{true, true, true, true}},
		{ID: 2, Name: "Laptop", Description: strPtr("Company laptops"), Settings: AssetTypeSettings{true, true, false, false}},
		{ID: 3, Name: "Licence", Description: strPtr(""), Settings: AssetTypeSettings{false, true, false, true}},
	} {
		st.assetTypes[st.useID("assetType", t.ID)] = t
	}
	for _, f := range []*AssetCustomField{
		{ID: 45, AssetTypeID: 2, Name: "Serial Number", Type: "text", Order: 1},
		{ID: 46, AssetTypeID: 2, Name: "Notes", Type: "textarea", Order: 2},
		{ID: 47, AssetTypeID: 2, Name: "RAM GB", Type: "number", Order: 3},
		{ID: 48, AssetTypeID: 2, Name: "Purchased", Type: "date", Order: 4},
		{ID: 49, AssetTypeID: 2, Name: "OS", Type: "dropdown", Order: 5, Choices: choices(1, "macOS", 2, "Windows", 3, "Linux")},
		{ID: 50, AssetTypeID: 2, Name: "Accessories", Type: "multi_option", Order: 6, Choices: choices(4, "Dock", 5, "Mouse", 6, "Bag")},
	} {
		st.assetFields[st.useID("assetField", f.ID)] = f
		for _, c := range f.Choices {
			st.useID("assetChoice", c.ID)
		}
	}
	for i, a := range []*Asset{
		{ID: 1, DisplayID: "PRN-001", Name: "Reception Printer", AssetTypeID: 1, ContactIDs: []int64{1}, ContactGroupIDs: []int64{1}, CreatedBy: 1},
		{ID: 2, DisplayID: "SCR-001", Name: "Meeting Room Screen", AssetTypeID: 1, ContactIDs: []int64{}, ContactGroupIDs: []int64{}, CreatedBy: 1},
		{ID: 3, DisplayID: "MON-001", Name: "Spare Monitor", AssetTypeID: 1, ContactIDs: []int64{2, 5}, ContactGroupIDs: []int64{}, CreatedBy: 1, UpdatedBy: ptr(int64(1))},
	} {
		a.CustomFields = map[int64]any{}
		a.CreatedAt = seedTime.Add(time.Duration(i) * time.Hour)
		a.UpdatedAt = a.CreatedAt
		if a.UpdatedBy != nil {
			a.UpdatedAt = a.CreatedAt.Add(24 * time.Hour)
		}
		st.assets[st.useID("asset", a.ID)] = a
	}

	cats := []CategoryOrder{{Category: 3, Order: 1}, {Category: 4, Order: 2}}
	for _, f := range []*TicketCustomField{
		{ID: 61, Name: "Request Survey", Type: "choice", CompulsoryOnCompleted: true,
			Choices: choices(2, "No", 1, "Yes"), Categories: cats},
		{ID: 62, Name: "Product", Type: "dropdown", Required: true,
			Choices: choices(7, "Widget", 5, "Gadget", 6, "Gizmo"), Categories: []CategoryOrder{{Category: 3, Order: 2}}},
		{ID: 63, Name: "Order Number", Type: "text", VisibleToStaffOnly: true, Categories: []CategoryOrder{{Category: 4, Order: 1}}},
		{ID: 64, Name: "Regions", Type: "multiple_choice", CompulsoryOnMove: true,
			Choices: choices(1, "North", 2, "South"), Categories: cats},
	} {
		st.ticketFields[st.useID("ticketField", f.ID)] = f
	}
	st.seedTickets()
}

func ptr[T any](v T) *T { return &v }
