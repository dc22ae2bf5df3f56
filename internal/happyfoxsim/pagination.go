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

// paginate builds the {page_info, data} envelope (§1.1, H for the fields).
// size defaults to 10 and is clamped to 50; page is 1-based. Choices for the
// "?" edge cases (all L): size below 10 is honoured (OLD's "minimum 10" is
// unverified), an invalid size or page falls back to the default, a page past
// the end answers 200 with empty data (count/start/end 0, last_index and
// page_count still describe the collection), an empty collection has
// page_count 0.
func paginate(items []any, q url.Values) envelope {
	size := intParam(q, "size", 10)
	if size < 1 {
		size = 10
	}
	if size > 50 {
		size = 50
	}
	page := intParam(q, "page", 1)
	if page < 1 {
		page = 1
	}
	total := len(items)
	info := pageInfo{LastIndex: total, PageCount: (total + size - 1) / size}
	start := (page - 1) * size
	data := []any{}
	if start < total {
		end := min(start+size, total)
		data = items[start:end]
		info.Count = end - start
		info.StartIndex = start + 1
		info.EndIndex = end
	}
	return envelope{PageInfo: info, Data: data}
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
