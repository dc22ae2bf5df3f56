package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Pagination (docs/dev/happyfox-api.md §1.1, H): some lists are bare JSON arrays,
// others the envelope
//
//	{"page_info": {"count", "last_index", "page_count", "start_index", "end_index"}, "data": [...]}
//
// with query parameters size (max 50) and page (1-based, M). Either kind of
// endpoint is decoded whatever form it actually returns.

// pageSize is the documented maximum (§1.1).
const pageSize = 50

// maxPages guards against a server that never stops paginating.
var maxPages = 10000

type pageInfo struct {
	Count      *ID `json:"count"`
	LastIndex  *ID `json:"last_index"`
	PageCount  *ID `json:"page_count"`
	StartIndex *ID `json:"start_index"`
	EndIndex   *ID `json:"end_index"`
}

// listPage is one decoded list response.
type listPage struct {
	Items    []json.RawMessage // JSON null items removed
	Envelope bool
	Info     *pageInfo // nil for bare arrays and envelopes without page_info
}

// decodeListPage decodes a bare array or a {page_info, data} envelope.
func decodeListPage(body []byte) (listPage, error) {
	t := bytes.TrimSpace(body)
	var p listPage
	if len(t) == 0 {
		return p, fmt.Errorf("expected a list, got an empty body")
	}
	var items []json.RawMessage
	switch t[0] {
	case '[':
		if err := json.Unmarshal(t, &items); err != nil {
			return p, err
		}
	case '{':
		var env struct {
			PageInfo *pageInfo       `json:"page_info"`
			Data     json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(t, &env); err != nil {
			return p, err
		}
		if env.Data == nil && env.PageInfo == nil {
			return p, fmt.Errorf("expected a list or a {page_info, data} envelope, got %s", snippet(t, 80))
		}
		p.Envelope, p.Info = true, env.PageInfo
		if !isNull(env.Data) {
			d := bytes.TrimSpace(env.Data)
			if d[0] != '[' {
				return p, fmt.Errorf("envelope data is not a list: %s", snippet(d, 80))
			}
			if err := json.Unmarshal(d, &items); err != nil {
				return p, err
			}
		}
	default:
		return p, fmt.Errorf("expected a list, got %s", snippet(t, 80))
	}
	p.Items = make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		if !isNull(it) {
			p.Items = append(p.Items, it)
		}
	}
	return p, nil
}

// listAll fetches every item of a list endpoint. paged endpoints are asked
// for size=50&page=1..page_count; bare-array endpoints are asked once and,
// should they answer with an envelope, walked on with page=2.. (without
// size, to keep the server's default page size consistent).
//
// Walking stops on an empty data list, when page_count is reached, or when
// page_info (or its page_count) is missing; maxPages caps the walk.
func (c *Client) listAll(ctx context.Context, rel string, q url.Values, paged bool) ([]json.RawMessage, error) {
	var all []json.RawMessage
	var lastStart int64 = -1
	for page := 1; ; page++ {
		if page > maxPages {
			return nil, fmt.Errorf("HappyFox GET %s: more than %d pages; giving up", rel, maxPages)
		}
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		if paged {
			qq.Set("size", strconv.Itoa(pageSize))
		}
		if paged || page > 1 {
			qq.Set("page", strconv.Itoa(page))
		}
		body, err := c.get(ctx, rel, qq)
		if err != nil {
			return nil, err
		}
		p, err := decodeListPage(body)
		if err != nil {
			return nil, fmt.Errorf("decoding HappyFox GET %s page %d: %w", rel, page, err)
		}
		all = append(all, p.Items...)
		if !p.Envelope || len(p.Items) == 0 || p.Info == nil || p.Info.PageCount == nil {
			return all, nil
		}
		if p.Info.StartIndex != nil && *p.Info.StartIndex > 0 {
			// A server that ignores "page" would return page 1 forever.
			if int64(*p.Info.StartIndex) == lastStart {
				return nil, fmt.Errorf("HappyFox GET %s returned the same page twice (start_index %d); pagination is not working", rel, lastStart)
			}
			lastStart = int64(*p.Info.StartIndex)
		}
		if int64(page) >= int64(*p.Info.PageCount) {
			return all, nil
		}
	}
}

// decodeItems decodes every raw item with dec.
func decodeItems[T any](items []json.RawMessage, dec func([]byte) (T, error)) ([]T, error) {
	out := make([]T, 0, len(items))
	for i, it := range items {
		v, err := dec(it)
		if err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// fetchList fetches and decodes every item of a list endpoint.
func fetchList[T any](ctx context.Context, c *Client, rel string, q url.Values, paged bool, dec func([]byte) (T, error)) ([]T, error) {
	items, err := c.listAll(ctx, rel, q, paged)
	if err != nil {
		return nil, err
	}
	out, err := decodeItems(items, dec)
	if err != nil {
		return nil, fmt.Errorf("decoding HappyFox GET %s: %w", rel, err)
	}
	return out, nil
}
