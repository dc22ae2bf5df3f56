package client

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeErrorBody(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		msg     string
		fields  []FieldError
		notFoun bool
	}{
		{
			name:   "shape A",
			body:   `{"error": [{"field": "name", "errors": ["This field is required."]}]}`,
			msg:    "name: This field is required.",
			fields: []FieldError{{"name", []string{"This field is required."}}},
		},
		{
			name: "shape A with __all__ and custom field",
			body: `{"error": [{"field": "__all__", "errors": ["Something is off"]}, {"field": "c-cf-13", "errors": ["This field is required"]}, {"field": "c-cf-13", "errors": ["again"]}]}`,
			msg:  "Something is off; c-cf-13: This field is required again",
			fields: []FieldError{
				{"__all__", []string{"Something is off"}},
				{"c-cf-13", []string{"This field is required", "again"}},
			},
		},
		{
			name: "shape B",
			body: `{"error": {"display_id": ["This field is required."], "contact_ids": "Enter a list of values.",
			        "custom_fields": {"1": "Provide a valid choice. 5 is not one of the available choices.", "45": ["x", "y"]}}}`,
			msg: "contact_ids: Enter a list of values.; custom_fields.1: Provide a valid choice. 5 is not one of the available choices.; custom_fields.45: x y; display_id: This field is required.",
			fields: []FieldError{
				{"contact_ids", []string{"Enter a list of values."}},
				{"custom_fields.1", []string{"Provide a valid choice. 5 is not one of the available choices."}},
				{"custom_fields.45", []string{"x", "y"}},
				{"display_id", []string{"This field is required."}},
			},
		},
		{name: "error string", body: `{"error": "Asset does not exist"}`, msg: "Asset does not exist"},
		{name: "detail", body: `{"detail": "Not found."}`, msg: "Not found."},
		{name: "bare list", body: `[{"field": "email", "errors": ["Enter a valid email address."]}]`, msg: "email: Enter a valid email address.",
			fields: []FieldError{{"email", []string{"Enter a valid email address."}}}},
		{name: "html", body: "<html><body><h1>502 Bad Gateway</h1></body></html>", msg: "non-JSON (HTML) response body"},
		{name: "text", body: "Service\r\nUnavailable\x00", msg: "Service Unavailable"},
		{name: "empty", body: "", msg: ""},
		{name: "null error", body: `{"error": null}`, msg: ""},
		{name: "numbers", body: `{"error": {"x": 5, "y": [true]}}`, msg: "x: 5; y: true",
			fields: []FieldError{{"x", []string{"5"}}, {"y", []string{"true"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, fields := decodeErrorBody([]byte(tt.body))
			if msg != tt.msg {
				t.Errorf("message = %q, want %q", msg, tt.msg)
			}
			if !reflect.DeepEqual(fields, tt.fields) {
				t.Errorf("fields = %#v, want %#v", fields, tt.fields)
			}
		})
	}
}

func TestAPIErrorMessages(t *testing.T) {
	e := newAPIError("POST", "users/", 400, []byte(`{"error": [{"field": "name", "errors": ["This field is required."]}]}`), nil)
	if got, want := e.Error(), "HappyFox rejected POST users/ (HTTP 400): name: This field is required."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = newAPIError("GET", "users/", 401, nil, nil)
	// The provider's diagnostic names its attributes and variables (diagnostics.go); the client stays neutral.
	if msg := e.Error(); !strings.Contains(msg, "API key / auth code") || !strings.Contains(msg, "HTTP 401") || strings.Contains(msg, "api_key") {
		t.Errorf("401 message = %q", msg)
	}
	if !IsUnauthorized(fmt.Errorf("wrapped: %w", e)) {
		t.Error("IsUnauthorized")
	}
	e = newAPIError("GET", "asset/1/", 500, nil, nil)
	if msg := e.Error(); msg != "HappyFox failed GET asset/1/ (HTTP 500): Internal Server Error" {
		t.Errorf("500 message = %q", msg)
	}
	e = newAPIError("GET", "asset/1/", 403, []byte(`{"error":"Permission denied"}`), nil)
	if !IsForbidden(e) || !strings.Contains(e.Error(), "Permission denied") {
		t.Errorf("403 = %q", e.Error())
	}
	// Which of 401 and 403 HappyFox answers for bad credentials is not documented (§1): a 403 names both causes,
	// even when its body says nothing (an HTML page, an empty body).
	for _, body := range []string{``, `<html><body><h1>403 Forbidden</h1></body></html>`, `{"detail":"Authentication credentials were not provided."}`} {
		msg := newAPIError("GET", "statuses/", 403, []byte(body), nil).Error()
		for _, want := range []string{"permission", "API key or auth code"} {
			if !strings.Contains(msg, want) {
				t.Errorf("403 with body %q = %q: does not say %q", body, msg, want)
			}
		}
	}
	h := http.Header{}
	h.Set("Location", "https://elsewhere.example/login")
	e = newAPIError("GET", "users/", 302, nil, h)
	if !strings.Contains(e.Error(), "redirect") || !strings.Contains(e.Error(), "elsewhere.example") {
		t.Errorf("302 = %q", e.Error())
	}
}

func TestIsNotFound(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   bool
	}{
		{404, "", true},
		{404, `{"error": "whatever"}`, true},
		{410, "", true},
		{400, `{"error": "Asset does not exist"}`, true},
		{400, `{"error": "Contact group matching query does not exist."}`, true},
		{400, `{"error": [{"field": "__all__", "errors": ["User not found"]}]}`, true},
		{400, `{"error": {"id": ["Invalid id: object does not exist"]}}`, true},
		{400, `{"message": "No such asset"}`, true},
		{400, `{"error": {"contact_ids": ["Contact 5 does not exist"]}}`, false},
		{400, `{"error": [{"field": "name", "errors": ["This field is required."]}]}`, false},
		{400, "", false},
		{500, `{"error": "does not exist"}`, false},
		{401, "", false},
	}
	for _, tt := range tests {
		err := fmt.Errorf("ctx: %w", newAPIError("GET", "asset/1/", tt.status, []byte(tt.body), nil))
		if got := IsNotFound(err); got != tt.want {
			t.Errorf("IsNotFound(%d %s) = %v, want %v", tt.status, tt.body, got, tt.want)
		}
	}
	if IsNotFound(errors.New("plain")) || IsNotFound(nil) {
		t.Error("plain errors are not not-found")
	}
}

func TestFieldErrorsAndAmbiguity(t *testing.T) {
	api := newFakeAPI(t)
	api.reply("POST", "users/", 500, `{"error": [{"field": "__all__", "errors": ["boom"]}]}`)
	api.reply("PUT", "asset/3/", 400, `{"error": {"display_id": ["This field is required."]}}`)
	c := api.client()
	_, err := c.CreateContact(t.Context(), ContactInput{Name: "n", Email: "e@example.com"})
	if !IsAmbiguous(err) {
		t.Fatalf("POST 500 not ambiguous: %v", err)
	}
	if len(api.requests()) != 1 {
		t.Fatalf("POST 500 was retried: %d requests", len(api.requests()))
	}
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 500 || ae.Path != "users/" || ae.Method != "POST" {
		t.Fatalf("APIError = %+v", ae)
	}
	if !strings.Contains(err.Error(), "may or may not have been carried out") {
		t.Fatalf("message = %q", err.Error())
	}
	_, err = c.UpdateAsset(t.Context(), 3, AssetInput{ActingStaffID: 1})
	fe := FieldErrors(err)
	if IsAmbiguous(err) || len(fe) != 1 || fe[0].Field != "display_id" {
		t.Fatalf("err = %v, fields = %v", err, fe)
	}
	if IsNotFound(err) {
		t.Fatal("validation error classified as not found")
	}
}

func TestDecodeItemResults(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []ItemResult
	}{
		{
			name: "update_contacts",
			body: `[ { "success": true,  "data": { "contact": 41, "access_tickets": true } },
			         { "success": false, "errors": [ { "field": "contact", "errors": ["Select a valid choice. That choice is not one of the available choices."] } ] } ]`,
			want: []ItemResult{
				{Index: 0, ID: 41, Success: true},
				{Index: 1, Success: false, Message: "contact: Select a valid choice. That choice is not one of the available choices.",
					Fields: []FieldError{{"contact", []string{"Select a valid choice. That choice is not one of the available choices."}}}},
			},
		},
		{
			name: "delete_contacts",
			body: `[ { "success": true,  "data": { "contact": 1,   "message": "Successfully removed contact from group" } },
			         { "success": false, "data": { "contact": 3,   "message": "Contact not part of the contact group" } },
			         { "success": false, "data": { "contact": "100", "message": "Contact does not exist" } } ]`,
			want: []ItemResult{
				{Index: 0, ID: 1, Success: true, Message: "Successfully removed contact from group"},
				{Index: 1, ID: 3, Success: false, Message: "Contact not part of the contact group"},
				{Index: 2, ID: 100, Success: false, Message: "Contact does not exist"},
			},
		},
		{
			name: "bulk users",
			body: `[{"email": "johnsmith@example.com", "success": true, "id": 14}, {"success": "false", "error": [{"field": "name", "errors": ["This field is required."]}]}, null]`,
			want: []ItemResult{
				{Index: 0, ID: 14, Email: "johnsmith@example.com", Success: true},
				{Index: 1, Success: false, Message: "name: This field is required.", Fields: []FieldError{{"name", []string{"This field is required."}}}},
				{Index: 2, Message: "empty result"},
			},
		},
		{
			name: "success inferred",
			body: `{"data": {"contact": 7}}`,
			want: []ItemResult{{Index: 0, ID: 7, Success: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeItemResults([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "5", `"x"`, `[1]`} {
		if _, err := decodeItemResults([]byte(bad)); err == nil {
			t.Errorf("decodeItemResults(%q) succeeded", bad)
		}
	}
}
