package happyfoxsim_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

// observe sends the requests that tell a question's answers apart and describes what came back. Each probe
// starts from a fresh simulator under the assumptions given (and the options it needs).
type observe func(t *testing.T, a happyfoxsim.Assumptions) string

func harnessWith(t *testing.T, a happyfoxsim.Assumptions, opts happyfoxsim.Options) *harness {
	t.Helper()
	opts.Assume = a
	return newHarness(t, opts)
}

func plain(t *testing.T, a happyfoxsim.Assumptions) *harness {
	t.Helper()
	return harnessWith(t, a, happyfoxsim.Options{})
}

// sketch describes an answer: status, content type's media type, and the body (cut short).
func sketch(r resp) string {
	ct, _, _ := strings.Cut(r.header.Get("Content-Type"), ";")
	body := string(r.body)
	if len(body) > 120 {
		body = body[:120]
	}
	return fmt.Sprintf("%d %s %s", r.status, ct, body)
}

// keys lists an object's keys, sorted.
func keys(m map[string]any) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// probes tell every question's answers apart. Each alternative must answer differently from the default and
// from every other alternative, so a switch that is not wired, or two that answer alike, fail the test; so does
// a question without a probe. The probe of a real account (cmd/happyfox-probe) is tested the same way
// (TestProbeRecognisesEverySwitch in internal/probe): it must name the switch whose answers it saw.
var probes = map[string]observe{
	"text-cleaning": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		g := h.post("contact_groups/", map[string]any{"name": " Team  A ", "description": " d  e "}, 200).obj(t)
		return fmt.Sprintf("%q %q", g["name"], g["description"])
	},
	"email-case": func(t *testing.T, a happyfoxsim.Assumptions) string {
		c := plain(t, a).post("users/", map[string]any{"name": "M", "email": "Mixed.Case@Example.COM"}, 200).obj(t)
		return fmt.Sprint(c["email"])
	},
	"uniqueness": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		g := h.request(http.MethodPost, "contact_groups/", map[string]any{"name": "vip"})
		c := h.request(http.MethodGet, "user/EXISTING@example.com/", nil)
		return fmt.Sprint(g.status, c.status)
	},
	"ids": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprintf("%T", plain(t, a).get("contact_group/1/", 200).obj(t)["id"])
	},
	"extra-fields": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).get("contact_group/1/", 200).obj(t))
	},
	"empty-text": func(t *testing.T, a happyfoxsim.Assumptions) string {
		d, has := plain(t, a).get("contact_group/2/", 200).obj(t)["description"]
		return fmt.Sprintf("%v %q", has, d)
	},
	"contact-optional-fields": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		return keys(h.get("user/2/", 200).obj(t)) + " " + keys(h.get("user/1/", 200).obj(t)["phones"].([]any)[0].(map[string]any))
	},
	"page-past-end": func(t *testing.T, a happyfoxsim.Assumptions) string {
		r := plain(t, a).request(http.MethodGet, "users/?size=2&page=9", nil)
		return sketch(r)
	},
	"page-size-over-50": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		for i := range 55 {
			h.sim.AddContact(happyfoxsim.Contact{Name: "P", Email: fmt.Sprintf("p%d@example.com", i)})
		}
		r := h.request(http.MethodGet, "users/?size=60", nil)
		if r.status != 200 {
			return sketch(r)
		}
		return fmt.Sprint(len(r.obj(t)["data"].([]any)))
	},
	"page-size-under-10": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(len(plain(t, a).get("users/?size=2", 200).obj(t)["data"].([]any)))
	},
	"empty-list-page-info": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return jsonOf(plain(t, a).get("asset_custom_fields/?asset_type=3", 200).obj(t)["page_info"])
	},
	"list-fields": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		return keys(h.get("users/", 200).obj(t)["data"].([]any)[0].(map[string]any)) + " " +
			keys(h.get("assets/?asset_type=1", 200).obj(t)["data"].([]any)[0].(map[string]any)) + " " +
			keys(h.get("contact_groups/", 200).list(t)[0].(map[string]any))
	},
	"search-email": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(len(plain(t, a).get("users/?q=email:example.com", 200).obj(t)["data"].([]any)))
	},
	"not-found": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return sketch(plain(t, a).request(http.MethodGet, "contact_group/999/", nil))
	},
	"unauthorized": func(t *testing.T, a happyfoxsim.Assumptions) string {
		r := plain(t, a).requestWith(http.MethodGet, "staff/", nil, "", false)
		return sketch(r) + " " + r.header.Get("Www-Authenticate")
	},
	"forbidden": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return sketch(plain(t, a).request(http.MethodPost, "assets/?asset_type=1", map[string]any{"name": "N", "display_id": "D", "created_by": 2}))
	},
	"rate-limited-body": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := harnessWith(t, a, happyfoxsim.Options{GetLimit: 1})
		h.get("staff/", 200)
		return sketch(h.get("staff/", 429))
	},
	"error-wording": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return string(plain(t, a).post("contact_groups/", map[string]any{}, 400).body)
	},
	"trailing-slash": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodGet, "contact_groups", nil).status)
	},
	"bulk-failure": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodPost, "users/", []any{map[string]any{"email": "no.name@example.com"}}).status)
	},
	"bulk-error-key": func(t *testing.T, a happyfoxsim.Assumptions) string {
		r := plain(t, a).request(http.MethodPost, "users/", []any{map[string]any{"email": "no.name@example.com"}})
		return keys(r.list(t)[0].(map[string]any))
	},
	"bulk-order": func(t *testing.T, a happyfoxsim.Assumptions) string {
		res := plain(t, a).post("users/", []any{map[string]any{"name": "A", "email": "a@x.example"}, map[string]any{"name": "B", "email": "b@x.example"}}, 200).list(t)
		return fmt.Sprint(num(res[0].(map[string]any)["id"]) < num(res[1].(map[string]any)["id"]))
	},
	"bulk-email": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).post("users/", []any{map[string]any{"name": "A", "email": "a@x.example"}}, 200).list(t)[0].(map[string]any))
	},
	"retry-after": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := harnessWith(t, a, happyfoxsim.Options{GetLimit: 1})
		h.get("staff/", 200)
		ra := h.get("staff/", 429).header.Get("Retry-After")
		if _, err := http.ParseTime(ra); err == nil {
			return "date"
		}
		if ra != "" && strings.Trim(ra, "0123456789") == "" {
			return "seconds"
		}
		return fmt.Sprintf("%q", ra)
	},
	"rate-limit-headers": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return plain(t, a).get("staff/", 200).header.Get("X-Ratelimit-Limit")
	},
	"lockout-extension": func(t *testing.T, a happyfoxsim.Assumptions) string {
		clock := newFakeClock()
		h := harnessWith(t, a, happyfoxsim.Options{GetLimit: 1, Lockout: 10 * time.Second, LimitClock: clock.Now})
		h.get("staff/", 200)
		h.get("staff/", 429)
		clock.Advance(6 * time.Second)
		h.get("staff/", 429)
		clock.Advance(6 * time.Second)
		return fmt.Sprint(h.request(http.MethodGet, "staff/", nil).status, h.sim.Counters().LockoutsExtended)
	},
	"key-limit": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := harnessWith(t, a, happyfoxsim.Options{GetLimit: 8})
		h.get("staff/", 200)
		h.get("staff/", 200)
		return fmt.Sprint(h.request(http.MethodGet, "staff/", nil).status)
	},
	"put-delete-bucket": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := harnessWith(t, a, happyfoxsim.Options{GetLimit: 1})
		h.get("staff/", 200)
		return fmt.Sprint(h.request(http.MethodPut, "asset/1/", map[string]any{"updated_by": 1}).status)
	},
	"existing-email-create": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return sketch(plain(t, a).request(http.MethodPost, "users/", map[string]any{"name": "Taken", "email": "existing@example.com"}))
	},
	"contact-update-custom-fields": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		h.post("user/1/", map[string]any{"name": "Existing Person"}, 200)
		c, _ := h.sim.Contact(1)
		return fmt.Sprint(c.CustomFields[4])
	},
	"contact-phones": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		h.post("users/", map[string]any{"email": "existing@example.com", "phones": []any{map[string]any{"type": "w", "number": "123"}}}, 200)
		c, _ := h.sim.Contact(1)
		return fmt.Sprint(len(c.Phones))
	},
	"contact-update-phones": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		h.post("user/2/", map[string]any{"phones": []any{map[string]any{"type": "w", "number": "123"}}}, 200)
		c, _ := h.sim.Contact(2)
		return fmt.Sprint(len(c.Phones))
	},
	"contact-choice-value": func(t *testing.T, a happyfoxsim.Assumptions) string {
		for _, f := range plain(t, a).get("user/1/", 200).obj(t)["custom_fields"].([]any) {
			if m := f.(map[string]any); num(m["id"]) == 5 {
				return fmt.Sprint(m["value"], m["value_id"])
			}
		}
		return "no field 5"
	},
	"field-type-names": func(t *testing.T, a happyfoxsim.Assumptions) string {
		var types []string
		for _, f := range plain(t, a).get("user_custom_fields/", 200).list(t) {
			types = append(types, f.(map[string]any)["type"].(string))
		}
		return strings.Join(types, ",")
	},
	"group-rename": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		r := h.request(http.MethodPost, "contact_group/2/", map[string]any{"name": "VIP 2"})
		g, _ := h.sim.ContactGroup(2)
		return fmt.Sprint(r.status, g.Name)
	},
	"group-edit-omitted": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		h.post("contact_group/1/", map[string]any{"tagged_domains": "x.example"}, 200)
		g, _ := h.sim.ContactGroup(1)
		return g.Description
	},
	"group-members": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).get("contact_group/1/", 200).obj(t)["contacts"].([]any)[0].(map[string]any))
	},
	"member-access-update": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		h.post("contact_group/1/update_contacts/", []any{map[string]any{"contact": 1, "access_tickets": false}}, 200)
		g, _ := h.sim.ContactGroup(1)
		return fmt.Sprint(g.Members)
	},
	"group-create-answer": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).post("contact_groups/", map[string]any{"name": "New"}, 200).obj(t))
	},
	"group-edit-answer": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).post("contact_group/1/", map[string]any{"description": "d"}, 200).obj(t))
	},
	"asset-shape": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).get("asset/1/", 200).obj(t))
	},
	"asset-create-answer": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return keys(plain(t, a).post("assets/?asset_type=1", map[string]any{"name": "N", "display_id": "D", "created_by": 1}, 200).obj(t))
	},
	"asset-unknown-type": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodGet, "assets/?asset_type=999", nil).status)
	},
	"asset-ids-input": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		n := h.request(http.MethodPost, "assets/?asset_type=1", map[string]any{"name": "N", "display_id": "D", "created_by": 1, "contact_ids": []any{1}})
		s := h.request(http.MethodPost, "assets/?asset_type=1", map[string]any{"name": "N", "display_id": "E", "created_by": 1, "contact_ids": []any{"1"}})
		return fmt.Sprint(n.status, s.status)
	},
	"asset-contact-ids": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		h.put("asset/1/", map[string]any{"updated_by": 1, "contact_ids": []any{2}}, 200)
		x, _ := h.sim.Asset(1)
		return fmt.Sprint(x.ContactIDs)
	},
	"asset-put-omitted-fields": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		id := int64(num(h.post("assets/?asset_type=2", map[string]any{"name": "L", "display_id": "L-1", "created_by": 1,
			"custom_fields": map[string]any{"45": "SN", "46": "note"}}, 200).obj(t)["id"]))
		h.put(fmt.Sprintf("asset/%d/", id), map[string]any{"updated_by": 1, "custom_fields": map[string]any{"45": "SN2"}}, 200)
		x, _ := h.sim.Asset(id)
		return fmt.Sprint(x.CustomFields)
	},
	"asset-put-name": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodPut, "asset/1/", map[string]any{"updated_by": 1}).status)
	},
	"asset-delete-answer": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return sketch(plain(t, a).request(http.MethodDelete, "asset/2/?deleted_by=1", nil))
	},
	"asset-field-choices": func(t *testing.T, a happyfoxsim.Assumptions) string {
		for _, f := range plain(t, a).get("asset_custom_fields/?asset_type=2", 200).obj(t)["data"].([]any) {
			if m := f.(map[string]any); num(m["id"]) == 49 {
				return jsonOf(m["choices"])
			}
		}
		return "no field 49"
	},
	"asset-field-path": func(t *testing.T, a happyfoxsim.Assumptions) string {
		h := plain(t, a)
		return fmt.Sprint(h.request(http.MethodGet, "asset_custom_field/45/", nil).status, h.request(http.MethodGet, "asset_custom_fields/45/", nil).status)
	},
	"ticket-field-single": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodGet, "ticket_custom_field/61/", nil).status)
	},
	"ticket-choices-order": func(t *testing.T, a happyfoxsim.Assumptions) string {
		f := plain(t, a).put("ticket_custom_field/62/", map[string]any{"choices": []any{
			map[string]any{"id": 7, "text": "Widget", "dependant_fields": []any{}},
			map[string]any{"id": 5, "text": "Gadget", "dependant_fields": []any{}},
		}}, 200).obj(t)
		var ids []string
		for _, c := range f["choices"].([]any) {
			ids = append(ids, fmt.Sprint(c.(map[string]any)["id"]))
		}
		return strings.Join(ids, ",")
	},
	"ticket-choices-empty": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodPut, "ticket_custom_field/62/", map[string]any{"choices": []any{}}).status)
	},
	"ticket-choices-dependant-fields": func(t *testing.T, a happyfoxsim.Assumptions) string {
		return fmt.Sprint(plain(t, a).request(http.MethodPut, "ticket_custom_field/62/", map[string]any{"choices": []any{
			map[string]any{"id": 7, "text": "Widget"}}}).status)
	},
}

func TestEverySwitchChangesTheAnswer(t *testing.T) {
	for _, q := range happyfoxsim.Questions() {
		t.Run(q.Name, func(t *testing.T) {
			probe := probes[q.Name]
			if probe == nil {
				t.Fatalf("question %s has no probe", q.Name)
			}
			seen := map[string]string{q.Default: probe(t, happyfoxsim.Assumptions{})}
			for _, alt := range q.Alternatives {
				a, err := happyfoxsim.ParseAssumptions(q.Switch(alt.Value))
				if err != nil {
					t.Fatal(err)
				}
				got := probe(t, a)
				for other, obs := range seen {
					if obs == got {
						t.Errorf("%s answers like %s=%s: %s", q.Switch(alt.Value), q.Name, other, got)
					}
				}
				seen[alt.Value] = got
			}
			t.Logf("%v", seen)
		})
	}
	for name := range probes {
		if !slices.ContainsFunc(happyfoxsim.Questions(), func(q happyfoxsim.Question) bool { return q.Name == name }) {
			t.Errorf("probe %s has no question", name)
		}
	}
}

func TestParseAssumptions(t *testing.T) {
	a, err := happyfoxsim.ParseAssumptions("not-found=html, retry-after=http-date", "group-rename=allowed")
	if err != nil {
		t.Fatal(err)
	}
	if got := a.String(); got != "retry-after=http-date,not-found=html,group-rename=allowed" && !strings.Contains(got, "not-found=html") {
		t.Fatalf("String() = %q", got)
	}
	if a.NotFound != "html" || a.RetryAfter != "http-date" || a.GroupRename != "allowed" {
		t.Fatalf("%+v", a)
	}
	// The default's name turns a question back.
	if err := a.Set("not-found=json"); err != nil || a.NotFound != "" {
		t.Fatalf("Set(default): %v %+v", err, a)
	}
	for _, bad := range []string{"not-found", "not-found=xml", "no-such=thing"} {
		if _, err := happyfoxsim.ParseAssumptions(bad); err == nil {
			t.Errorf("ParseAssumptions(%q) accepted", bad)
		}
	}
	if n := len(happyfoxsim.Switches()); n < 60 {
		t.Errorf("only %d switches", n)
	}
}

func TestInvalidAssumptionPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("New accepted an assumption that is not an alternative")
		}
	}()
	happyfoxsim.New(happyfoxsim.Options{Assume: happyfoxsim.Assumptions{NotFound: "xml"}})
}

// A HappyFox that resets the custom fields a PUT leaves out (§3.4 "?"), switched on at runtime.
func TestAssetPutResetsOmittedCustomFields(t *testing.T) {
	h := newHarness(t, happyfoxsim.Options{})
	id := num(h.post("assets/?asset_type=2", map[string]any{"name": "L", "display_id": "L-1", "created_by": 1,
		"custom_fields": map[string]any{"45": "SN", "46": "note"}}, 200).obj(t)["id"])
	path := fmt.Sprintf("asset/%d/", int64(id))
	// Default: omitted fields are kept.
	h.put(path, map[string]any{"updated_by": 1, "custom_fields": map[string]any{"45": "SN2"}}, 200)
	if a, _ := h.sim.Asset(int64(id)); a.CustomFields[46] != "note" {
		t.Fatalf("default PUT dropped field 46: %v", a.CustomFields)
	}
	h.sim.SetAssumptions(happyfoxsim.Assumptions{AssetPutOmittedFields: "reset"})
	h.put(path, map[string]any{"updated_by": 1, "custom_fields": map[string]any{"45": "SN3"}}, 200)
	if a, _ := h.sim.Asset(int64(id)); a.CustomFields[46] != nil || a.CustomFields[45] != "SN3" {
		t.Fatalf("with the switch, PUT kept field 46 or lost 45: %v", a.CustomFields)
	}
}
