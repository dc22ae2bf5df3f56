package client

import (
	"net/url"
	"reflect"
	"testing"
)

const contactExample = `{ "id": 33, "name": "James may", "email": "james@example.com",
  "primary_phone": { "id": 2, "type": "m", "number": "98765432" },
  "phones": [ { "id": 1, "type": "mo", "number": "111" }, { "id": 2, "type": "m", "number": "98765432" } ],
  "created_at": "2019-07-16 11:27:30", "updated_at": null,
  "pending_tickets_count": 1, "tickets_count": 1,
  "contact_groups": [ { "id": 3, "name": "sample 3", "description": "…",
                        "tagged_domains": "example.com,acme.com", "access_all_tickets_in_group": true } ],
  "custom_fields": [ { "id": 13, "name": "A", "type": "text", "value": null, "value_id": null, "visible_to_staff_only": false },
                     { "id": 14, "name": "B", "type": "choice", "value": "APAC", "value_id": 3 } ] }`

func TestGetContact(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "user/33/", 200, contactExample)
	api.reply("GET", "user/34/", 200, `{"id": "34", "name": "P", "email": null, "is_login_enabled": "TRUE",
	  "phones": [{"id": 5, "type": "w", "number": 123, "is_primary": true}], "primary_phone": null}`)
	api.reply("GET", "user/35/", 200, `{"id": 35, "name": "Trimmed"}`)
	api.reply("GET", "user/36/", 200, `{"id": 36, "primary_phone": 8, "phones": [null, {"id": 8, "number": "1"}, {"id": 9, "number": "2"}]}`)
	c := api.client()

	ct, err := c.GetContact(t.Context(), 33)
	if err != nil {
		t.Fatal(err)
	}
	want := &Contact{
		ID: 33, Name: "James may", Email: "james@example.com",
		Phones:       []Phone{{1, "mo", "111", false}, {2, "m", "98765432", true}},
		CustomFields: []ContactFieldValue{{ID: 13, Name: "A", Type: "text"}, {ID: 14, Name: "B", Type: "choice", Value: "APAC", ValueID: float64(3)}},
		Groups:       []ContactGroupRef{{3, "sample 3", true, true}},
		CreatedAt:    "2019-07-16 11:27:30",
	}
	if !reflect.DeepEqual(ct, want) {
		t.Fatalf("contact = %#v", ct)
	}

	ct, err = c.GetContact(t.Context(), 34)
	if err != nil {
		t.Fatal(err)
	}
	if ct.ID != 34 || ct.Email != "" || ct.IsLoginEnabled == nil || !*ct.IsLoginEnabled || !reflect.DeepEqual(ct.Phones, []Phone{{5, "w", "123", true}}) {
		t.Fatalf("contact = %#v", ct)
	}
	ct, err = c.GetContact(t.Context(), 35)
	if err != nil || ct.Phones != nil || ct.IsLoginEnabled != nil || ct.CustomFields != nil {
		t.Fatalf("contact without optional keys = %#v, %v", ct, err)
	}
	ct, err = c.GetContact(t.Context(), 36)
	if err != nil || !reflect.DeepEqual(ct.Phones, []Phone{{8, "", "1", true}, {9, "", "2", false}}) {
		t.Fatalf("primary phone as bare id: %#v, %v", ct, err)
	}
}

func TestGetContactByEmail(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "user/james+x@example.com/", 200, `{"id": 33, "email": "james+x@example.com"}`)
	api.reply("GET", "user/gone@example.com/", 400, `{"error": "Invalid user"}`)
	c := api.client()
	ct, err := c.GetContactByEmail(t.Context(), "james+x@example.com")
	if err != nil || ct.ID != 33 {
		t.Fatalf("%#v %v", ct, err)
	}
	if _, err := c.GetContactByEmail(t.Context(), "gone@example.com"); !IsNotFound(err) {
		t.Fatalf("400 not treated as not found: %v", err)
	}
	if _, err := c.GetContactByEmail(t.Context(), "nobody@example.com"); !IsNotFound(err) {
		t.Fatalf("404 not treated as not found: %v", err)
	}
	for _, bad := range []string{"", "..", ".", "a/b@example.com", "a\n@example.com"} {
		if _, err := c.GetContactByEmail(t.Context(), bad); err == nil {
			t.Errorf("email %q accepted", bad)
		}
	}
	if p, _ := contactEmailPath("a b?c#d%e@example.com"); p != "user/a%20b%3Fc%23d%25e@example.com/" {
		t.Errorf("escaped path = %q", p)
	}
}

func TestContactWrites(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "users/", 200, `{"id": 40, "name": "dasdasd", "email": "jamesmay@example1.com"}`)
	api.reply("POST", "user/40/", 200, `{"id": 40, "name": "x", "email": null}`)
	c := api.client()
	yes, no := true, false
	ct, err := c.CreateContact(t.Context(), ContactInput{
		Name: "dasdasd", Email: "jamesmay@example1.com",
		Phones:         []Phone{{Type: "mo", Number: "987654321", IsPrimary: true}, {ID: 31, Type: "w", Number: "876543219"}},
		IsLoginEnabled: &yes,
		CustomFields:   map[int64]any{1: "example text field value", 2: nil, 3: []int64{4, 5}},
	})
	if err != nil || ct.ID != 40 {
		t.Fatalf("%#v %v", ct, err)
	}
	// A create with an e-mail sends no phones: sent to a contact that already has the e-mail, they would be added to
	// it a second time (contacts_created_here.go). They are added once the contact is known to be new.
	jsonEqual(t, api.last().JSON(t), `{ "name": "dasdasd", "email": "jamesmay@example1.com",
	  "c-cf-1": "example text field value", "c-cf-2": null, "c-cf-3": [4, 5], "is_login_enabled": "TRUE" }`)

	// A contact with phones only has no e-mail another contact could have: its phones go with the create.
	api.reply("POST", "users/", 200, `{"id": 41, "name": "Phone Only", "email": null, "phones": [{"id": 7, "type": "mo", "number": "987654321"}]}`)
	if _, err := c.CreateContact(t.Context(), ContactInput{Name: "Phone Only", Phones: []Phone{{Type: "mo", Number: "987654321", IsPrimary: true}}}); err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, api.last().JSON(t), `{ "name": "Phone Only", "email": null,
	  "phones": [ { "type": "mo", "number": "987654321", "is_primary": true } ] }`)

	if _, err := c.UpdateContact(t.Context(), 40, ContactInput{Name: "x", IsLoginEnabled: &no}); err != nil {
		t.Fatal(err)
	}
	r := api.last()
	if r.Path != "user/40/" || r.Method != "POST" {
		t.Fatalf("request = %+v", r)
	}
	jsonEqual(t, r.JSON(t), `{"name": "x", "email": null, "is_login_enabled": "FALSE"}`)

	if _, err := c.CreateContact(t.Context(), ContactInput{Name: "x", CustomFields: map[int64]any{0: 1}}); err == nil {
		t.Fatal("custom field id 0 accepted")
	}
}

func TestCreateContactToleratesListResponse(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "users/", 200, `[{"email": "a@example.com", "success": true, "id": 14}]`)
	api.reply("GET", "user/14/", 200, `{"id": 14, "email": "a@example.com"}`)
	ct, err := api.client().CreateContact(t.Context(), ContactInput{Name: "a", Email: "a@example.com"})
	if err != nil || ct.ID != 14 {
		t.Fatalf("%#v %v", ct, err)
	}
	api.reply("POST", "users/", 200, `[{"success": false, "error": [{"field": "name", "errors": ["This field is required."]}]}]`)
	_, err = api.client().CreateContact(t.Context(), ContactInput{Email: "a@example.com"})
	if fe := FieldErrors(err); len(fe) != 1 || fe[0].Field != "name" {
		t.Fatalf("err = %v", err)
	}
}

func TestSearchContacts(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "users/", pagedUsers(60, 50, true))
	got, err := api.client().SearchContacts(t.Context(), map[string]string{"name": "adam", "email": "adam@example.com", "phone": "+4412"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 60 {
		t.Fatalf("%d results", len(got))
	}
	for _, r := range api.requests() {
		q, _ := url.ParseQuery(r.Query)
		if q.Get("q") != "email:adam@example.com name:adam phone:4412" || q.Get("size") != "50" {
			t.Fatalf("query = %q", r.Query)
		}
	}
	if _, err := api.client().SearchContacts(t.Context(), map[string]string{"na me": "x"}); err == nil {
		t.Fatal("bad field accepted")
	}
}
