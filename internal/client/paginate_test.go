package client

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// pagedUsers serves total contacts, size per page, with page_info like §1.1.
func pagedUsers(total, size int, info bool) fakeRoute {
	return func(w http.ResponseWriter, r *http.Request, rec recorded) {
		q, _ := url.ParseQuery(rec.Query)
		page, _ := strconv.Atoi(q.Get("page"))
		if page == 0 {
			page = 1
		}
		pages := (total + size - 1) / size
		var items []string
		for i := (page-1)*size + 1; i <= min(page*size, total); i++ {
			items = append(items, fmt.Sprintf(`{"id": %d, "name": "c%d", "email": "c%d@example.com"}`, i, i, i))
		}
		pi := ""
		if info {
			start, end := (page-1)*size+1, min(page*size, total)
			if len(items) == 0 {
				start, end = 0, 0
			}
			pi = fmt.Sprintf(`"page_info": {"count": %d, "last_index": %d, "page_count": %d, "start_index": %d, "end_index": %d}, `, len(items), total, pages, start, end)
		}
		_, _ = io.WriteString(w, "{"+pi+`"data": [`+strings.Join(items, ",")+"]}")
	}
}

func TestPaginationWalksAllPages(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "users/", pagedUsers(120, 50, true))
	got, err := api.client().ListContacts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 120 || got[0].ID != 1 || got[119].ID != 120 {
		t.Fatalf("got %d contacts", len(got))
	}
	reqs := api.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests", len(reqs))
	}
	for i, r := range reqs {
		if want := fmt.Sprintf("page=%d&size=50", i+1); r.Query != want {
			t.Errorf("request %d query = %q, want %q", i, r.Query, want)
		}
	}
}

func TestPaginationStops(t *testing.T) {
	tests := []struct {
		name  string
		route fakeRoute
		items int
		reqs  int
	}{
		{"no page_info", pagedUsers(120, 50, false), 50, 1},
		{"empty collection", pagedUsers(0, 50, true), 0, 1},
		{"empty data before page_count", func(w http.ResponseWriter, r *http.Request, rec recorded) {
			if strings.Contains(rec.Query, "page=1&") {
				_, _ = io.WriteString(w, `{"page_info": {"page_count": 9, "start_index": 1}, "data": [{"id": 1}]}`)
				return
			}
			_, _ = io.WriteString(w, `{"page_info": {"page_count": 9, "start_index": 0}, "data": []}`)
		}, 1, 2},
		{"page_info without page_count", func(w http.ResponseWriter, r *http.Request, rec recorded) {
			_, _ = io.WriteString(w, `{"page_info": {"count": 1}, "data": [{"id": 1}]}`)
		}, 1, 1},
		{"bare array from a paged endpoint", func(w http.ResponseWriter, r *http.Request, rec recorded) {
			_, _ = io.WriteString(w, `[{"id": 1}, null, {"id": "2"}]`)
		}, 2, 1},
		{"null data", func(w http.ResponseWriter, r *http.Request, rec recorded) {
			_, _ = io.WriteString(w, `{"page_info": {"page_count": 0}, "data": null}`)
		}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t)
			api.on("GET", "users/", tt.route)
			got, err := api.client().ListContacts(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.items || len(api.requests()) != tt.reqs {
				t.Fatalf("%d items in %d requests, want %d in %d", len(got), len(api.requests()), tt.items, tt.reqs)
			}
		})
	}
}

func TestPaginationNeverEnding(t *testing.T) {
	old := maxPages
	maxPages = 5
	defer func() { maxPages = old }()
	api := newFakeAPI(t)
	api.on("GET", "users/", pagedUsers(1_000_000, 50, true))
	if _, err := api.client().ListContacts(t.Context()); err == nil || !strings.Contains(err.Error(), "more than 5 pages") {
		t.Fatalf("err = %v", err)
	}
	if n := len(api.requests()); n != 5 {
		t.Fatalf("%d requests", n)
	}
}

func TestPaginationSamePageTwice(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "users/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		_, _ = io.WriteString(w, `{"page_info": {"page_count": 7, "start_index": 1}, "data": [{"id": 1}]}`)
	})
	if _, err := api.client().ListContacts(t.Context()); err == nil || !strings.Contains(err.Error(), "same page") {
		t.Fatalf("err = %v", err)
	}
}

func TestBareListEndpointTakingEnvelope(t *testing.T) {
	api := newFakeAPI(t)
	api.on("GET", "statuses/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		if rec.Query == "" {
			_, _ = io.WriteString(w, `{"page_info": {"page_count": 2, "start_index": 1}, "data": [{"id": 1, "name": "New"}]}`)
			return
		}
		_, _ = io.WriteString(w, `{"page_info": {"page_count": 2, "start_index": 2}, "data": [{"id": 2, "name": "Closed"}]}`)
	})
	got, err := api.client().ListStatuses(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[1].Name != "Closed" {
		t.Fatalf("got %+v", got)
	}
	if q := api.requests()[1].Query; q != "page=2" {
		t.Fatalf("second query = %q", q)
	}
}

func TestDecodeListPageErrors(t *testing.T) {
	for _, bad := range []string{"", "5", `"x"`, `{"foo": 1}`, `{"data": {}}`, `{"data": 5}`, `[1,`, `{"page_info": [], "data": []}`} {
		if _, err := decodeListPage([]byte(bad)); err == nil {
			t.Errorf("decodeListPage(%q) succeeded", bad)
		}
	}
}
