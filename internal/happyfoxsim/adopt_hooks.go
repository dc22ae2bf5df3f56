package happyfoxsim

import "fmt"

// Hooks for seeding big accounts (adoption tests and the adoption benchmark): objects that exist in HappyFox
// before Terraform, created without an API call so that request counters only count what the provider does.

// AddAsset stores an asset as if created in the web interface. ID 0 picks the next id; the asset type must
// exist (false otherwise). CreatedAt and UpdatedAt default to the clock.
func (s *Server) AddAsset(a Asset) (Asset, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.assetTypes[a.AssetTypeID] == nil {
		return Asset{}, false
	}
	na := a.clone()
	na.ID = s.st.useID("asset", a.ID)
	if na.CreatedAt.IsZero() {
		na.CreatedAt = s.now().UTC()
	}
	if na.UpdatedAt.IsZero() {
		na.UpdatedAt = na.CreatedAt
	}
	if na.ContactIDs == nil {
		na.ContactIDs = []int64{}
	}
	if na.ContactGroupIDs == nil {
		na.ContactGroupIDs = []int64{}
	}
	if na.CustomFields == nil {
		na.CustomFields = map[int64]any{}
	}
	s.st.assets[na.ID] = &na
	return na.clone(), true
}

// AdoptionAccount describes what SeedAdoptionAccount added.
type AdoptionAccount struct {
	GroupIDs, ContactIDs, AssetIDs []int64
	AssetTypeID                    int64    // the asset type holding every seeded asset
	Domains                        []string // contact e-mail domains, in rotation
}

// SeedAdoptionAccount adds an account configured by hand before Terraform: groups named "Adopted group NNN"
// (every third with a description and tagged domains), contacts person-NNNN@<domain> spread over three domains
// (every fifth with a phone, each in one group, every fourth with ticket access), and assets of a new asset
// type "Adopted" (each linked to one contact). The seed's own objects stay as they are.
func (s *Server) SeedAdoptionAccount(contacts, groups, assets int) AdoptionAccount {
	acc := AdoptionAccount{Domains: []string{"alpha.example", "beta.example", "gamma.example"}}
	for i := 1; i <= groups; i++ {
		g := ContactGroup{Name: fmt.Sprintf("Adopted group %03d", i)}
		if i%3 == 0 {
			g.Description = fmt.Sprintf("Group %d, set up by hand", i)
			g.TaggedDomains = fmt.Sprintf("g%d.example,g%d.example.org", i, i)
		}
		acc.GroupIDs = append(acc.GroupIDs, s.AddContactGroup(g).ID)
	}
	for i := 1; i <= contacts; i++ {
		c := Contact{
			Name:           fmt.Sprintf("Person %04d", i),
			Email:          fmt.Sprintf("person-%04d@%s", i, acc.Domains[i%len(acc.Domains)]),
			IsLoginEnabled: i%7 != 0,
		}
		if i%5 == 0 {
			c.Phones = []Phone{{Type: "w", Number: fmt.Sprintf("+1 555 %04d", i), IsPrimary: true}}
		}
		if len(acc.GroupIDs) > 0 {
			c.Memberships = []Membership{{GroupID: acc.GroupIDs[i%len(acc.GroupIDs)], AccessTickets: i%4 == 0}}
		}
		acc.ContactIDs = append(acc.ContactIDs, s.AddContact(c).ID)
	}
	if assets > 0 {
		acc.AssetTypeID = s.AddAssetType("Adopted").ID
	}
	for i := 1; i <= assets; i++ {
		a := Asset{Name: fmt.Sprintf("Asset %04d", i), DisplayID: fmt.Sprintf("AD-%04d", i), AssetTypeID: acc.AssetTypeID, CreatedBy: 1}
		if len(acc.ContactIDs) > 0 {
			a.ContactIDs = []int64{acc.ContactIDs[i%len(acc.ContactIDs)]}
		}
		na, _ := s.AddAsset(a)
		acc.AssetIDs = append(acc.AssetIDs, na.ID)
	}
	return acc
}
