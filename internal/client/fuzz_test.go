package client

import (
	"encoding/json"
	"testing"
)

// Fuzz targets for every decoder. Seed corpora live in
// testdata/fuzz/<FuzzName>/ and are drawn from the JSON examples in
// docs/dev/happyfox-api.md; `go test` replays them, `go test -fuzz=FuzzX` explores.
// The property is: no panic, and bounded output for error decoding.

func fuzzObject[T any](f *testing.F, dec func([]byte) (T, error)) {
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = dec(data)
		_, _ = decodeList(data, dec)
	})
}

func FuzzDecodeID(f *testing.F) {
	f.Add([]byte(`5`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var id ID
		if err := id.UnmarshalJSON(data); err == nil {
			if _, err := json.Marshal(id); err != nil {
				t.Fatal(err)
			}
		}
		var r ref
		_ = r.UnmarshalJSON(data)
		var l idList
		_ = l.UnmarshalJSON(data)
		var b flexBool
		_ = b.UnmarshalJSON(data)
		var s flexString
		_ = s.UnmarshalJSON(data)
		var d domainList
		_ = d.UnmarshalJSON(data)
	})
}

func FuzzDecodeContact(f *testing.F)           { fuzzObject(f, decodeContact) }
func FuzzDecodeContactGroup(f *testing.F)      { fuzzObject(f, decodeContactGroup) }
func FuzzDecodeAsset(f *testing.F)             { fuzzObject(f, decodeAsset) }
func FuzzDecodeAssetType(f *testing.F)         { fuzzObject(f, decodeAssetType) }
func FuzzDecodeAssetCustomField(f *testing.F)  { fuzzObject(f, decodeAssetCustomField) }
func FuzzDecodeTicketCustomField(f *testing.F) { fuzzObject(f, decodeTicketCustomField) }
func FuzzDecodeCustomFieldDef(f *testing.F)    { fuzzObject(f, decodeCustomFieldDef) }

func FuzzDecodeReference(f *testing.F) {
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = decodeList(data, decodeCategory)
		_, _ = decodeList(data, decodeStaff)
		_, _ = decodeList(data, decodeStatus)
	})
}

func FuzzDecodeListPage(f *testing.F) {
	f.Add([]byte(`{"page_info": {"page_count": 1}, "data": []}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := decodeListPage(data)
		if err == nil && len(p.Items) > len(data) {
			t.Fatalf("%d items from %d bytes", len(p.Items), len(data))
		}
	})
}

func FuzzDecodeErrorBody(f *testing.F) {
	f.Add([]byte(`{"error": [{"field": "name", "errors": ["This field is required."]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, fields := decodeErrorBody(data)
		checkErrorBounds(t, msg, fields)
		e := newAPIError("GET", "x/", 400, data, nil)
		if len(e.Error()) > maxSummaryLen+300 {
			t.Fatalf("Error() is %d bytes", len(e.Error()))
		}
		_ = IsNotFound(e)
	})
}

func FuzzDecodeItemResults(f *testing.F) {
	f.Add([]byte(`[{"success": true, "data": {"contact": 1}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := decodeItemResults(data)
		if err != nil {
			return
		}
		for _, r := range res {
			checkErrorBounds(t, r.Message, r.Fields)
		}
	})
}

func checkErrorBounds(t *testing.T, msg string, fields []FieldError) {
	t.Helper()
	if len(msg) > maxSummaryLen+10 {
		t.Fatalf("message is %d bytes", len(msg))
	}
	if len(fields) > 2*maxFieldErrors {
		t.Fatalf("%d fields", len(fields))
	}
	for _, f := range fields {
		if len(f.Messages) > maxMessagesField || len(f.Field) > (maxFieldDepth+2)*110 {
			t.Fatalf("field %q with %d messages", f.Field[:min(len(f.Field), 50)], len(f.Messages))
		}
		for _, m := range f.Messages {
			if len(m) > maxMessageLen+10 {
				t.Fatalf("message of %d bytes", len(m))
			}
		}
	}
}
