package happyfoxsim

import "strings"

// Bulk POST /users/ (a JSON array, ≤100 items, §2.5 H) is served by postUsers in contacts.go. This file holds
// its fault switches and counters, so that tests can make one item fail or lose the answer of a whole bulk
// request after HappyFox carried it out.

// BulkFaults configures faults of bulk POST /users/ requests only (single-object POSTs are unaffected).
type BulkFaults struct {
	// LoseAnswers makes the next LoseAnswers bulk requests be carried out in full (every item created or
	// edited), after which the connection is dropped without an answer.
	LoseAnswers int
	// RejectItems fails the item whose e-mail (case-insensitive) is a key with that field error, in shape A
	// inside the item's result, as HappyFox does for an invalid field (§2.5, L for the error key). The
	// other items of the request are carried out.
	RejectItems map[string]BulkItemError
}

// BulkItemError is the field error a rejected bulk item answers with.
type BulkItemError struct {
	Field   string // e.g. "name" or "c-cf-3"
	Message string // e.g. "This field is required."
}

// BulkStats counts bulk POST /users/ requests that reached the handler.
type BulkStats struct {
	Requests     int // bulk requests carried out
	Items        int // items in them
	MaxItems     int // largest request
	LostAnswers  int // answers dropped by BulkFaults.LoseAnswers
	ItemsFailed  int // items answered with success false
	ItemsCreated int // items that created a new contact
}

type bulkState struct {
	f  BulkFaults
	st BulkStats
}

// SetBulkFaults replaces the bulk fault configuration.
func (s *Server) SetBulkFaults(f BulkFaults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rej := map[string]BulkItemError{}
	for k, v := range f.RejectItems {
		rej[strings.ToLower(strings.TrimSpace(k))] = v
	}
	f.RejectItems = rej
	s.bulk.f = f
}

// BulkCounters returns the bulk request counters.
func (s *Server) BulkCounters() BulkStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bulk.st
}

// bulkRejection returns the configured error of an item, if any (called under s.mu).
func (s *Server) bulkRejection(item map[string]any) fieldErrors {
	e, _ := item["email"].(string)
	r, ok := s.bulk.f.RejectItems[strings.ToLower(strings.TrimSpace(e))]
	if !ok || e == "" {
		return nil
	}
	return fieldErrors{{Field: r.Field, Errors: []string{r.Message}}}
}

// bulkDone records a carried-out bulk request and decides whether its answer is lost (called under s.mu).
func (s *Server) bulkDone(items, failed, created int, rep *reply) *reply {
	s.bulk.st.Requests++
	s.bulk.st.Items += items
	s.bulk.st.MaxItems = max(s.bulk.st.MaxItems, items)
	s.bulk.st.ItemsFailed += failed
	s.bulk.st.ItemsCreated += created
	if s.bulk.f.LoseAnswers > 0 {
		s.bulk.f.LoseAnswers--
		s.bulk.st.LostAnswers++
		rep.lose = true
	}
	return rep
}

// nextContactIDForBulk is the id the next new contact gets: an item answered with an id at least this large
// created a contact rather than editing one.
func (st *state) nextContactIDForBulk() int64 { return st.lastID["contact"] + 1 }
