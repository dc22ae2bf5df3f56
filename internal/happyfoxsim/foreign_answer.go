package happyfoxsim

import (
	"encoding/json"
	"math/rand"
	"slices"
	"strings"
	"sync"
)

// ForeignAnswer is the fault that answers a create with ANOTHER object, as a caching proxy, an answer cut short or
// a HappyFox bug might. The create itself is carried out: HappyFox holds the new object, only its answer lies.
// It applies to successful (200) creates only. In a bulk POST /users/ (§2.5) each successful item counts as one
// create, and its result's id (and, unless IDOnly, its e-mail) becomes the other contact's. Every altered answer
// or bulk item counts in Stats.ForeignAnswers.
type ForeignAnswer struct {
	// Routes are the creates it applies to: "POST /contact_groups/", "POST /users/", "POST /assets/",
	// "POST /tickets/" (one ticket). Empty means all of them.
	Routes []string
	// Count answers the next Count creates on Routes so, then the fault disarms. When Count is 0, Rate applies.
	Count int
	// Rate answers that share of the creates on Routes so, drawn from a source seeded with Seed.
	Rate float64
	Seed int64
	// IDOnly replaces only the answer's id; the rest of the answer is the object really created. Otherwise the
	// whole answer is the other object's, as it is stored.
	IDOnly bool
	// ObjectID names the other object. 0 picks the lowest id of the kind other than the created object's (the
	// oldest one). When that object does not exist, the create is answered truthfully and nothing is counted.
	ObjectID int64
}

// foreignAnswerRoutes are the creates a ForeignAnswer can apply to.
var foreignAnswerRoutes = []string{"POST /contact_groups/", "POST /users/", "POST /assets/", "POST /tickets/"}

type foreignAnswers struct {
	mu  sync.Mutex
	f   ForeignAnswer
	rng *rand.Rand
}

// SetForeignAnswer replaces the foreign-answer fault (thread-safe, at runtime). The zero value turns it off.
func (s *Server) SetForeignAnswer(f ForeignAnswer) {
	s.foreign.mu.Lock()
	defer s.foreign.mu.Unlock()
	f.Routes = slices.Clone(f.Routes)
	s.foreign.f = f
	s.foreign.rng = rand.New(rand.NewSource(f.Seed))
}

// strikes reports whether the fault applies to this create; it consumes a Count only when the caller then alters
// the answer (commit).
func (fa *foreignAnswers) strikes(rt *route) (ForeignAnswer, bool) {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	f := fa.f
	if !slices.Contains(foreignAnswerRoutes, rt.key) {
		return f, false
	}
	if len(f.Routes) > 0 && !slices.ContainsFunc(f.Routes, func(r string) bool { return strings.TrimSpace(r) == rt.key }) {
		return f, false
	}
	if f.Count > 0 {
		return f, true
	}
	return f, f.Rate > 0 && fa.rng != nil && fa.rng.Float64() < f.Rate
}

func (fa *foreignAnswers) commit() {
	fa.mu.Lock()
	defer fa.mu.Unlock()
	if fa.f.Count > 0 {
		fa.f.Count--
	}
}

// foreignAnswer applies the fault to a carried-out create's answer. The caller holds s.mu.
func (s *Server) foreignAnswer(rt *route, rq *request, rep *reply) *reply {
	if rep == nil || rep.status != 200 || rep.raw != nil {
		return rep
	}
	if _, single := rq.body.(map[string]any); !single {
		if results, isList := rep.body.([]any); isList && rt.key == "POST /users/" {
			s.foreignBulkItems(rt, results)
		}
		return rep
	}
	f, on := s.foreign.strikes(rt)
	if !on {
		return rep
	}
	m := asJSONObject(rep.body)
	own, isNum := m["id"].(float64)
	if !isNum {
		return rep
	}
	other := f.ObjectID
	var body any
	switch rt.key {
	case "POST /contact_groups/":
		other = otherID(s.st.groups, int64(own), other)
		if g := s.st.groups[other]; g != nil {
			body = s.st.groupDetail(g)
		}
	case "POST /users/":
		other = otherID(s.st.contacts, int64(own), other)
		if c := s.st.contacts[other]; c != nil {
			body = s.st.contactAnswer(c)
		}
	case "POST /assets/":
		other = otherID(s.st.assets, int64(own), other)
		if a := s.st.assets[other]; a != nil {
			body = s.renderAsset(a)
		}
	case "POST /tickets/":
		other = otherID(s.st.tk.tickets, int64(own), other)
		if t := s.st.tk.tickets[other]; t != nil {
			body = s.st.renderTicket(t)
		}
	}
	if body == nil {
		return rep
	}
	s.foreign.commit()
	s.cnt.add(func(st *Stats) { st.ForeignAnswers++ })
	if f.IDOnly {
		m["id"] = other
		body = m
	}
	return &reply{status: rep.status, body: body, header: rep.header}
}

// foreignBulkItems applies the fault to each successful item of a bulk POST /users/ answer, in place. The caller
// holds s.mu.
func (s *Server) foreignBulkItems(rt *route, results []any) {
	for _, r := range results {
		item, _ := r.(map[string]any)
		own, isID := item["id"].(int64)
		if item == nil || item["success"] != true || !isID {
			continue
		}
		f, on := s.foreign.strikes(rt)
		if !on {
			continue
		}
		other := s.st.contacts[otherID(s.st.contacts, own, f.ObjectID)]
		if other == nil {
			continue
		}
		s.foreign.commit()
		s.cnt.add(func(st *Stats) { st.ForeignAnswers++ })
		item["id"] = other.ID
		if !f.IDOnly {
			item["email"] = nil
			if other.Email != "" {
				item["email"] = other.Email
			}
		}
	}
}

// otherID is want when set, else the lowest id in m other than own (0 when there is none).
func otherID[T any](m map[int64]T, own, want int64) int64 {
	if want != 0 {
		return want
	}
	for _, id := range sortedIDs(m) {
		if id != own {
			return id
		}
	}
	return 0
}

// asJSONObject renders a reply body as the JSON object a client would decode (nil when it is not one).
func asJSONObject(body any) map[string]any {
	b, err := json.Marshal(body)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
