package happyfoxsim

import "sync"

// Trust faults: answers that are well formed but wrong, as a caching proxy, an answer cut short or a HappyFox
// bug could produce, and behaviours the notes cannot rule out. They are off by default and set at runtime.

type trustSwitches struct {
	mu sync.Mutex
	// assetCreateAnswerID: the next asset creates (count) really create the asset but answer with the asset of
	// this id instead (a foreign object).
	assetCreateAnswerID    int64
	assetCreateAnswerCount int
	// assetPutResetsOmitted: PUT /asset/<id>/ clears every custom field the body leaves out (§3.4 "?": the notes
	// cannot tell whether HappyFox keeps or resets them).
	assetPutResetsOmitted bool
}

// AnswerAssetCreatesWith makes the next count asset creates carry out the create, then answer with asset
// otherID as it is stored (another object's id and content). count 0 turns the fault off.
func (s *Server) AnswerAssetCreatesWith(otherID int64, count int) {
	s.trust.mu.Lock()
	defer s.trust.mu.Unlock()
	s.trust.assetCreateAnswerID, s.trust.assetCreateAnswerCount = otherID, count
}

// SetAssetPutResetsOmittedCustomFields makes PUT /asset/<id>/ clear every custom field that the body's
// custom_fields object does not list (also when the body has no custom_fields at all).
func (s *Server) SetAssetPutResetsOmittedCustomFields(on bool) {
	s.trust.mu.Lock()
	defer s.trust.mu.Unlock()
	s.trust.assetPutResetsOmitted = on
}

// assetCreateAnswer returns the asset to answer a create with: a foreign one while the fault is armed, else a.
// The caller holds s.mu.
func (s *Server) assetCreateAnswer(a *Asset) *Asset {
	s.trust.mu.Lock()
	defer s.trust.mu.Unlock()
	if s.trust.assetCreateAnswerCount <= 0 {
		return a
	}
	other := s.st.assets[s.trust.assetCreateAnswerID]
	if other == nil {
		return a
	}
	s.trust.assetCreateAnswerCount--
	return other
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
