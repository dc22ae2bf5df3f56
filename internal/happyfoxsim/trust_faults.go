package happyfoxsim

import "sync"

// Trust faults: behaviours the notes cannot rule out, and objects changed under the provider's feet. They are
// off by default and set at runtime. (A create answered with another object is ForeignAnswer, foreign_answer.go.)

type trustSwitches struct {
	mu sync.Mutex
	// assetPutResetsOmitted: PUT /asset/<id>/ clears every custom field the body leaves out (§3.4 "?": the notes
	// cannot tell whether HappyFox keeps or resets them).
	assetPutResetsOmitted bool
}

// SetAssetPutResetsOmittedCustomFields makes PUT /asset/<id>/ clear every custom field that the body's
// custom_fields object does not list (also when the body has no custom_fields at all).
func (s *Server) SetAssetPutResetsOmittedCustomFields(on bool) {
	s.trust.mu.Lock()
	defer s.trust.mu.Unlock()
	s.trust.assetPutResetsOmitted = on
}

// resetOmittedAssetFields clears the custom fields of a that plan does not set, when the switch is on. The
// caller holds s.mu.
func (s *Server) resetOmittedAssetFields(a *Asset, plan *assetPlan) {
	s.trust.mu.Lock()
	on := s.trust.assetPutResetsOmitted
	s.trust.mu.Unlock()
	if !on {
		return
	}
	for id := range a.CustomFields {
		if _, sent := plan.values[id]; !sent {
			delete(a.CustomFields, id)
		}
	}
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
