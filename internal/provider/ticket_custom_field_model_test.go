package provider

import (
	"testing"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
)

func TestIsChoiceField(t *testing.T) {
	for _, tc := range []struct {
		typ     string
		choices []client.Choice
		want    bool
	}{
		{"choice", []client.Choice{{ID: 1, Text: "Yes"}}, true},
		{"dropdown", nil, true}, // a known choice type, even with no choices listed
		{"multiple_choice", []client.Choice{}, true},
		{" Dropdown ", nil, true},
		{"text", nil, false},
		{"text", []client.Choice{}, false}, // a known plain type, whatever "choices" says
		{"date", nil, false},
		{"rating", []client.Choice{}, true}, // unknown type name: "choices" decides (null for fields without choices)
		{"rating", nil, false},
	} {
		f := client.TicketCustomField{ID: 1, Name: "f", Type: tc.typ, Choices: tc.choices}
		if got := isChoiceField(f); got != tc.want {
			t.Errorf("isChoiceField(type %q, choices %v) = %v, want %v", tc.typ, tc.choices, got, tc.want)
		}
	}
}
