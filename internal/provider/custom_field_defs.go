package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/happyfox-iac/terraform-provider-happyfox/internal/client"
	"github.com/happyfox-iac/terraform-provider-happyfox/internal/customfield"
)

// What contacts and assets share around package customfield, which holds the one custom field value model:
// the key spelling of custom_fields maps and the translation of the client's definitions into its terms.

// fieldIDPattern is a custom_fields key: a field id.
var fieldIDPattern = regexp.MustCompile(`^[1-9][0-9]*$`)

func fieldChoices(cs []client.Choice) []customfield.ChoiceOption {
	if cs == nil {
		return nil
	}
	out := make([]customfield.ChoiceOption, len(cs))
	for i, c := range cs {
		out[i] = customfield.ChoiceOption{ID: c.ID, Text: c.Text}
	}
	return out
}

// fieldChoicesAttribute is the choices attribute of the custom field data sources: a list of {id, text}.
func fieldChoicesAttribute(description, idDescription string) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Computed:            true,
		MarkdownDescription: description,
		NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
			"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: idDescription},
			"text": schema.StringAttribute{Computed: true, MarkdownDescription: "Choice text."},
		}},
	}
}
