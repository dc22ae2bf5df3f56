package happyfoxsim_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

func TestAuth(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	for name, setAuth := range map[string]func(*http.Request){
		"missing": func(*http.Request) {},
		"wrong":   func(r *http.Request) { r.SetBasicAuth(happyfoxsim.DefaultAPIKey, "nope") },
		"swapped": func(r *http.Request) { r.SetBasicAuth(happyfoxsim.DefaultAuthCode, happyfoxsim.DefaultAPIKey) },
	} {
		req, _ := http.NewRequest(http.MethodGet, h.base+"staff/", nil)
		setAuth(req)
		res, err := h.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") != `Basic realm="API"` {
			t.Fatalf("%s: status %d, WWW-Authenticate %q", name, res.StatusCode, res.Header.Get("WWW-Authenticate"))
		}
	}
	r := h.requestWith(http.MethodGet, "staff/", nil, "", false)
	mustEqualJSON(t, r.json(t), `{"error":"Authentication credentials were not provided or are invalid."}`)
	h.get("staff/", 200)
	if st := h.sim.Counters(); st.Unauthorized != 4 || st.Routes["GET /staff/"] != 5 {
		t.Fatalf("counters %+v", st)
	}

	custom := newHarness(t, happyfoxsim.Options{APIKey: "k", AuthCode: "c"})
	custom.get("staff/", 401)
}

func TestRoutingAndShapes(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	// Bare arrays (§1.1).
	for _, p := range []string{"contact_groups/", "categories/", "staff/", "statuses/", "ticket_custom_fields/", "user_custom_fields/", "priorities/"} {
		h.get(p, 200).list(t)
	}
	// Envelopes.
	for _, p := range []string{"users/", "assets/", "asset_custom_fields/", "asset_types/", "tickets/"} {
		m := h.get(p, 200).obj(t)
		if _, ok := m["page_info"]; !ok {
			t.Fatalf("%s: no page_info: %v", p, m)
		}
	}
	// Missing trailing slash tolerated.
	h.get("contact_group/1", 200)
	h.get("user/existing@example.com", 200)
	// Unknown path and wrong method.
	mustEqualJSON(t, h.get("reports/", 404).json(t), `{"error":"Not found"}`)
	r := h.request(http.MethodDelete, "contact_group/1/", nil)
	h.mustStatus(r, 405)
	if r.header.Get("Allow") == "" {
		t.Fatal("405 without Allow")
	}
	// Unknown object ids.
	for _, p := range []string{"contact_group/99/", "user/99/", "user/nobody@example.com/", "asset/99/", "asset_type/99/",
		"asset_custom_field/99/", "asset_custom_fields/99/", "ticket_custom_field/99/", "user_custom_field/99/"} {
		mustEqualJSON(t, h.get(p, 404).json(t), `{"error":"Not found"}`)
	}
}

func TestNotFoundAs400(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{Assume: happyfoxsim.Assumptions{NotFound: "400"}})
	r := h.get("contact_group/99/", 400)
	mustEqualJSON(t, r.json(t), `{"error":[{"field":"__all__","errors":["ContactGroup matching query does not exist."]}]}`)
	r = h.request(http.MethodDelete, "asset/99/?deleted_by=1", nil)
	h.mustStatus(r, 400)
	if got := shapeAErrors(t, r, "__all__"); len(got) != 1 || got[0] != "Asset matching query does not exist." {
		t.Fatalf("got %v", got)
	}
	h.get("nowhere/", 404) // unknown paths stay 404
}

func TestPagination(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{Empty: true})
	empty := h.get("users/", 200).obj(t)
	mustEqualJSON(t, empty, `{"page_info":{"count":0,"last_index":0,"page_count":0,"start_index":0,"end_index":0},"data":[]}`)
	for i := 0; i < 57; i++ {
		h.sim.AddContact(happyfoxsim.Contact{Name: fmt.Sprintf("P%02d", i), Email: fmt.Sprintf("p%02d@example.com", i), IsLoginEnabled: true})
	}
	def := h.get("users/", 200).obj(t)
	mustEqualJSON(t, def["page_info"], `{"count":10,"last_index":57,"page_count":6,"start_index":1,"end_index":10}`)
	clamped := h.get("users/?size=100", 200).obj(t)
	mustEqualJSON(t, clamped["page_info"], `{"count":50,"last_index":57,"page_count":2,"start_index":1,"end_index":50}`)
	p2 := h.get("users/?size=50&page=2", 200).obj(t)
	mustEqualJSON(t, p2["page_info"], `{"count":7,"last_index":57,"page_count":2,"start_index":51,"end_index":57}`)
	if first := p2["data"].([]any)[0].(map[string]any); first["name"] != "P50" {
		t.Fatalf("page 2 starts with %v", first["name"])
	}
	past := h.get("users/?size=50&page=9", 200).obj(t)
	mustEqualJSON(t, past, `{"page_info":{"count":0,"last_index":57,"page_count":2,"start_index":0,"end_index":0},"data":[]}`)
}

func TestBodies(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	r := h.post("contact_groups/", `{"name": "x",`, 400)
	if got := shapeAErrors(t, r, "__all__"); len(got) != 1 || !strings.HasPrefix(got[0], "Malformed JSON") {
		t.Fatalf("got %s", r.body)
	}
	h.post("contact_groups/", `{"name":"a"} {"name":"b"}`, 400)
	h.post("contact_groups/", `[1]`, 400)

	// Form-urlencoded flat payloads; repeated keys become lists.
	form := url.Values{"name": {"Form Group"}, "tagged_domains": {"a.example", "b.example"}}
	r = h.requestWith(http.MethodPost, "contact_groups/", form.Encode(), "application/x-www-form-urlencoded", true)
	h.mustStatus(r, 200)
	mustEqualJSON(t, r.obj(t)["tagged_domains"], `"a.example,b.example"`)
	form = url.Values{"name": {"Form Person"}, "email": {"form@example.com"}, "is_login_enabled": {"FALSE"}, "c-cf-8": {"10", "11"}}
	r = h.requestWith(http.MethodPost, "users/", form.Encode(), "application/x-www-form-urlencoded", true)
	h.mustStatus(r, 200)
	c := r.obj(t)
	if c["is_login_enabled"] != false || num(c["custom_fields"].([]any)[4].(map[string]any)["value_id"].([]any)[1]) != 11 {
		t.Fatalf("form contact: %s", r.body)
	}
	// Unknown JSON fields are ignored.
	h.post("contact_groups/", map[string]any{"name": "Extra", "bogus": []int{1}}, 200)
	// Oversized body.
	big := `{"name":"` + strings.Repeat("x", 11<<20) + `"}`
	r = h.request(http.MethodPost, "contact_groups/", big)
	if r.err == nil && r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: %d", r.status)
	}
}

func TestReferenceLists(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	staff := h.get("staff/", 200).list(t)
	if len(staff) != 4 {
		t.Fatalf("staff: %d", len(staff))
	}
	mustEqualJSON(t, staff[2], `{"id":3,"name":"Cy Former","email":"cy@example.com","active":false,"is_account_admin":false,
		"role":{"id":2,"name":"Agent"},"categories":[3],"permissions":["manage_assets","manage_contacts"]}`)
	statuses := h.get("statuses/", 200).list(t)
	mustEqualJSON(t, statuses[0], `{"id":1,"name":"New","color":"DF3F3F","order":1,"default":true,"behavior":"pending"}`)
	cats := h.get("categories/", 200).list(t)
	if len(cats) != 3 || cats[1].(map[string]any)["public"] != false {
		t.Fatalf("categories: %v", cats)
	}
	h.sim.AddStaff(happyfoxsim.Staff{Name: "New", Active: true})
	h.sim.AddCategory(happyfoxsim.Category{Name: "More"})
	h.sim.AddStatus(happyfoxsim.Status{Name: "Later", Behavior: "pending"})
	if n := len(h.get("staff/", 200).list(t)); n != 5 {
		t.Fatalf("staff after add: %d", n)
	}

	empty := newHarness(t, happyfoxsim.Options{Empty: true})
	for _, p := range []string{"contact_groups/", "categories/", "staff/", "statuses/", "ticket_custom_fields/", "user_custom_fields/", "priorities/"} {
		if r := empty.get(p, 200); string(r.body) != "[]\n" {
			t.Fatalf("%s on empty: %s", p, r.body)
		}
	}
	mustEqualJSON(t, empty.get("assets/", 200).obj(t)["data"], `[]`)
}
