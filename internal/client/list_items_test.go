package client

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

// What a list item must carry to stand in for its single GET (list_items.go). A missing key is not an empty
// value; a key that only some API versions answer is needed until a single GET answered without it.
func TestListItemServable(t *testing.T) {
	const (
		contact      = `{"id": 1, "name": "N", "email": "n@example.com", "is_login_enabled": true, "phones": [{"id": 3, "type": "m", "number": "1", "is_primary": true}], "custom_fields": []}`
		noPhones     = `{"id": 1, "name": "N", "email": "n@example.com", "is_login_enabled": true, "custom_fields": []}`
		noFields     = `{"id": 1, "name": "N", "email": null, "is_login_enabled": true, "phones": []}`
		noPrimary    = `{"id": 1, "name": "N", "email": "n@example.com", "is_login_enabled": true, "phones": [{"id": 3, "type": "m", "number": "1"}], "custom_fields": []}`
		withPrimary  = `{"id": 1, "name": "N", "email": "n@example.com", "is_login_enabled": true, "phones": [{"id": 3, "type": "m", "number": "1"}], "primary_phone": {"id": 3}, "custom_fields": []}`
		noLogin      = `{"id": 1, "name": "N", "email": "n@example.com", "phones": [], "custom_fields": []}`
		asset        = `{"id": 7, "name": "A", "display_id": "D", "asset_type": {"id": 1}, "custom_fields": [], "contacts": [], "contact_groups": []}`
		assetIDs     = `{"id": 7, "name": "A", "display_id": "D", "asset_type": {"id": 1}, "custom_fields": [], "contact_ids": [], "contact_group_ids": []}`
		assetNoLinks = `{"id": 7, "name": "A", "display_id": "D", "asset_type": {"id": 1}, "custom_fields": [], "contact_groups": []}`
		assetNoType  = `{"id": 7, "name": "A", "display_id": "D", "custom_fields": [], "contacts": [], "contact_groups": []}`
		asset2025    = `{"id": 7, "name": "A", "display_id": "D", "asset_type": {"id": 1}, "custom_fields": [], "contacts": []}`
		group        = `{"id": 5, "name": "G", "description": "", "tagged_domains": ""}`
		groupNoDesc  = `{"id": 5, "name": "G", "tagged_domains": ""}`
		groupNoTags  = `{"id": 5, "name": "G", "description": ""}`
	)
	var s shapeSeen
	check := func(family, item string, want bool) {
		t.Helper()
		if got := s.servable(family, []byte(item)); got != want {
			t.Errorf("servable(%s, %s) = %v, want %v", family, item, got, want)
		}
	}
	check("user", contact, true)
	check("user", noPhones, false)
	check("user", noFields, false)
	check("user", noPrimary, false)
	check("user", withPrimary, true)
	check("asset", asset, true)
	check("asset", assetIDs, true)
	check("asset", assetNoLinks, false)
	check("asset", assetNoType, false)
	check("contact_group", group, true)
	check("contact_group", groupNoDesc, false)
	check("contact_group", groupNoTags, false)
	check("ticket", `{"id": 1}`, false) // a family without rules is never served from a list

	// Fields only some API versions answer: needed until a single GET answered without them.
	check("user", noLogin, false)
	check("asset", asset2025, false)
	s.sawSingle("user", []byte(contact))
	s.sawSingle("asset", []byte(asset))
	check("user", noLogin, false)
	check("asset", asset2025, false)
	s.sawSingle("user", []byte(noLogin))
	s.sawSingle("asset", []byte(asset2025))
	check("user", noLogin, true)
	check("asset", asset2025, true)
	check("user", noPhones, false) // a field an object may lack is needed always
}

// The e-mail checks answer "free" from a listing only when every listed item said its e-mail: an item without
// the e-mail key is a contact whose e-mail the list did not tell, so a miss is confirmed with a single check.
func TestFindContactByEmail_listItemWithoutEmailMeansMissesAreConfirmed(t *testing.T) {
	for _, tc := range []struct {
		name       string
		missing    bool
		wantSingle int
	}{
		{"every item has its e-mail", false, 0},
		{"an item lacks its e-mail", true, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t)
			api.on("GET", "users/", func(w http.ResponseWriter, r *http.Request, _ recorded) {
				w.Header().Set("Content-Type", "application/json")
				if r.URL.Query().Get("q") != "" {
					_, _ = io.WriteString(w, `{"page_info": {"count": 0, "last_index": 0, "page_count": 0}, "data": []}`)
					return
				}
				items := []string{`{"id": 1, "name": "A", "email": "a@example.com"}`}
				if tc.missing {
					items = append(items, `{"id": 2, "name": "B"}`)
				} else {
					items = append(items, `{"id": 2, "name": "B", "email": "b@example.com"}`)
				}
				_, _ = fmt.Fprintf(w, `{"page_info": {"count": 2, "last_index": 2, "page_count": 1}, "data": [%s]}`, strings.Join(items, ","))
			})
			c := api.client()
			singles := func() int {
				n := 0
				for _, r := range api.requests() {
					if strings.HasPrefix(r.Path, "user/") {
						n++
					}
				}
				return n
			}
			for i := range probeAfter + 1 { // single checks, then the probe lists the one page
				if ct, err := c.FindContactByEmail(t.Context(), fmt.Sprintf("new%d@example.com", i)); err != nil || ct != nil {
					t.Fatalf("check %d: %v, %v", i, ct, err)
				}
			}
			before := singles()
			for i := range 3 {
				if ct, err := c.FindContactByEmail(t.Context(), fmt.Sprintf("later%d@example.com", i)); err != nil || ct != nil {
					t.Fatalf("later check %d: %v, %v", i, ct, err)
				}
			}
			if ct, err := c.FindContactByEmail(t.Context(), "a@example.com"); err != nil || ct == nil || ct.ID != 1 {
				t.Fatalf("a listed e-mail: %v, %v", ct, err)
			}
			if n := singles() - before; n != tc.wantSingle {
				t.Fatalf("%d single checks after the listing, want %d", n, tc.wantSingle)
			}
		})
	}
}

// A single check before the first page decides what to spend its GET on when the GET's turn comes: the checks that
// arrived while it waited for the pacer make the probe the cheaper buy. 100 checks at once in an account of 100
// pages cost the one single check that found no other under way and the pages; before, the probe came only after
// probeAfter (4) single checks (108 GETs). (synctest: the pacer's waits take no real time.)
func TestFindContactByEmail_singleCheckDecidesAtItsTurn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		gets := 0
		rt := rtFunc(func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			gets++
			mu.Unlock()
			q := r.URL.Query()
			switch {
			case strings.Contains(r.URL.Path, "@"):
				return mkResp(r, 404, `{"error": "Not found"}`, "Content-Type", "application/json"), nil
			case q.Get("q") != "":
				return mkResp(r, 200, `{"page_info": {"count": 0, "last_index": 0, "page_count": 0}, "data": []}`, "Content-Type", "application/json"), nil
			}
			page, _ := strconv.Atoi(q.Get("page"))
			items := make([]string, 50)
			for i := range items {
				id := (page-1)*50 + i + 1
				items[i] = fmt.Sprintf(`{"id": %d, "name": "Old", "email": "old%d@example.com", "phones": [], "custom_fields": []}`, id, id)
			}
			return mkResp(r, 200, fmt.Sprintf(`{"page_info": {"count": 50, "last_index": 5000, "page_count": 100}, "data": [%s]}`,
				strings.Join(items, ",")), "Content-Type", "application/json"), nil
		})
		c, err := New(Config{BaseURL: "https://acme.happyfox.com" + apiPrefix, APIKey: testAPIKey, AuthCode: testAuthCode,
			Transport: rt, GetRequestsPerMinute: 600, WriteRequestsPerMinute: 600})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				if ct, err := c.FindContactByEmail(t.Context(), fmt.Sprintf("new%d@example.com", i)); err != nil || ct != nil {
					t.Errorf("check %d: %v, %v", i, ct, err)
				}
			})
		}
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		if gets > 102 {
			t.Fatalf("%d GETs for 100 checks at once in an account of 100 pages, want at most 102 (the pages and at most one single check)", gets)
		}
	})
}
