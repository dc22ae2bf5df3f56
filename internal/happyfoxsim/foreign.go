package happyfoxsim

// foreignAnswerRoutes are the creates Faults.ForeignAnswerRate applies to.
var foreignAnswerRoutes = map[string]bool{
	"POST /contact_groups/": true,
	"POST /users/":          true,
	"POST /assets/":         true,
	"POST /tickets/":        true,
}

// foreignAnswer renders the oldest existing object of the kind rt creates, or nil when there is none (or the
// request is a bulk contact create, whose answer is a list). The caller holds s.mu.
func (s *Server) foreignAnswer(rt *route, rq *request) any {
	switch rt.key {
	case "POST /contact_groups/":
		if ids := sortedIDs(s.st.groups); len(ids) > 0 {
			return s.st.groupDetail(s.st.groups[ids[0]])
		}
	case "POST /users/":
		if _, single := rq.body.(map[string]any); !single && rq.body != nil {
			return nil
		}
		if ids := sortedIDs(s.st.contacts); len(ids) > 0 {
			return s.st.renderContact(s.st.contacts[ids[0]])
		}
	case "POST /assets/":
		if ids := sortedIDs(s.st.assets); len(ids) > 0 {
			return s.renderAsset(s.st.assets[ids[0]])
		}
	case "POST /tickets/":
		if _, single := rq.body.(map[string]any); !single {
			return nil
		}
		if ids := sortedIDs(s.st.tk.tickets); len(ids) > 0 {
			return s.st.renderTicket(s.st.tk.tickets[ids[0]])
		}
	}
	return nil
}
