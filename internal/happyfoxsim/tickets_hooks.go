package happyfoxsim

// Ticket hooks act "outside Terraform" (an agent in the web UI, an approver). Like the other hooks they bypass
// auth, rate limits, faults and counters, and return deep copies.

// Ticket returns a ticket by number, with every update (private notes included, whatever TicketOptions say).
func (s *Server) Ticket(id int64) (Ticket, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.tk.tickets[id]
	if t == nil {
		return Ticket{}, false
	}
	return t.clone(), true
}

// Tickets returns every ticket ordered by number.
func (s *Server) Tickets() []Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Ticket{}
	for _, id := range sortedIDs(s.st.tk.tickets) {
		out = append(out, s.st.tk.tickets[id].clone())
	}
	return out
}

// TicketDisplayID returns a ticket's display id ("#SU00000001"), "" for an unknown number.
func (s *Server) TicketDisplayID(id int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.st.tk.tickets[id]; t != nil {
		return s.st.ticketDisplayID(t)
	}
	return ""
}

// AddTicket stores a ticket as the web UI would create it (ID 0 allocates a number). Zero status and priority
// take the defaults; the first update is the requester's message "Opened in the web form.".
func (s *Server) AddTicket(t Ticket) Ticket {
	s.mu.Lock()
	defer s.mu.Unlock()
	t.ID = s.st.useID("ticket", t.ID)
	if t.StatusID == 0 {
		t.StatusID = s.st.defaultStatus()
	}
	if t.PriorityID == 0 {
		t.PriorityID = s.st.defaultPriority()
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = s.now().UTC()
	}
	t.UpdatedAt, t.Search = t.CreatedAt, true
	if t.CustomFields == nil {
		t.CustomFields = map[int64]any{}
	}
	nt := t.clone()
	nt.Updates = []TicketUpdate{{ID: s.st.nextID("ticketUpdate"), At: t.CreatedAt, ContactID: t.ContactID, Kind: UpdateCreated,
		HasMessage: true, Text: storedText("Opened in the web form."), HTML: storedHTML("Opened in the web form."),
		NewStatusID: t.StatusID, NewPriority: t.PriorityID}}
	s.st.tk.tickets[nt.ID] = &nt
	return nt.clone()
}

// SetTicketStatus changes a ticket's status as an agent would in the web UI (an approval, say).
func (s *Server) SetTicketStatus(id, statusID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.st.tk.tickets[id]
	if t == nil || s.st.statuses[statusID] == nil {
		return false
	}
	now := s.now().UTC()
	t.Updates = append(t.Updates, TicketUpdate{ID: s.st.nextID("ticketUpdate"), At: now, StaffID: 1,
		OldStatusID: t.StatusID, NewStatusID: statusID})
	t.StatusID, t.UpdatedAt = statusID, now
	return true
}

// RemoveTicket deletes a ticket (the web UI can; §8 leaves the API's delete out of scope).
func (s *Server) RemoveTicket(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.tk.tickets[id] == nil {
		return false
	}
	delete(s.st.tk.tickets, id)
	return true
}

// AddPriority adds or replaces a priority (ID 0 allocates one).
func (s *Server) AddPriority(p Priority) Priority {
	s.mu.Lock()
	defer s.mu.Unlock()
	p.ID = s.st.useID("priority", p.ID)
	np := p
	s.st.tk.priorities[p.ID] = &np
	return p
}

// SetTicketOptions switches the "?" readings of §8 (see TicketOptions). Switching SearchLag off makes every
// ticket searchable.
func (s *Server) SetTicketOptions(o TicketOptions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.tk.opts = o
	if !o.SearchLag {
		for _, t := range s.st.tk.tickets {
			t.Search = true
		}
	}
}

// TicketCounters returns what the ticket endpoints carried out.
func (s *Server) TicketCounters() TicketStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.tk.stats
}

// Notes returns the messages an agent wrote on a ticket (notes and replies), oldest first.
func (t Ticket) Notes() []TicketUpdate {
	var out []TicketUpdate
	for _, u := range t.Updates {
		if (u.Kind == UpdateNote || u.Kind == UpdateReply) && u.HasMessage {
			out = append(out, u)
		}
	}
	return out
}
