package client

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
)

// Page-by-page listing for `terraform query` (list resources): unlike ListContacts and ListAssets, which return
// a whole collection, these hand each page of 50 to the caller as soon as it arrives, and stop fetching when
// the caller has seen enough (a query's limit), so a query of the first 100 contacts costs 2 GETs however big
// the account is.

// ContactPages walks GET users/?size=50&page=N (§2.2), with q=<search> when search is not empty (HappyFox's
// search syntax, "field:value" terms separated by spaces, all of which must match). yield receives each page's
// contacts and returns false to stop.
func (c *Client) ContactPages(ctx context.Context, search string, yield func([]Contact) bool) error {
	var q url.Values
	if search != "" {
		q = url.Values{"q": {search}}
	}
	return eachPage(ctx, c, "users/", q, decodeContact, yield)
}

// AssetPages walks GET assets/?asset_type=<id>&size=50&page=N (§3.2). yield receives each page's assets and
// returns false to stop.
func (c *Client) AssetPages(ctx context.Context, assetTypeID int64, yield func([]Asset) bool) error {
	if err := checkID("asset type", assetTypeID); err != nil {
		return err
	}
	return eachPage(ctx, c, "assets/", assetTypeQuery(assetTypeID), decodeAsset, yield)
}

// eachPage GETs pages 1, 2, … of a paginated list (§1.1) and yields each decoded page. The walk ends when yield
// returns false, on an empty page, at page_count, or when the answer is not paginated (then it was everything).
func eachPage[T any](ctx context.Context, c *Client, rel string, q url.Values, dec func([]byte) (T, error), yield func([]T) bool) error {
	var lastStart int64 = -1
	for page := 1; ; page++ {
		if page > maxPages {
			return fmt.Errorf("HappyFox GET %s: more than %d pages; giving up", rel, maxPages)
		}
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		qq.Set("size", strconv.Itoa(pageSize))
		qq.Set("page", strconv.Itoa(page))
		body, err := c.get(ctx, rel, qq)
		if err != nil {
			return err
		}
		p, err := decodeListPage(body)
		if err != nil {
			return fmt.Errorf("decoding HappyFox GET %s page %d: %w", rel, page, err)
		}
		items, err := decodeItems(p.Items, dec)
		if err != nil {
			return fmt.Errorf("decoding HappyFox GET %s page %d: %w", rel, page, err)
		}
		if len(items) > 0 && !yield(items) {
			return nil
		}
		if !p.Envelope || len(p.Items) == 0 || p.Info == nil || p.Info.PageCount == nil || int64(page) >= int64(*p.Info.PageCount) {
			return nil
		}
		if p.Info.StartIndex != nil && *p.Info.StartIndex > 0 {
			if int64(*p.Info.StartIndex) == lastStart {
				return fmt.Errorf("HappyFox GET %s returned the same page twice (start_index %d); pagination is not working", rel, lastStart)
			}
			lastStart = int64(*p.Info.StartIndex)
		}
	}
}
