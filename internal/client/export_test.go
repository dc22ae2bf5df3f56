package client

// Helpers only the tests of this package use: they stay out of the client's API and its build.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// IsAnswerMismatch reports whether err holds an *AnswerMismatchError.
func IsAnswerMismatch(err error) bool {
	var me *AnswerMismatchError
	return errors.As(err, &me)
}

// GetAssetType returns GET asset_type/<id>/ (§3.7, H). Not cached.
func (c *Client) GetAssetType(ctx context.Context, id int64) (*AssetType, error) {
	if err := checkID("asset type", id); err != nil {
		return nil, err
	}
	rel := objectPath("asset_type", id)
	body, err := c.get(ctx, rel, nil)
	if err != nil {
		return nil, err
	}
	t, err := decodeAssetType(body)
	if err != nil {
		return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
	}
	return &t, nil
}

// IsForbidden reports an HTTP 403 (§1 403 row: undocumented, "?").
func IsForbidden(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == http.StatusForbidden
}

// IsRateLimited reports a *RateLimitError.
func IsRateLimited(err error) bool {
	var re *RateLimitError
	return errors.As(err, &re)
}

// decodeList decodes a whole list body (either form) with dec; used by the
// fuzz targets and by callers that already hold a body.
func decodeList[T any](body []byte, dec func([]byte) (T, error)) ([]T, error) {
	p, err := decodeListPage(body)
	if err != nil {
		return nil, err
	}
	return decodeItems(p.Items, dec)
}
