package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
)

// Asset is an asset (docs/dev/happyfox-api.md §3.1, H).
type Asset struct {
	ID               int64
	DisplayID        string
	Name             string
	AssetTypeID      int64
	AssetTypeName    string
	ContactIDs       []int64 // from contacts[].id
	ContactGroupIDs  []int64 // from contact_groups[].id (2026 revision only, §3.1)
	HasContactGroups bool    // false when the response has no contact_groups key (2025 API)
	CustomFields     []AssetFieldValue
	CreatedBy        int64
	UpdatedBy        int64  // 0 when null (§3.1)
	CreatedAt        string // ISO "2019-11-15T07:49:40Z" on create/update responses (§1 Timestamps)
	UpdatedAt        string
}

// AssetFieldValue is one asset custom field value. Every field of the type
// is listed, unset ones with nil Value; a dropdown's Value is the choice id
// (§3.1, H). Value is raw JSON-decoded (float64, string, []any, nil, …).
type AssetFieldValue struct {
	ID    int64
	Name  string
	Type  string
	Order int64
	Value any
}

// AssetInput is the body of an asset create or update (§3.3, §3.4).
type AssetInput struct {
	Name      *string
	DisplayID *string
	// ContactIDs / ContactGroupIDs are sent (as [] when empty) only when the
	// matching Send flag is set. Whether PUT replaces or merges is unknown
	// (§3.4 L: replaces).
	ContactIDs          []int64
	ContactGroupIDs     []int64
	SendContactIDs      bool
	SendContactGroupIDs bool
	// CustomFields is sent as an object keyed by the field id as a string
	// (§3.3, H) when non-nil.
	CustomFields map[int64]any
	// ActingStaffID is sent as created_by (create) or updated_by (update);
	// required (§3.3, §3.4).
	ActingStaffID int64
}

// AssetType is an asset type (§3.7, H).
type AssetType struct {
	ID          int64
	Name        string
	Description string // "" when null
	Settings    map[string]bool
}

// AssetCustomField is an asset custom field definition (§3.6, H).
type AssetCustomField struct {
	ID          int64
	Name        string
	Type        string
	AssetTypeID int64
	Choices     []Choice // nil when null; dropdown shape unknown (§3.6 "?", L: like tickets)
}

type rawAsset struct {
	ID              ID              `json:"id"`
	DisplayID       flexString      `json:"display_id"`
	Name            flexString      `json:"name"`
	AssetType       *ref            `json:"asset_type"`
	Contacts        idList          `json:"contacts"`
	ContactIDs      idList          `json:"contact_ids"` // tolerance: request-side name
	ContactGroups   json.RawMessage `json:"contact_groups"`
	ContactGroupIDs json.RawMessage `json:"contact_group_ids"` // tolerance
	CustomFields    []struct {
		ID    ID              `json:"id"`
		Name  flexString      `json:"name"`
		Type  flexString      `json:"type"`
		Order ID              `json:"order"`
		Value json.RawMessage `json:"value"`
	} `json:"custom_fields"`
	CreatedBy ref        `json:"created_by"`
	UpdatedBy ref        `json:"updated_by"`
	CreatedAt flexString `json:"created_at"`
	UpdatedAt flexString `json:"updated_at"`
}

// decodeAsset decodes an asset object (§3.1). asset_type may be missing (the
// create-response example omits it, §3.1).
func decodeAsset(data []byte) (Asset, error) {
	var r rawAsset
	if err := decodeObject(data, &r); err != nil {
		return Asset{}, fmt.Errorf("decoding asset: %w", err)
	}
	a := Asset{
		ID: int64(r.ID), DisplayID: string(r.DisplayID), Name: string(r.Name),
		ContactIDs: []int64(r.Contacts),
		CreatedBy:  r.CreatedBy.ID, UpdatedBy: r.UpdatedBy.ID,
		CreatedAt: string(r.CreatedAt), UpdatedAt: string(r.UpdatedAt),
	}
	if a.ContactIDs == nil {
		a.ContactIDs = []int64(r.ContactIDs)
	}
	if r.AssetType != nil {
		a.AssetTypeID, a.AssetTypeName = r.AssetType.ID, r.AssetType.Name
	}
	for _, raw := range []json.RawMessage{r.ContactGroups, r.ContactGroupIDs} {
		if isNull(raw) {
			continue
		}
		var ids idList
		if err := ids.UnmarshalJSON(raw); err != nil {
			return Asset{}, fmt.Errorf("decoding asset %d contact groups: %w", a.ID, err)
		}
		a.HasContactGroups, a.ContactGroupIDs = true, []int64(ids)
		if a.ContactGroupIDs == nil {
			a.ContactGroupIDs = []int64{}
		}
		break
	}
	for _, f := range r.CustomFields {
		v, err := decodeAny(f.Value)
		if err != nil {
			return Asset{}, fmt.Errorf("decoding asset %d custom field %d: %w", a.ID, f.ID, err)
		}
		a.CustomFields = append(a.CustomFields, AssetFieldValue{ID: int64(f.ID), Name: string(f.Name), Type: string(f.Type), Order: int64(f.Order), Value: v})
	}
	return a, nil
}

func decodeAssetType(data []byte) (AssetType, error) {
	var r struct {
		ID          ID                         `json:"id"`
		Name        flexString                 `json:"name"`
		Description flexString                 `json:"description"`
		Settings    map[string]json.RawMessage `json:"settings"`
	}
	if err := decodeObject(data, &r); err != nil {
		return AssetType{}, fmt.Errorf("decoding asset type: %w", err)
	}
	t := AssetType{ID: int64(r.ID), Name: string(r.Name), Description: string(r.Description)}
	if r.Settings != nil {
		t.Settings = make(map[string]bool, len(r.Settings))
		for k, v := range r.Settings {
			if b, err := parseBoolJSON(v); err == nil { // non-boolean settings are skipped
				t.Settings[k] = b
			}
		}
	}
	return t, nil
}

func decodeAssetCustomField(data []byte) (AssetCustomField, error) {
	var r struct {
		ID        ID              `json:"id"`
		Name      flexString      `json:"name"`
		Type      flexString      `json:"type"`
		AssetType *ref            `json:"asset_type"`
		Choices   json.RawMessage `json:"choices"`
	}
	if err := decodeObject(data, &r); err != nil {
		return AssetCustomField{}, fmt.Errorf("decoding asset custom field: %w", err)
	}
	f := AssetCustomField{ID: int64(r.ID), Name: string(r.Name), Type: string(r.Type)}
	if r.AssetType != nil {
		f.AssetTypeID = r.AssetType.ID
	}
	var err error
	if f.Choices, err = decodeChoices(r.Choices); err != nil {
		return AssetCustomField{}, fmt.Errorf("asset custom field %d: %w", f.ID, err)
	}
	return f, nil
}

func (in AssetInput) body(actorKey string) (map[string]any, error) {
	if in.ActingStaffID <= 0 {
		return nil, fmt.Errorf("an acting staff id (%s) is required", actorKey)
	}
	b := map[string]any{actorKey: in.ActingStaffID}
	if in.Name != nil {
		b["name"] = *in.Name
	}
	if in.DisplayID != nil {
		b["display_id"] = *in.DisplayID
	}
	if in.SendContactIDs {
		b["contact_ids"] = append([]int64{}, in.ContactIDs...)
	}
	if in.SendContactGroupIDs {
		b["contact_group_ids"] = append([]int64{}, in.ContactGroupIDs...)
	}
	if in.CustomFields != nil {
		cf := make(map[string]any, len(in.CustomFields))
		for id, v := range in.CustomFields {
			if id <= 0 {
				return nil, fmt.Errorf("invalid asset custom field id %d", id)
			}
			cf[itoa(id)] = v
		}
		b["custom_fields"] = cf
	}
	return b, nil
}

func (c *Client) readAsset(ctx context.Context, rel string) (*Asset, error) {
	body, err := c.get(ctx, rel, nil)
	if err != nil {
		return nil, err
	}
	a, err := decodeAsset(body)
	if err != nil {
		return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
	}
	c.reads.shapes.sawSingle("asset", body) // which fields this HappyFox answers (list_items.go)
	return &a, nil
}

// GetAsset returns GET asset/<id>/ (§3.1, H).
func (c *Client) GetAsset(ctx context.Context, id int64) (*Asset, error) {
	if err := checkID("asset", id); err != nil {
		return nil, err
	}
	return c.readAsset(ctx, objectPath("asset", id))
}

// RefreshAsset returns the asset for a refresh. It is GetAsset, except that when many assets of one type are read
// through the same Client they are served from paged lists of the type (readpath.go). assetTypeID is the type
// the caller expects (0 when unknown, e.g. right after an import).
func (c *Client) RefreshAsset(ctx context.Context, id, assetTypeID int64) (*Asset, error) {
	if err := checkID("asset", id); err != nil {
		return nil, err
	}
	ctx = WithPurpose(ctx, ForRefresh)
	var raw []byte
	var ok bool
	if assetTypeID > 0 {
		raw, ok = c.reads.read(ctx, c, assetReadKind(assetTypeID), id)
	} else {
		raw, ok = c.reads.cached(ctx, "asset", id)
	}
	if ok {
		if a, err := decodeAsset(raw); err == nil && a.ID == id {
			return &a, nil
		}
	}
	a, err := c.readAsset(ctx, objectPath("asset", id))
	if err == nil && assetTypeID <= 0 && a.AssetTypeID > 0 {
		c.reads.spent(ctx, c, assetReadKind(a.AssetTypeID))
	}
	return a, err
}

func assetTypeQuery(assetTypeID int64) url.Values {
	if assetTypeID <= 0 {
		return nil // the server falls back to the first asset type (§3.2, H)
	}
	return url.Values{"asset_type": {itoa(assetTypeID)}}
}

// ListAssets returns every asset of a type: GET assets/?asset_type=<id>
// (§3.2, paginated, H). assetTypeID 0 omits the parameter, and HappyFox then
// uses its first asset type.
func (c *Client) ListAssets(ctx context.Context, assetTypeID int64) ([]Asset, error) {
	return fetchList(ctx, c, "assets/", assetTypeQuery(assetTypeID), true, decodeAsset)
}

// CreateAsset creates an asset: POST assets/?asset_type=<id> with created_by
// in the body (§3.3, H). A response without an id is resolved by looking the
// asset up by display_id; failing that the error is ambiguous.
func (c *Client) CreateAsset(ctx context.Context, assetTypeID int64, in AssetInput) (*Asset, error) {
	if err := checkID("asset type", assetTypeID); err != nil {
		return nil, err
	}
	b, err := in.body("created_by")
	if err != nil {
		return nil, err
	}
	const rel = "assets/"
	body, err := c.do(ctx, http.MethodPost, rel, assetTypeQuery(assetTypeID), b)
	if err != nil {
		return nil, err
	}
	a, derr := decodeAsset(body)
	if derr == nil && a.ID > 0 {
		if m := AssetMismatch(assetTypeID, in, &a); m != nil {
			return nil, createMismatch(rel, m)
		}
		if a.AssetTypeID == 0 {
			a.AssetTypeID = assetTypeID
		}
		return &a, nil
	}
	// Adopt only an unambiguous match: display_id uniqueness is not
	// documented (§3.3), so a lone display_id match could be an older asset.
	if found, err := c.CreatedAssetCandidates(ctx, assetTypeID, in); err == nil && len(found) == 1 {
		return &found[0], nil
	}
	if derr == nil {
		derr = errors.New("response had no asset id")
	}
	return nil, &AmbiguousError{Method: http.MethodPost, Path: rel, Err: derr}
}

// CreatedAssetCandidates lists the assets of a type that a create with in
// may have produced: same display_id and name and, when HappyFox reports
// created_by, created by in.ActingStaffID. Callers use it after an ambiguous
// create (the request may or may not have been carried out) to adopt the
// asset instead of creating it twice; several candidates must not be
// guessed between. It returns nil when in has no display_id.
func (c *Client) CreatedAssetCandidates(ctx context.Context, assetTypeID int64, in AssetInput) ([]Asset, error) {
	if in.DisplayID == nil || *in.DisplayID == "" {
		return nil, nil
	}
	assets, err := c.ListAssets(ctx, assetTypeID)
	if err != nil {
		return nil, err
	}
	var out []Asset
	for i := range assets {
		if IsAssetKey(in, &assets[i]) {
			out = append(out, assets[i])
		}
	}
	return out, nil
}

// UpdateAsset edits an asset: PUT asset/<id>/ with updated_by (§3.4, H).
// When the response is not this asset, it is read back.
func (c *Client) UpdateAsset(ctx context.Context, id int64, in AssetInput) (*Asset, error) {
	if err := checkID("asset", id); err != nil {
		return nil, err
	}
	b, err := in.body("updated_by")
	if err != nil {
		return nil, err
	}
	rel := objectPath("asset", id)
	body, err := c.do(ctx, http.MethodPut, rel, nil, b)
	if err != nil {
		return nil, err
	}
	if a, err := decodeAsset(body); err == nil && a.ID == id {
		return &a, nil
	}
	return c.readAsset(ctx, rel)
}

// DeleteAsset deletes an asset: DELETE asset/<id>/?deleted_by=<staff id>
// (§3.5). Any 2xx (200 with a body, 204) is success; not-found counts as
// already deleted (§3.5: "treat a 404 as already gone").
func (c *Client) DeleteAsset(ctx context.Context, id int64, deletedBy int64) error {
	if err := checkID("asset", id); err != nil {
		return err
	}
	if deletedBy <= 0 {
		return errors.New("an acting staff id (deleted_by) is required")
	}
	_, err := c.do(ctx, http.MethodDelete, objectPath("asset", id), url.Values{"deleted_by": {itoa(deletedBy)}}, nil)
	if err != nil && IsNotFound(err) {
		return nil
	}
	return err
}

// ListAssetTypes returns GET asset_types/ (paginated, §3.7, H), fetched once
// per Client.
func (c *Client) ListAssetTypes(ctx context.Context) ([]AssetType, error) {
	return memoized(ctx, &c.memo, memoAssetTypes, func(ctx context.Context) ([]AssetType, error) {
		return fetchList(ctx, c, "asset_types/", nil, true, decodeAssetType)
	})
}

// ListAssetCustomFields returns GET asset_custom_fields/?asset_type=<id>
// (paginated, §3.6, H), fetched once per Client and type. assetTypeID 0
// omits the parameter (the server then uses its first type).
func (c *Client) ListAssetCustomFields(ctx context.Context, assetTypeID int64) ([]AssetCustomField, error) {
	return memoized(ctx, &c.memo, memoAssetCustomFields(assetTypeID), func(ctx context.Context) ([]AssetCustomField, error) {
		return fetchList(ctx, c, "asset_custom_fields/", assetTypeQuery(assetTypeID), true, decodeAssetCustomField)
	})
}

// acfPathState remembers which single-field path answered (§3.6: the 2026
// docs say asset_custom_field/<id>/, the 2025 docs asset_custom_fields/<id>/).
type acfPathState struct{ plural atomic.Bool }

// GetAssetCustomField returns one asset custom field: the singular path
// first, the plural one when that is not found (§3.6, M). Once the plural
// path has answered, it is used directly.
func (c *Client) GetAssetCustomField(ctx context.Context, id int64) (*AssetCustomField, error) {
	if err := checkID("asset custom field", id); err != nil {
		return nil, err
	}
	get := func(kind string) (*AssetCustomField, error) {
		rel := objectPath(kind, id)
		body, err := c.get(ctx, rel, nil)
		if err != nil {
			return nil, err
		}
		f, err := decodeAssetCustomField(body)
		if err != nil {
			return nil, fmt.Errorf("HappyFox GET %s: %w", rel, err)
		}
		return &f, nil
	}
	if c.acfPath.plural.Load() {
		return get("asset_custom_fields")
	}
	f, err := get("asset_custom_field")
	if err == nil || !IsNotFound(err) {
		return f, err
	}
	f, err2 := get("asset_custom_fields")
	if err2 == nil {
		c.acfPath.plural.Store(true)
		return f, nil
	}
	return nil, err2
}
