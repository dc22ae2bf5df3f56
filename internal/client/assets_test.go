package client

import (
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

const assetExample = `{ "id": 6748, "display_id": "ADDISD-W10PC", "name": "ADDISD-W10PC",
  "asset_type": { "id": 1, "name": "General" },
  "contacts": [ { "id": 27662, "name": "Dwyane Wade", "email": "dwyane@example.com" } ],
  "contact_groups": [ { "id": 1, "name": "APAC Region" } ],
  "custom_fields": [ { "id": 45, "name": "Serial Number", "type": "text", "order": 1, "value": "GCJ1353" },
                     { "id": 46, "name": "Kind", "type": "dropdown", "order": 2, "value": 1 },
                     { "id": 47, "name": "Unset", "type": "date", "order": 3, "value": null } ],
  "created_by": 1, "updated_by": null, "created_at": "2019-11-15T07:49:40Z" }`

func TestGetAsset(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "asset/6748/", 200, assetExample)
	api.reply("GET", "asset/1/", 200, `{"id": 1, "display_id": "a", "name": "a", "asset_type": 2, "contacts": [], "custom_fields": null, "created_by": "3", "updated_by": {"id": 4}}`)
	c := api.client()
	a, err := c.GetAsset(t.Context(), 6748)
	if err != nil {
		t.Fatal(err)
	}
	want := &Asset{ID: 6748, DisplayID: "ADDISD-W10PC", Name: "ADDISD-W10PC", AssetTypeID: 1, AssetTypeName: "General",
		ContactIDs: []int64{27662}, ContactGroupIDs: []int64{1}, HasContactGroups: true,
		CustomFields: []AssetFieldValue{{45, "Serial Number", "text", 1, "GCJ1353"}, {46, "Kind", "dropdown", 2, float64(1)}, {47, "Unset", "date", 3, nil}},
		CreatedBy:    1, CreatedAt: "2019-11-15T07:49:40Z"}
	if !reflect.DeepEqual(a, want) {
		t.Fatalf("asset = %#v", a)
	}
	a, err = c.GetAsset(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if a.HasContactGroups || a.ContactGroupIDs != nil || a.AssetTypeID != 2 || a.CreatedBy != 3 || a.UpdatedBy != 4 || a.ContactIDs == nil {
		t.Fatalf("2025-style asset = %#v", a)
	}
}

func TestAssetWrites(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "assets/", 200, `{"id": 9, "display_id": "mbp", "name": "Macbook", "contacts": [{"id": 1}], "created_by": 1}`)
	api.reply("PUT", "asset/9/", 200, `{"id": 9, "display_id": "mbp", "name": "Renamed", "asset_type": {"id": 1}}`)
	c := api.client()
	a, err := c.CreateAsset(t.Context(), 1, AssetInput{
		Name: strp("Macbook"), DisplayID: strp("mbp"), ContactIDs: []int64{1}, SendContactIDs: true, SendContactGroupIDs: true,
		CustomFields: map[int64]any{2: "Macbook Pro - 2020", 5: 4, 6: []int64{3, 4}}, ActingStaffID: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 9 || a.AssetTypeID != 1 {
		t.Fatalf("asset = %#v", a)
	}
	r := api.last()
	if r.Query != "asset_type=1" {
		t.Fatalf("query = %q", r.Query)
	}
	jsonEqual(t, r.JSON(t), `{"name": "Macbook", "display_id": "mbp", "created_by": 1, "contact_ids": [1], "contact_group_ids": [],
	  "custom_fields": {"2": "Macbook Pro - 2020", "5": 4, "6": [3, 4]}}`)

	a, err = c.UpdateAsset(t.Context(), 9, AssetInput{Name: strp("Renamed"), ActingStaffID: 2})
	if err != nil || a.Name != "Renamed" {
		t.Fatalf("%#v %v", a, err)
	}
	r = api.last()
	if r.Method != "PUT" || r.Path != "asset/9/" {
		t.Fatalf("request = %+v", r)
	}
	jsonEqual(t, r.JSON(t), `{"name": "Renamed", "updated_by": 2}`)

	if _, err := c.CreateAsset(t.Context(), 1, AssetInput{Name: strp("x")}); err == nil {
		t.Fatal("missing created_by accepted")
	}
}

func TestDeleteAsset(t *testing.T) {
	api := newFakeAPI(t)
	api.on("DELETE", "asset/9/", func(w http.ResponseWriter, r *http.Request, rec recorded) { w.WriteHeader(http.StatusNoContent) })
	var n atomic.Int32
	api.on("DELETE", "asset/10/", func(w http.ResponseWriter, r *http.Request, rec recorded) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, `{"message": "deleted"}`)
	})
	api.reply("DELETE", "asset/12/", 400, `{"error": "Asset does not exist"}`)
	api.reply("DELETE", "asset/13/", 400, `{"error": {"deleted_by": ["This field is required."]}}`)
	c := api.client()
	if err := c.DeleteAsset(t.Context(), 9, 1); err != nil {
		t.Fatal(err)
	}
	if r := api.last(); r.Query != "deleted_by=1" || r.Body != "" {
		t.Fatalf("request = %+v", r)
	}
	if err := c.DeleteAsset(t.Context(), 10, 1); err != nil || n.Load() != 2 {
		t.Fatalf("retried delete: %v after %d", err, n.Load())
	}
	if err := c.DeleteAsset(t.Context(), 11, 1); err != nil {
		t.Fatalf("404 should be already gone: %v", err)
	}
	if err := c.DeleteAsset(t.Context(), 12, 1); err != nil {
		t.Fatalf("400 does-not-exist should be already gone: %v", err)
	}
	if err := c.DeleteAsset(t.Context(), 13, 1); err == nil {
		t.Fatal("validation error swallowed")
	}
}

func TestListAssetsAndTypes(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "assets/", 200, `{"page_info": {"count": 1, "page_count": 1, "last_index": 1, "start_index": 1, "end_index": 1}, "data": [`+assetExample+`]}`)
	api.reply("GET", "asset_types/", 200, `{ "page_info": { "count": 2, "page_count": 1, "last_index": 2, "start_index": 1, "end_index": 2 },
	  "data": [ { "id": 1, "name": "General", "description": null,
	              "settings": { "enable_ticket_association": true, "enable_contact_association": "false", "weird": {"x": 1} } },
	            { "id": 2, "name": "Laptops", "description": "" } ] }`)
	api.reply("GET", "asset_type/2/", 200, `{ "id": 2, "name": "Laptops", "description": "d", "settings": {} }`)
	c := api.client()
	assets, err := c.ListAssets(t.Context(), 1)
	if err != nil || len(assets) != 1 || assets[0].ID != 6748 {
		t.Fatalf("%v %v", assets, err)
	}
	if q := api.last().Query; q != "asset_type=1&page=1&size=50" {
		t.Fatalf("query = %q", q)
	}
	for i := 0; i < 3; i++ {
		types, err := c.ListAssetTypes(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := []AssetType{
			{ID: 1, Name: "General", Settings: map[string]bool{"enable_ticket_association": true, "enable_contact_association": false}},
			{ID: 2, Name: "Laptops"},
		}
		if !reflect.DeepEqual(types, want) {
			t.Fatalf("types = %#v", types)
		}
	}
	n := 0
	for _, r := range api.requests() {
		if r.Path == "asset_types/" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("asset types fetched %d times", n)
	}
	at, err := c.GetAssetType(t.Context(), 2)
	if err != nil || at.Description != "d" || at.Settings == nil {
		t.Fatalf("%#v %v", at, err)
	}
}

func TestAssetCustomFields(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "asset_custom_fields/", 200, `{"page_info": {"page_count": 1}, "data": [
	  { "id": 45, "name": "Serial Number", "type": "text", "asset_type": { "id": 1, "name": "General" }, "choices": null },
	  { "id": 46, "name": "Kind", "type": "dropdown", "asset_type": 1, "choices": [{"id": 1, "text": "A"}, "B"] } ]}`)
	api.reply("GET", "asset_custom_fields/45/", 200, `{ "id": 45, "name": "Serial Number", "type": "text", "asset_type": { "id": 1 }, "choices": null }`)
	c := api.client()
	for i := 0; i < 2; i++ {
		fs, err := c.ListAssetCustomFields(t.Context(), 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 2 || fs[0].Choices != nil || fs[1].AssetTypeID != 1 ||
			!reflect.DeepEqual(fs[1].Choices, []Choice{{1, "A", emptyJSONList}, {0, "B", emptyJSONList}}) {
			t.Fatalf("fields = %#v", fs)
		}
	}
	if _, err := c.ListAssetCustomFields(t.Context(), 2); err != nil {
		t.Fatal(err)
	}
	var lists []string
	for _, r := range api.requests() {
		lists = append(lists, r.Query)
	}
	if len(lists) != 2 || lists[0] != "asset_type=1&page=1&size=50" || lists[1] != "asset_type=2&page=1&size=50" {
		t.Fatalf("list requests = %q (want one per type)", lists)
	}

	// Singular path first (404 here), then plural; then plural directly.
	for i := 0; i < 2; i++ {
		f, err := c.GetAssetCustomField(t.Context(), 45)
		if err != nil || f.ID != 45 {
			t.Fatalf("%#v %v", f, err)
		}
	}
	var paths []string
	for _, r := range api.requests()[2:] {
		paths = append(paths, r.Path)
	}
	if want := []string{"asset_custom_field/45/", "asset_custom_fields/45/", "asset_custom_fields/45/"}; !reflect.DeepEqual(paths, want) {
		t.Fatalf("paths = %q, want %q", paths, want)
	}
	if _, err := c.GetAssetCustomField(t.Context(), 99); !IsNotFound(err) {
		t.Fatalf("unknown field: %v", err)
	}
}

func TestGetAssetCustomFieldSingular(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("GET", "asset_custom_field/45/", 200, `{ "id": 45, "name": "Serial Number", "type": "text" }`)
	f, err := api.client().GetAssetCustomField(t.Context(), 45)
	if err != nil || f.ID != 45 || len(api.requests()) != 1 {
		t.Fatalf("%#v %v", f, err)
	}
}

// A create answered without an asset id is resolved by looking the asset up,
// but only an unambiguous match (same display_id, name and creator) is
// adopted: display_id uniqueness is not documented (§3.3), so an older asset
// with the same display_id must never be taken for the new one.
func TestCreateAssetWithoutIDAdoptsOnlyUnambiguousMatch(t *testing.T) {
	list := func(items ...string) string {
		return `{"page_info": {"page_count": 1}, "data": [` + strings.Join(items, ",") + `]}`
	}
	older := `{"id": 3, "display_id": "mbp", "name": "Older laptop", "created_by": 1}`
	otherAgent := `{"id": 4, "display_id": "mbp", "name": "Macbook", "created_by": 2}`
	created := `{"id": 9, "display_id": "mbp", "name": "Macbook", "created_by": 1}`
	in := AssetInput{Name: strp("Macbook"), DisplayID: strp("mbp"), ActingStaffID: 1}

	api := newFakeAPI(t)
	api.reply("POST", "assets/", 200, `{"message": "created"}`)
	api.reply("GET", "assets/", 200, list(older, otherAgent, created))
	a, err := api.client().CreateAsset(t.Context(), 1, in)
	if err != nil || a.ID != 9 {
		t.Fatalf("adopted %#v, %v; want asset 9", a, err)
	}

	api = newFakeAPI(t)
	api.reply("POST", "assets/", 200, `{"message": "created"}`)
	api.reply("GET", "assets/", 200, list(older, otherAgent))
	if a, err := api.client().CreateAsset(t.Context(), 1, in); !IsAmbiguous(err) {
		t.Fatalf("no matching asset: got %#v, %v; want an ambiguous error", a, err)
	}

	api = newFakeAPI(t)
	api.reply("POST", "assets/", 200, `{"message": "created"}`)
	api.reply("GET", "assets/", 200, list(created, strings.Replace(created, `"id": 9`, `"id": 10`, 1)))
	if a, err := api.client().CreateAsset(t.Context(), 1, in); !IsAmbiguous(err) {
		t.Fatalf("two matching assets: got %#v, %v; want an ambiguous error", a, err)
	}
	for _, r := range api.requests() {
		if r.Method == "POST" && r.Path != "assets/" {
			t.Fatalf("unexpected write %+v", r)
		}
	}
}
