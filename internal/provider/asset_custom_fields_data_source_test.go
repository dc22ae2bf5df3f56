package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/happyfoxsim"
)

const assetFieldsAddr = "data.happyfox_asset_custom_fields.laptop"

func choicesCheck(pairs ...any) knownvalue.Check {
	var out []knownvalue.Check
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(int64(pairs[i].(int))), "text": knownvalue.StringExact(pairs[i+1].(string)),
		}))
	}
	return knownvalue.ListExact(out)
}

func laptopFieldChecks() []statecheck.StateCheck {
	field := func(i int) tfjsonpath.Path { return tfjsonpath.New("custom_fields").AtSliceIndex(i) }
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(assetFieldsAddr, tfjsonpath.New("custom_fields"), knownvalue.ListSizeExact(6)),
		statecheck.ExpectKnownValue(assetFieldsAddr, field(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.Int64Exact(45), "name": knownvalue.StringExact("Serial Number"), "type": knownvalue.StringExact("text"),
			"choices": knownvalue.ListSizeExact(0), // empty, not null: the shape of the contact and ticket field data sources
		})),
		statecheck.ExpectKnownValue(assetFieldsAddr, field(4).AtMapKey("choices"), choicesCheck(1, "macOS", 2, "Windows", 3, "Linux")),
		statecheck.ExpectKnownValue(assetFieldsAddr, field(5).AtMapKey("type"), knownvalue.StringExact("multi_option")),
		statecheck.ExpectKnownValue(assetFieldsAddr, field(5).AtMapKey("choices"), choicesCheck(4, "Dock", 5, "Mouse", 6, "Bag")),
	}
}

func TestAccAssetCustomFieldsDataSource(t *testing.T) {
	sim := newTestSim(t, happyfoxsim.Options{})
	for i := 1; i <= 55; i++ {
		sim.AddAssetCustomField(3, happyfoxsim.AssetCustomField{Name: fmt.Sprintf("Licence field %02d", i), Type: "text"})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: sim.providerBlock("") + `
data "happyfox_asset_custom_fields" "laptop"  { asset_type_id = 2 }
data "happyfox_asset_custom_fields" "licence" { asset_type_id = 3 }
data "happyfox_asset_custom_fields" "general" { asset_type_id = 1 }
`,
				ConfigStateChecks: append(laptopFieldChecks(),
					// Two pages of 50.
					statecheck.ExpectKnownValue("data.happyfox_asset_custom_fields.licence", tfjsonpath.New("custom_fields"), knownvalue.ListSizeExact(55)),
					statecheck.ExpectKnownValue("data.happyfox_asset_custom_fields.licence", tfjsonpath.New("custom_fields").AtSliceIndex(54).AtMapKey("name"),
						knownvalue.StringExact("Licence field 55")),
					statecheck.ExpectKnownValue("data.happyfox_asset_custom_fields.general", tfjsonpath.New("custom_fields"), knownvalue.ListSizeExact(0)),
				),
				Check: func(*terraform.State) error {
					st := sim.Counters()
					if n := st.Routes["GET /asset_custom_field/{id}/"] + st.Routes["GET /asset_custom_fields/{id}/"]; n != 0 {
						return fmt.Errorf("the list carries the choices, yet %d single-field requests were made", n)
					}
					return nil
				},
			},
			{
				Config:      sim.providerBlock("") + `data "happyfox_asset_custom_fields" "x" { asset_type_id = 77 }`,
				ExpectError: expectErrorRegexp(`(?s)Unknown asset type.*HappyFox has no asset type with id 77. Available: "General" \(id 1\), "Laptop" \(id 2\), "Licence" \(id 3\)`),
			},
		},
	})
}

// When the list of fields does not carry a choice field's choices (their shape in the list is not
// documented, docs/dev/happyfox-api.md §3.6), the field is read on its own; on an account that only has the 2025
// plural path, the client falls back to it.
func TestAccAssetCustomFieldsDataSource_choicesFromSingleField(t *testing.T) {
	sim := happyfoxsim.New(happyfoxsim.Options{APIKey: testAPIKey, AuthCode: testAuthCode, Assume: happyfoxsim.Assumptions{AssetFieldPath: "plural-only"}})
	srv := httptest.NewServer(stripListChoices(sim))
	t.Cleanup(srv.Close)
	ts := &testSim{Server: sim, URL: srv.URL + "/api/1.1/json/"}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:            ts.providerBlock("") + `data "happyfox_asset_custom_fields" "laptop" { asset_type_id = 2 }`,
			ConfigStateChecks: laptopFieldChecks(),
			Check: func(*terraform.State) error {
				st := sim.Counters()
				if st.Routes["GET /asset_custom_field/{id}/"] == 0 || st.Routes["GET /asset_custom_fields/{id}/"] == 0 {
					return fmt.Errorf("expected the singular path to be tried and the plural one to answer: %v", st.Routes)
				}
				return nil
			},
		}},
	})
}

// stripListChoices serves the simulator, but answers the asset custom field list with "choices": null on
// every item, as an account whose list omits them would.
func stripListChoices(sim http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/asset_custom_fields/") {
			sim.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, r)
		var env map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &env) != nil {
			w.WriteHeader(rec.Code)
			_, _ = w.Write(rec.Body.Bytes())
			return
		}
		items, _ := env["data"].([]any)
		for _, it := range items {
			if m, ok := it.(map[string]any); ok {
				m["choices"] = nil
			}
		}
		var buf bytes.Buffer
		_ = json.NewEncoder(&buf).Encode(env)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(buf.Bytes())
	})
}
