package happyfoxsim

// §5 reference lists: bare arrays with exactly the documented fields (H).

type roleOut struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type staffOut struct {
	ID             int64    `json:"id"`
	Name           string   `json:"name"`
	Email          string   `json:"email"`
	Active         bool     `json:"active"`
	IsAccountAdmin bool     `json:"is_account_admin"`
	Role           roleOut  `json:"role"`
	Categories     []int64  `json:"categories"`
	Permissions    []string `json:"permissions"`
}

type categoryOut struct {
	ID                 int64  `json:"id"`
	Name               string `json:"name"`
	Description        string `json:"description"`
	Public             bool   `json:"public"`
	TimeSpentMandatory bool   `json:"time_spent_mandatory"`
	PrepopulateCC      string `json:"prepopulate_cc"`
}

type statusOut struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Color    string `json:"color"`
	Order    int    `json:"order"`
	Default  bool   `json:"default"`
	Behavior string `json:"behavior"`
}

func (s *Server) listCategories(*request) *reply {
	out := []categoryOut{}
	for _, id := range sortedIDs(s.st.categories) {
		c := s.st.categories[id]
		out = append(out, categoryOut{c.ID, c.Name, c.Description, c.Public, c.TimeSpentMandatory, c.PrepopulateCC})
	}
	return ok(out)
}

func (s *Server) listStaff(*request) *reply {
	out := []staffOut{}
	for _, id := range sortedIDs(s.st.staff) {
		st := s.st.staff[id]
		cats := st.Categories
		if cats == nil {
			cats = []int64{}
		}
		perms := st.Permissions
		if perms == nil {
			perms = []string{}
		}
		out = append(out, staffOut{st.ID, st.Name, st.Email, st.Active, st.IsAccountAdmin,
			roleOut{st.Role.ID, st.Role.Name}, cats, perms})
	}
	return ok(out)
}

// listStatuses keeps id order, which is deliberately not the "order" field
// order (§5: "The array is not sorted by order").
func (s *Server) listStatuses(*request) *reply {
	out := []statusOut{}
	for _, id := range sortedIDs(s.st.statuses) {
		st := s.st.statuses[id]
		out = append(out, statusOut{st.ID, st.Name, st.Color, st.Order, st.Default, st.Behavior})
	}
	return ok(out)
}

// assetStaffError checks a created_by / updated_by / deleted_by value: an
// active staff with the manage_assets permission (KB1201, §3.3 H). How a
// violation is reported is "?" (403 vs 400, §1); the simulator answers
// shape B 400 on the field with these messages (L).
func (st *state) assetStaffError(v any) (int64, string) {
	if isBlank(v) {
		return 0, msgRequired
	}
	id, ok := asInt(v)
	if !ok {
		return 0, "A valid integer is required."
	}
	sf := st.staff[id]
	switch {
	case sf == nil:
		return 0, "Staff with id " + show(v) + " does not exist."
	case !sf.Active:
		return 0, "Staff " + show(v) + " is not active."
	case !hasPermission(sf, "manage_assets"):
		return 0, "Staff " + show(v) + " does not have the Manage Assets permission."
	}
	return id, ""
}

func hasPermission(sf *Staff, perm string) bool {
	for _, p := range sf.Permissions {
		if p == perm {
			return true
		}
	}
	return false
}
