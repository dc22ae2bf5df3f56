package happyfoxsim

import (
	"net/url"
	"strconv"
	"strings"
)

type pageInfo struct {
	Count      int `json:"count"`
	LastIndex  int `json:"last_index"`
	PageCount  int `json:"page_count"`
	StartIndex int `json:"start_index"`
	EndIndex   int `json:"end_index"`
}

type envelope struct {
	PageInfo pageInfo `json:"page_info"`
	Data     []any    `json:"data"`
}

// page answers the {page_info, data} envelope (§1.1, H for the fields). size
// defaults to 10 and is clamped to 50; page is 1-based. Choices for the "?"
// edge cases (all L, each with its switch): size below 10 is honoured (OLD's
// "minimum 10" is unverified; page-size-under-10=raised), size above 50 is cut
// (page-size-over-50=refused / honoured), an invalid size or page falls back
// to the default, a page past the end answers 200 with empty data
// (count/start/end 0, last_index and page_count still describe the
// collection; page-past-end=404 / last-page), an empty collection has
// page_count 0 (empty-list-page-info=one-page). The caller holds s.mu.
func (s *Server) page(items []any, q url.Values) *reply {
	a := s.st.a
	size := intParam(q, "size", 10)
	if size < 1 {
		size = 10
	}
	if size < 10 && a.PageSizeUnder10 == "raised" {
		size = 10
	}
	if size > 50 {
		switch a.PageSizeOver50 {
		case "refused":
			return errA("size", "Ensure this value is less than or equal to 50.")
		case "honoured":
		default:
			size = 50
		}
	}
	page := intParam(q, "page", 1)
	if page < 1 {
		page = 1
	}
	total := len(items)
	info := pageInfo{LastIndex: total, PageCount: (total + size - 1) / size}
	if total == 0 && a.EmptyListPageInfo == "one-page" {
		info.PageCount = 1
	}
	start := (page - 1) * size
	if start >= total && total > 0 {
		switch a.PagePastEnd {
		case "404":
			return errorReply(404, "Invalid page.")
		case "last-page":
			start = (info.PageCount - 1) * size
		}
	}
	data := []any{}
	if start < total {
		end := min(start+size, total)
		data = items[start:end]
		info.Count = end - start
		info.StartIndex = start + 1
		info.EndIndex = end
	}
	return ok(envelope{PageInfo: info, Data: data})
}

func intParam(q url.Values, name string, def int) int {
	v := strings.TrimSpace(q.Get(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return def
	}
	return n
}
