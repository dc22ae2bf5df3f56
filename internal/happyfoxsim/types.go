package happyfoxsim

import "time"

// The types in this file are the simulator's own view of HappyFox state. They
// are deliberately independent of internal/client: the simulator is the other
// side of the wire. Hooks always return deep copies.

// ContactGroup is a contact group (§2.8). TaggedDomains is stored as one
// comma-separated string, "" when empty (H).
type ContactGroup struct {
	ID            int64
	Name          string
	Description   string
	TaggedDomains string
	Members       []GroupMember
}

// GroupMember is one member of a contact group. AccessTickets is called
// access_tickets in update_contacts, view_tickets_in_group in the group's
// contacts[] and access_all_tickets_in_group in the contact's contact_groups[].
type GroupMember struct {
	ContactID     int64
	AccessTickets bool
}

// Phone is one phone number of a contact. Type is one of mo, w, m, h, o.
type Phone struct {
	ID        int64
	Type      string
	Number    string
	IsPrimary bool
}

// Membership is the contact-side view of a group membership. It is derived
// from the groups' member lists (single source of truth) when a Contact is
// returned; AddContact applies it.
type Membership struct {
	GroupID       int64
	AccessTickets bool
}

// Contact is a HappyFox contact ("user", §2.1). Email "" means null.
//
// CustomFields holds normalized values keyed by user custom field id: text
// and date fields string, number int64 or float64, choice int64 (choice id),
// multiple_choice []int64 (choice ids). Unset fields are absent.
type Contact struct {
	ID             int64
	Name           string
	Email          string
	Phones         []Phone
	IsLoginEnabled bool
	CustomFields   map[int64]any
	CreatedAt      time.Time
	UpdatedAt      *time.Time // nil until the first update (H: updated_at can be null)
	Memberships    []Membership
}

// Choice is a choice of a choice-like custom field. DependantFields is only
// meaningful for ticket and contact custom fields; asset choices render as
// {id, text}.
type Choice struct {
	ID              int64
	Text            string
	DependantFields []any
}

// UserCustomField is a contact custom field definition (§2.7). Type is one of
// text, textarea, number, date, choice, multiple_choice.
type UserCustomField struct {
	ID                 int64
	Name               string
	Type               string
	Required           bool
	Order              int
	DependsOnChoice    *int64
	VisibleToStaffOnly bool
	Choices            []Choice // nil for non-choice types (rendered as null)
}

// TicketCustomField is a ticket custom field definition (§4).
type TicketCustomField struct {
	ID                    int64
	Name                  string
	Type                  string // text, choice, dropdown, multiple_choice, ...
	Required              bool
	CompulsoryOnCompleted bool
	CompulsoryOnMove      bool
	DependsOnChoice       *int64
	VisibleToStaffOnly    bool
	Choices               []Choice // nil for non-choice types (rendered as null)
	Categories            []CategoryOrder
}

// CategoryOrder is the per-category order of a ticket custom field.
type CategoryOrder struct {
	Category int64
	Order    int
}

// AssetTypeSettings are the settings of an asset type (§3.7).
type AssetTypeSettings struct {
	EnableTicketAssociation            bool
	EnableContactAssociation           bool
	EnableAssetTypeVisibilityToContact bool // only in the 2026 revision; omitted with LegacyAssetShape
	EnableAssetQuantityForTicket       bool
}

// AssetType is an asset type (§3.7). Description nil renders as null.
type AssetType struct {
	ID          int64
	Name        string
	Description *string
	Settings    AssetTypeSettings
}

// AssetCustomField is an asset custom field definition (§3.6). Type is one of
// text, textarea, number, date, dropdown, multi_option.
type AssetCustomField struct {
	ID          int64
	AssetTypeID int64
	Name        string
	Type        string
	Order       int
	Required    bool
	Choices     []Choice // dropdown and multi_option only
}

// Asset is an asset (§3.1).
//
// CustomFields holds normalized values keyed by asset custom field id: text,
// textarea and date string, number int64, dropdown int64 (choice id),
// multi_option []int64.
type Asset struct {
	ID              int64
	DisplayID       string
	Name            string
	AssetTypeID     int64
	ContactIDs      []int64
	ContactGroupIDs []int64
	CustomFields    map[int64]any
	CreatedBy       int64
	UpdatedBy       *int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Role is a staff role.
type Role struct {
	ID   int64
	Name string
}

// Staff is an agent (§5).
type Staff struct {
	ID             int64
	Name           string
	Email          string
	Active         bool
	IsAccountAdmin bool
	Role           Role
	Categories     []int64
	Permissions    []string
}

// Category is a ticket category (§5).
type Category struct {
	ID                 int64
	Name               string
	Description        string
	Public             bool
	TimeSpentMandatory bool
	PrepopulateCC      string
}

// Status is a ticket status (§5). Behavior is "pending" or "completed".
type Status struct {
	ID       int64
	Name     string
	Color    string
	Order    int
	Default  bool
	Behavior string
}
